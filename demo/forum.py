"""The national forum of 10–11 September 2022 (BE 2565) and its seven proposals, as specs for
demos and tests; `event_load` writes them.

Source: CODI's news of the knowledge-management forum of the community organisation councils,
Bangkok (the fifth source document). The conventions are those of demo/data.py: Thai wording is
the article's, verbatim (runs of whitespace collapsed to one space, the article's spellings
kept, typos included); Thai titles of the proposals are made of the proposal's own words; English
texts are our own translations; nothing is stated that the article does not state. What it
tells that the model has no place for (the director's speech, the two academic talks, the
exchanges of the first day) is left out.
"""

import datetime
from dataclasses import dataclass

from django.db import transaction

from partners.models import Organisation
from proposals.models import Event, Proposal, ProposalStep

from .data import CODI
from .loading import OrganisationSpec, _change_reason, _clean_save, organisation_get_or_create

D = datetime.date
Level = Proposal.Level
Step = Proposal.Status


@dataclass(frozen=True)
class StepSpec:
    step: Proposal.Status
    taken_on: datetime.date


@dataclass(frozen=True)
class ProposalSpec:
    title_th: str
    text_th: str
    level: Proposal.Level
    proposed_on: datetime.date
    title_en: str = ""
    text_en: str = ""
    addressed_to: str = ""  # a Proposal.Addressee
    addressed_to_name_th: str = ""
    addressed_to_name_en: str = ""
    steps: tuple[StepSpec, ...] = ()


@dataclass(frozen=True)
class EventSpec:
    kind: Event.Kind
    title_th: str
    starts_on: datetime.date
    title_en: str = ""
    ends_on: datetime.date | None = None
    venue_th: str = ""  # one venue a line
    venue_en: str = ""
    organiser: OrganisationSpec | None = None
    participants_th: str = ""
    participants_en: str = ""
    participant_count: int | None = None
    description_th: str = ""
    description_en: str = ""
    source_url: str = ""
    proposals: tuple[ProposalSpec, ...] = ()  # in document order


# A unit of CODI, like its regional offices (demo/data.py).
COUNCIL_NETWORK_OFFICE = OrganisationSpec(
    name_th="สำนักประสานเครือข่ายสภาองค์กรชุมชน",
    name_en="Community Organisation Council Network Coordination Office",
    kind=Organisation.Kind.CODI_OFFICE,
    parent=CODI,
)

FORUM_DAY_TWO = D(2022, 9, 11)


def _forum_proposal(title_th, title_en, text_th, text_en):
    """A proposal of the second day, where the article says they arose ("เกิดข้อเสนอ").

    The closing paragraph puts the proposals before the central working group, which follows
    them up and evaluates them as a whole ("เพื่อให้คณะทำงานกลางฯ ได้ทำหน้าที่ติดตาม
    ประเมินผลข้อเสนอภาพรวม"). That is recorded as one step, submitted to it on the forum's
    second day; the article states no later one. It names the group only as "คณะทำงานกลางฯ",
    abbreviation included, and does not literally say the proposals were "submitted".
    """
    return ProposalSpec(
        title_th=title_th,
        title_en=title_en,
        text_th=text_th,
        text_en=text_en,
        level=Level.NATIONAL,
        proposed_on=FORUM_DAY_TWO,
        addressed_to=Proposal.Addressee.CODI,
        addressed_to_name_th="คณะทำงานกลางฯ",
        addressed_to_name_en="the central working group",
        steps=(StepSpec(Step.SUBMITTED, FORUM_DAY_TWO),),
    )


FORUM = EventSpec(
    kind=Event.Kind.FORUM,
    title_th=("การเชื่อมโยงแผนพัฒนาจังหวัดและการบูรณาการความร่วมมือเป็นหุ้นส่วนการพัฒนาจังหวัด ปี 2565"),
    title_en=(
        "Linking provincial development plans and integrating cooperation as development "
        "partners of the province, 2565 (2022)"
    ),
    starts_on=D(2022, 9, 10),
    ends_on=FORUM_DAY_TWO,
    # The first day's venue, then the second day's. The article spells the CODI room
    # "ไพรบูลย์" in its first paragraph and "ไพบูลย์" under the second day's heading; we keep
    # the second day's words as printed (without the "(องค์การมหาชน)" of the first paragraph).
    venue_th=("ห้องประชุมโรงแรมพันธุ์ทิพย์พลาซ่าบางกะปิ\nห้องประชุมไพบูลย์ วัฒนศิริธรรม สถาบันพัฒนาองค์กรชุมชน"),
    venue_en=(
        "Meeting room, Pantip Plaza Hotel Bangkapi\n"
        "Paibul Wattanasiritham meeting room, Community Organizations Development Institute"
    ),
    organiser=COUNCIL_NETWORK_OFFICE,
    participants_th="ผู้นำสภาองค์กรชุมชนจังหวัดที่มีผลงานเข้าร่วมเวทีทั้ง 5 ภาค",
    participants_en=(
        "Leaders of provincial community organisation councils with a track record, from all "
        "5 regions"
    ),
    # The purpose, as the article states it. It gives no number of participants and no link.
    description_th=(
        "เวทีในครั้งนี้มีจุดประสงค์เพื่อแลกเปลี่ยนประสบการณ์ขับเคลื่อนงาน"
        "พัฒนาชุมชนเข้มแข็งแบบบูรณาการของผู้นำสภาองค์กรชุมชนระดับจังหวัด "
        "และเพื่อออกแบบแนวทางการบูรณาการความร่วมมือของภาคประชาชน ประชาสังคม "
        "และภาคีความร่วมมือต่าง ๆ ในการเป็นหุ้นส่วนการพัฒนา"
    ),
    description_en=(
        "The forum's purpose was to exchange the experience of provincial "
        "community organisation council leaders in driving integrated work for strong "
        "communities, and to design ways of integrating the cooperation of the people, civil "
        "society and the various partners as development partners."
    ),
    proposals=(
        _forum_proposal(
            "เสนอข้อเสนอระดับจังหวัดต่อผู้ว่าราชการจังหวัด",
            "Provincial proposals to the provincial governor",
            # "ซึ่งให้เกิด" as printed.
            "ส่งเสริมให้มีแนวทางเสนอข้อเสนอระดับจังหวัด และเสนอต่อผู้ว่าราชการจังหวัด "
            "ซึ่งให้เกิดกระบวนการพัฒนายุทธศาสตร์จังหวัด และบูรณาการแผนงานในระดับจังหวัด "
            "พร้อมเกิดขบวนในระดับจังหวัด",
            "Promote a way of putting forward proposals at provincial level and presenting them "
            "to the provincial governor, so that a process of developing the provincial strategy "
            "and of integrating work plans at provincial level comes about, together with a "
            "movement at provincial level.",
        ),
        _forum_proposal(
            "ส่งเสริมกลไกการพัฒนาสภาองค์กรชุมชนในระดับอำเภอ",
            "Community organisation councils at district level",
            "ส่งเสริมกลไกการพัฒนาสภาองค์กรชุมชนในระดับอำเภอ "
            "รวมถึงการส่งเสริมขบวนองค์กรชุมชน และเครือข่ายในระดับอำเภอให้เกิดขึ้น",
            "Promote the mechanism for developing community organisation councils at district "
            "level, including promoting community organisation movements and networks at "
            "district level so that they come into being.",
        ),
        _forum_proposal(
            "แยกการดำเนินงานจังหวัดจัดการตนเอง กับจังหวัดบูรณาการ",
            "Telling self-governing and integrated provinces apart",
            "สามารถแยกการดำเนินงานเกี่ยวกับจังหวัดจัดการตนเอง กับจังหวัดบูรณาการได้ "
            "และเสนอให้มีเป้าหมายร่วมแห่งการกระจายอำนาจ นำไปบูรณาการแผนงานร่วมกันทั้งประเทศ",
            "Be able to separate the work on self-governing provinces from that on integrated "
            "provinces, and propose a shared goal of decentralisation, to be taken into "
            "integrating work plans together across the whole country.",
        ),
        _forum_proposal(
            "สร้างการเป็นหุ้นส่วนจังหวัดอย่างชัดเจน",
            "A clear partnership with the province",
            "สร้างการเป็นหุ้นส่วนจังหวัดอย่างชัดเจน โดยเป็นที่ยอมรับของหลายองค์ประกอบ เช่น "
            "ในระดับโครงสร้าง องค์กร บุคคล และการบริหาร "
            "รวมไปถึงการมีเป้าหมายในการเชื่อมโยงประสานงานกับจังหวัด หรือภาคีพัฒนาต่าง ๆ",
            "Build a clear partnership with the province, recognised in several respects, such "
            "as at the level of structure, organisations, individuals and administration, "
            "including a goal of linking and coordinating with the province or the various "
            "development partners.",
        ),
        _forum_proposal(
            "จัดเครือข่ายที่ทำงานร่วมกันได้ในแต่ละจังหวัด",
            "Networks that work together in each province",
            "จัดเครือข่ายที่ทำงานร่วมกันได้ในแต่ละจังหวัด เพื่อขับเคลื่อนกลไกเชิงประเด็นของขบวนองค์กรชุมชน",
            "Organise networks that can work together in each province, to drive the "
            "issue-based mechanisms of the community organisation movement.",
        ),
        _forum_proposal(
            "ขับเคลื่อนขบวนยุทธศาสตร์ โดยประชาชนเป็นเจ้าของการพัฒนา",
            "A strategic movement with the people as owners of development",
            "ผลักดันให้เกิดการขับเคลื่อนขบวนยุทธศาสตร์ โดยประชาชนเป็นเจ้าของการพัฒนา "
            "ซึ่งต้องผ่านการวิเคราะห์ขบวน รวมถึงคนทำงานในขบวนระดับจังหวัด",
            "Push for a strategic movement in which the people own development, which must go "
            "through an analysis of the movement, including of the people working in the "
            "movement at provincial level.",
        ),
        # The closing paragraph, unnumbered, whole: its proposal is in the middle of it.
        _forum_proposal(
            "ทีมทำงาน / เลขาการติดตามงาน",
            "A working team / secretariat to follow up the work",
            "ท้ายที่สุด กระบวนการทำงานจะไม่เกิดขึ้น ถ้าขาดทีมขับเคลื่อนทั้งในระดับพื้นที่ "
            "และส่วนกลาง จึงเกิดข้อเสนอให้มีทีมทำงาน / เลขาการติดตามงาน "
            "รวมถึงมีทีมอาสาพัฒนาการทำงานและพัฒนาโครงการเพื่อหนุนเสริมการขับเคลื่อน "
            "และติดตามจากในระดับพื้นที่ ซึ่งจะเป็นแนวทางในการสนับสนุนติดตามการขับเคลื่อนนโยบาย "
            "และเป็นกลไกการติดตามข้อเสนอและการขับเคลื่อนจากในระดับพื้นที่ "
            "เพื่อให้คณะทำงานกลางฯ ได้ทำหน้าที่ติดตาม ประเมินผลข้อเสนอภาพรวม "
            "พร้อมทั้งผลักดันให้เกิดผลงานอย่างเป็นรูปธรรมตามแนวทางของจังหวัดจัดการตนเอง/บูรณาการได้",
            "Finally, the work will not happen without teams driving it both in the areas and "
            "at the centre; hence the proposal of a working team / secretariat to follow up the "
            "work, and of a volunteer team to develop the work and develop projects that support "
            "the driving and the follow-up from the areas. This will be the way to support the "
            "follow-up of driving policy, and a mechanism for following up the proposals and the "
            "driving from the areas, so that the central working group can follow up and "
            "evaluate the proposals as a whole, and push for concrete results in line with the "
            "self-governing / integrated province approach.",
        ),
    ),
)

EVENTS = [FORUM]


@transaction.atomic
def event_load(*, spec: EventSpec, reason: str | None = None) -> Event:
    """Make the database hold `spec`, published, writing only what differs from it: loading
    the same spec twice changes nothing, not even the audit trail.

    The event is found by its Thai title and first day; each proposal by its event and its Thai
    text, the source's words (a title is ours, and may be reworded). Steps the spec lacks, other
    proposals of the event, proposers and themes are left alone: they are what staff recorded
    since, not what the source says.
    """
    token = _change_reason.set(reason)
    try:
        event = Event.objects.select_for_update().filter(
            title_th=spec.title_th, starts_on=spec.starts_on
        ).first() or Event(title_th=spec.title_th, starts_on=spec.starts_on)
        organiser = organisation_get_or_create(spec=spec.organiser) if spec.organiser else None
        _save_if_changed(
            event,
            kind=spec.kind,
            title_en=spec.title_en,
            ends_on=spec.ends_on,
            venue_th=spec.venue_th,
            venue_en=spec.venue_en,
            organiser_id=organiser.pk if organiser else None,
            participants_th=spec.participants_th,
            participants_en=spec.participants_en,
            participant_count=spec.participant_count,
            # National, with leaders from all five regions, though held in Bangkok.
            region_id=None,
            province_id=None,
            description_th=spec.description_th,
            description_en=spec.description_en,
            source_url=spec.source_url,
            is_published=True,
            awaiting_review=False,
        )
        for proposal_spec in spec.proposals:
            _proposal_load(event, proposal_spec)
        return event
    finally:
        _change_reason.reset(token)


def _proposal_load(event, spec: ProposalSpec):
    proposal = Proposal.objects.select_for_update().filter(
        event=event, text_th=spec.text_th
    ).first() or Proposal(event=event, text_th=spec.text_th)
    _save_if_changed(
        proposal,
        title_th=spec.title_th,
        title_en=spec.title_en,
        text_en=spec.text_en,
        level=spec.level,
        proposed_on=spec.proposed_on,
        addressed_to=spec.addressed_to,
        addressed_to_name_th=spec.addressed_to_name_th,
        addressed_to_name_en=spec.addressed_to_name_en,
        is_published=True,
        awaiting_review=False,
    )
    for step in spec.steps:
        if not proposal.steps.filter(step=step.step, taken_on=step.taken_on).exists():
            _clean_save(ProposalStep(proposal=proposal, step=step.step, taken_on=step.taken_on))


def _save_if_changed(obj, **values):
    changed = obj._state.adding or any(
        getattr(obj, name) != value for name, value in values.items()
    )
    for name, value in values.items():
        setattr(obj, name, value)
    if changed:
        _clean_save(obj)
    return obj
