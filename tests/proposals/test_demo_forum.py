"""`load_demo_data`: the national forum of 10–11 September 2022 and its seven proposals, as the
fifth source document states them, loaded twice."""

import dataclasses
import datetime
from io import StringIO

import pytest
from django.core.management import call_command

from demo.forum import FORUM
from partners.models import Organisation
from proposals.models import Event, Proposal, ProposalStep

pytestmark = pytest.mark.django_db

D = datetime.date
FORUM_TITLE = "การเชื่อมโยงแผนพัฒนาจังหวัดและการบูรณาการความร่วมมือเป็นหุ้นส่วนการพัฒนาจังหวัด ปี 2565"
ORGANISER = "สำนักประสานเครือข่ายสภาองค์กรชุมชน"

# The article's words (its six numbered proposals, then its closing paragraph), whitespace
# collapsed, its spellings kept ("ซึ่งให้เกิด").
TEXTS = [
    "ส่งเสริมให้มีแนวทางเสนอข้อเสนอระดับจังหวัด และเสนอต่อผู้ว่าราชการจังหวัด "
    "ซึ่งให้เกิดกระบวนการพัฒนายุทธศาสตร์จังหวัด และบูรณาการแผนงานในระดับจังหวัด "
    "พร้อมเกิดขบวนในระดับจังหวัด",
    "ส่งเสริมกลไกการพัฒนาสภาองค์กรชุมชนในระดับอำเภอ รวมถึงการส่งเสริมขบวนองค์กรชุมชน "
    "และเครือข่ายในระดับอำเภอให้เกิดขึ้น",
    "สามารถแยกการดำเนินงานเกี่ยวกับจังหวัดจัดการตนเอง กับจังหวัดบูรณาการได้ "
    "และเสนอให้มีเป้าหมายร่วมแห่งการกระจายอำนาจ นำไปบูรณาการแผนงานร่วมกันทั้งประเทศ",
    "สร้างการเป็นหุ้นส่วนจังหวัดอย่างชัดเจน โดยเป็นที่ยอมรับของหลายองค์ประกอบ เช่น "
    "ในระดับโครงสร้าง องค์กร บุคคล และการบริหาร "
    "รวมไปถึงการมีเป้าหมายในการเชื่อมโยงประสานงานกับจังหวัด หรือภาคีพัฒนาต่าง ๆ",
    "จัดเครือข่ายที่ทำงานร่วมกันได้ในแต่ละจังหวัด เพื่อขับเคลื่อนกลไกเชิงประเด็นของขบวนองค์กรชุมชน",
    "ผลักดันให้เกิดการขับเคลื่อนขบวนยุทธศาสตร์ โดยประชาชนเป็นเจ้าของการพัฒนา "
    "ซึ่งต้องผ่านการวิเคราะห์ขบวน รวมถึงคนทำงานในขบวนระดับจังหวัด",
    "ท้ายที่สุด กระบวนการทำงานจะไม่เกิดขึ้น ถ้าขาดทีมขับเคลื่อนทั้งในระดับพื้นที่ และส่วนกลาง "
    "จึงเกิดข้อเสนอให้มีทีมทำงาน / เลขาการติดตามงาน "
    "รวมถึงมีทีมอาสาพัฒนาการทำงานและพัฒนาโครงการเพื่อหนุนเสริมการขับเคลื่อน "
    "และติดตามจากในระดับพื้นที่ ซึ่งจะเป็นแนวทางในการสนับสนุนติดตามการขับเคลื่อนนโยบาย "
    "และเป็นกลไกการติดตามข้อเสนอและการขับเคลื่อนจากในระดับพื้นที่ "
    "เพื่อให้คณะทำงานกลางฯ ได้ทำหน้าที่ติดตาม ประเมินผลข้อเสนอภาพรวม "
    "พร้อมทั้งผลักดันให้เกิดผลงานอย่างเป็นรูปธรรมตามแนวทางของจังหวัดจัดการตนเอง/บูรณาการได้",
]


def load():
    call_command("load_demo_data", stdout=StringIO())


def forum():
    return Event.objects.get(title_th=FORUM_TITLE)


def forum_proposals():
    return Proposal.objects.filter(event__title_th=FORUM_TITLE).order_by("pk")


def test_the_forum_is_a_published_national_forum_over_two_days_at_two_venues(demo):
    event = forum()
    assert event.is_published and not event.awaiting_review
    assert event.kind == Event.Kind.FORUM
    assert (event.starts_on, event.ends_on) == (D(2022, 9, 10), D(2022, 9, 11))
    assert event.venue_th.splitlines() == [
        "ห้องประชุมโรงแรมพันธุ์ทิพย์พลาซ่าบางกะปิ",
        "ห้องประชุมไพบูลย์ วัฒนศิริธรรม สถาบันพัฒนาองค์กรชุมชน",
    ]
    assert len(event.venue_en.splitlines()) == 2
    assert (event.region, event.province) == (None, None)
    assert "ทั้ง 5 ภาค" in event.participants_th
    # The article gives neither a number of participants nor a link.
    assert (event.participant_count, event.source_url) == (None, "")


def test_the_forum_is_organised_by_codis_council_network_office(demo):
    organiser = forum().organiser
    assert (organiser.name_th, organiser.province) == (ORGANISER, None)
    assert organiser.kind == Organisation.Kind.CODI_OFFICE
    assert organiser.parent.short_name_en == "CODI"


def test_it_has_the_seven_proposals_of_the_article_as_written(demo):
    proposals = forum_proposals()
    assert list(proposals.values_list("text_th", flat=True)) == TEXTS
    assert proposals.published().count() == 7
    texts = " ".join(TEXTS)
    for must_show in ("เสนอต่อผู้ว่าราชการจังหวัด", "สภาองค์กรชุมชนในระดับอำเภอ", "จังหวัดจัดการตนเอง"):
        assert must_show in texts
    for proposal in proposals:
        assert proposal.title_th and proposal.title_en and proposal.text_en


def test_each_proposal_is_national_and_submitted_to_the_central_working_group_on_day_two(demo):
    proposals = forum_proposals()
    assert proposals.count() == 7
    for proposal in proposals:
        assert proposal.level == Proposal.Level.NATIONAL
        assert (proposal.region, proposal.province, proposal.district) == (None, None, None)
        assert proposal.proposed_on == D(2022, 9, 11)
        assert proposal.addressed_to == Proposal.Addressee.CODI
        assert proposal.addressed_to_name_th == "คณะทำงานกลางฯ"
        assert list(proposal.steps.values_list("step", "taken_on")) == [
            (Proposal.Status.SUBMITTED, D(2022, 9, 11))
        ]
        assert (proposal.status, proposal.status_on) == (
            Proposal.Status.SUBMITTED,
            D(2022, 9, 11),
        )
        # Nothing the article does not state: no proposers, themes or links.
        assert not proposal.proposed_by.exists()
        assert not proposal.themes.exists()
        assert (proposal.source_url, proposal.is_published) == ("", True)


def history_counts():
    models = [Event, Proposal, ProposalStep, Organisation]
    return {
        **{model.__name__: model.objects.count() for model in models},
        **{f"{model.__name__} history": model.history.count() for model in models},
    }


def test_loading_it_again_changes_nothing_not_even_the_history():
    load()
    counts = history_counts()
    pks = list(forum_proposals().values_list("pk", "title_th", "status"))
    assert counts["Event"] == 1 and counts["Proposal"] == 7 and counts["ProposalStep"] == 7
    load()
    assert history_counts() == counts
    assert list(forum_proposals().values_list("pk", "title_th", "status")) == pks


def test_loading_it_again_keeps_a_step_staff_recorded_since():
    load()
    proposal = forum_proposals().first()
    ProposalStep.objects.create(
        proposal=proposal, step=Proposal.Status.ACKNOWLEDGED, taken_on=D(2022, 10, 1)
    )
    load()
    assert list(proposal.steps.values_list("step", flat=True)) == [
        Proposal.Status.SUBMITTED,
        Proposal.Status.ACKNOWLEDGED,
    ]
    assert ProposalStep.objects.filter(proposal__event=proposal.event).count() == 8


def test_a_corrected_spec_updates_the_proposal_in_place(monkeypatch):
    load()
    first = forum_proposals().first()
    corrected = dataclasses.replace(FORUM.proposals[0], title_en="Corrected")
    spec = dataclasses.replace(FORUM, proposals=(corrected, *FORUM.proposals[1:]))
    monkeypatch.setattr("demo.management.commands.load_demo_data.EVENTS", [spec])
    load()
    assert forum_proposals().count() == 7
    assert Proposal.objects.get(pk=first.pk).title_en == "Corrected"
