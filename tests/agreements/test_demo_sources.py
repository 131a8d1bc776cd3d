"""The demo data says what CODI's news of each signing says, and nothing more.

The expected values below are copied from the four articles (the Thai as printed, whitespace
collapsed, the decomposed sara am composed), not from demo/data.py: a change to the demo data
that strays from its article fails here.
"""

import datetime
from decimal import Decimal

import pytest

from agreements.models import Activity, Agreement, AgreementParty, Responsibility

pytestmark = pytest.mark.django_db

D = datetime.date
Role = AgreementParty.Role
Kind = Activity.Kind

KANCHANABURI = "MOU-2562-71-01"
MUKDAHAN = "MOU-2564-49-01"
RATCHABURI = "BUD-2566-70-01"
NAKHON_RATCHASIMA = "MOU-2567-30-01"


def roles(reference, role):
    """(organisation, person, position) of each row of `role`, in the document's order."""
    rows = AgreementParty.objects.filter(agreement__reference=reference, role=role)
    return [
        (
            party.organisation_name_th or None,
            party.signatory.name_th if party.signatory else None,
            party.signatory_title,
        )
        for party in rows.select_related("signatory").order_by("order")
    ]


def clauses(reference):
    agreement = Agreement.objects.get(reference=reference)
    return list(agreement.clauses.order_by("order").values_list("text_th", flat=True))


def duties(reference):
    """{organisation: [duty, ...]} of the signing parties, in signing order."""
    found = {}
    rows = Responsibility.objects.filter(party__agreement__reference=reference).order_by(
        "party__order", "order"
    )
    for organisation, text in rows.values_list("party__organisation_name_th", "text_th"):
        found.setdefault(organisation, []).append(text)
    return found


def activities(reference):
    return list(
        Activity.objects.filter(agreement__reference=reference)
        .order_by("starts_on", "pk")
        .values_list("kind", "title_th", "starts_on", "ends_on")
    )


def test_every_clause_and_duty_has_its_english_translation(demo):
    agreements = Agreement.objects.filter(
        reference__in=[KANCHANABURI, MUKDAHAN, RATCHABURI, NAKHON_RATCHASIMA]
    )
    assert agreements.count() == 4
    for agreement in agreements:
        assert all(agreement.clauses.values_list("text_en", flat=True)), agreement.reference
    duties = Responsibility.objects.filter(party__agreement__in=agreements)
    assert duties.count() == 27
    assert not duties.filter(text_en="").exists()


# 1. Kanchanaburi: "วันที่ 12 มิถุนายน ที่ผ่านมา ณ ห้องประชุม 110 …", reported by the Central and
# Western Region office.

KANCHANABURI_PARTIES = [
    (
        "ขบวนองค์กรชุมชนจังหวัดกาญจนบุรี",
        "นาพิพัฒน์ แก้วจิตคงทอง",  # sic: the article drops the ย of นาย
        "ผู้แทนขบวนองค์กรชุมชนจังหวัดกาญจนบุรี",
    ),
    (
        "มหาวิทยาลัยราชภัฏกาญจนบุรี",
        "ดร.ณรงค์เดช รัตนานนท์เสถียร",
        "อธิการบดีมหาวิทยาลัยราชภัฏกาญจนบุรี",
    ),
    (
        "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
        "นายปฏิภาณ จุมผา",
        "ผู้อำนวยการ ภาคกลางและตะวันตก",
    ),
    (
        "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดกาญจนบุรี",
        "นางสมพิศ หลวงแจ่ม",
        "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดกาญจนบุรี",
    ),
]


def test_kanchanaburi_is_as_its_article_states(demo):
    mou = Agreement.objects.get(reference=KANCHANABURI)
    assert mou.title_th == (
        "บันทึกข้อตกลงความร่วมมือ (MOU) ว่าด้วย "
        "การประสานความร่วมมือทางวิชาการและปฏิบัติการเพื่อการพัฒนาองค์กรชุมชนท้องถิ่น"
    )
    assert mou.signed_on == D(2019, 6, 12)
    assert mou.venue_th == ("ห้องประชุม 110 อาคารบริการวิชาการและบัณฑิตศึกษา มหาวิทยาลัยราชภัฏกาญจนบุรี")
    # "ตั้งแต่เดือนมิถุนายน พ.ศ. 2562 และสิ้นสุดโครงการเดือนพฤษภาคม พ.ศ. 2567"
    assert mou.term_mode == Agreement.TermMode.DATES
    assert (mou.starts_on, mou.ends_on) == (D(2019, 6, 1), D(2024, 5, 31))
    assert roles(KANCHANABURI, Role.PARTY) == KANCHANABURI_PARTIES
    assert roles(KANCHANABURI, Role.PRESIDING) == []
    assert roles(KANCHANABURI, Role.WITNESS) == []
    assert clauses(KANCHANABURI) == [
        "ดำเนินโครงการเพื่อสร้างความเข้มแข็งขององค์กรชุมชนท้องถิ่น "
        "ในแนวทางที่ใช้พื้นที่เป็นตัวตั้งและองค์กรชุมชนเป็นแกนหลักร่วมกับภาคีหน่วยงานต่างๆ "
        "เน้นการส่งเสริมกระบวนการเรียนรู้ขององค์กรชุมชน ในเรื่องการพัฒนาศักยภาพของคน ระบบ และกลไก "
        "ขององค์กรชุมชนให้มีทักษะ ความรู้ ความสามารถในด้านการบริหารจัดการองค์กรที่ดี "
        "การจัดระบบข้อมูล องค์ความรู้ "
        "งานวิจัยเพื่อพัฒนาและการสื่อสารงานพัฒนาขององค์กรชุมชนในด้านต่างๆ "
        "รวมถึงการพัฒนาคุณภาพชีวิต สิ่งแวดล้อม เศรษฐกิจ และสังคม "
        "อันทำให้บรรลุเป้าหมายของโครงการตามบทบาทหน้าที่ของแต่ละฝ่ายด้วยความรับผิดชอบและเกื้อกูลซึ่งกันและกัน"
    ]
    assert duties(KANCHANABURI) == {}
    assert activities(KANCHANABURI) == [
        (
            Kind.TRAINING,
            "อบรมให้ความรู้ในหลักสูตรการเขียนโครงการให้ได้งบประมาณ และการบริหารจัดการที่ดี "
            "แก่ขบวนองค์กรชุมชนจากประเด็นงานที่อยู่อาศัยและสวัสดิการชุมชนในจังหวัดกาญจนบุรี",
            D(2019, 6, 12),
            D(2019, 6, 13),
        )
    ]
    assert "95 ตำบล" in mou.summary_th
    assert not mou.allocations.exists()


# 2. Mukdahan: "7 หน่วยงานภาคีร่วมลงนาม ‘พัฒนาชุมชนท้องถิ่นจังหวัดมุกดาหาร …’".

MUKDAHAN_NETWORK = "ขบวนองค์กรชุมชนจังหวัดมุกดาหาร (เครือข่ายสภาองค์กรชุมชนตำบลจังหวัดมุกดาหาร)"
MUKDAHAN_COLLEGE = "วิทยาลัยชุมชนมุกดาหาร"
CODI_NORTHEAST = "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคตะวันออกเฉียงเหนือ"
MUKDAHAN_SOCIAL = "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดมุกดาหาร"
MUKDAHAN_FARMERS = "สภาเกษตรกรจังหวัดมุกดาหาร"
MUKDAHAN_PAO = "องค์การบริหารส่วนจังหวัดมุกดาหาร"
NIKHOM_KHAM_SOI = "อำเภอนิคมคำสร้อย"

# "การลงนามบันทึกความร่วมมือของ 7 หน่วยงาน มีตัวแทนลงนามประกอบด้วย 1. … 7. …"
MUKDAHAN_PARTIES = [
    (MUKDAHAN_NETWORK, "นายบุญเพ็ง ยืนยง", "ประธานขบวนองค์กรชุมชนจังหวัดมุกดาหาร"),
    (MUKDAHAN_COLLEGE, "นายศศิพงษา จันทรสาขา", "ผู้อำนวยการวิทยาลัยชุมชนมุกดาหาร"),
    (CODI_NORTHEAST, "นางสาวเฉลิมศรี ระดากูล", "ผู้อำนวยการภาค"),
    (MUKDAHAN_SOCIAL, "นางสุพัตรา ไพฑูรย์", "พัฒนาสังคมและความมั่นคงของมนุษย์ จังหวัดมุกดาหาร"),
    (MUKDAHAN_FARMERS, "นางธงชัย โสดา", "ประธานสภาเกษตรกรจังหวัดมุกดาหาร"),
    (MUKDAHAN_PAO, "ดร.พ.ต.ท.จิตต์ ศรีโยหะ มุกดาธนพงศ์", "นายกองค์การบริหารส่วนจังหวัดมุกดาหาร"),
    (NIKHOM_KHAM_SOI, "นายชายสิทธิ์ สุวรรณโชติ", "นายอำเภอนิคมคำสร้อย"),
]

MUKDAHAN_PRESIDING = ("จังหวัดมุกดาหาร", "นายเอกราช มณีกรรณ์", "ปลัดจังหวัดมุกดาหาร")

MUKDAHAN_OBJECTIVES = [
    "ประสานความร่วมมือระหว่างหน่วยงานภาคีพัฒนาเป็นการสร้างเครือข่ายข้ามหน่วยงานอย่างยั่งยืน",
    "เพื่อพัฒนาแกนนำเพื่อการเปลี่ยนแปลงของจังหวัดมุกดาหาร",
    "เพื่อพัฒนาการจัดการระบบข้อมูล การจัดการความรู้ การวิจัยพื้นที่รูปธรรมครอบคลุมทุกมิติของการการพัฒนา",
    "เพื่อร่วมจัดทำแผนยุทธศาสตร์การพัฒนาระดับจังหวัดและแผนพัฒนาตำบลโดยใช้พื้นที่เป็นตัวตั้ง",
]

REVIEW = "ร่วมสอบทาน/ติดตาม/ประเมินผล แบบเสริมพลังสู่การบริหารการจัดการที่ดี"

# "โดยมีสาระสำคัญความร่วมมือของแต่ละองค์กรที่จะมีบทบาทร่วมกันดังนี้", party by party, in the
# order the article lists them.
MUKDAHAN_DUTIES = {
    MUKDAHAN_COLLEGE: [
        "การดำเนินการจัดการศึกษาและยกเลิกการจัดการศึกษาร่วมกับสถานศึกษา สถานประกอบการ "
        "องค์กรปกครองส่วนท้องถิ่น สถาบันศาสนา องค์กรที่ดำเนินงานวัฒนธรรม "
        "หรือหน่วยงานอื่นของรัฐและสถานศึกษาขั้นสูง หรือสถาบันการศึกษาอื่นในประเทศหรือต่างประเทศ",
        "ใช้หลักสูตรการบริการวิชาการ การฝึกอบรม ประกาศนียบัตร สัมฤทธิบัตรหรืออนุปริญญา ที่มีอยู่หรือพัฒนาใหม่ร่วมกัน",
        "บริหารหลักสูตรและการสอนแก่นักเรียน นักศึกษา ประชาชน ให้ได้ตามมาตรฐานที่กำหนด",
        "จัดหาอาจารย์ผู้สอนที่มีคุณสมบัติ ร่วมบริหารและดำเนินงานการจัดการเรียนการสอน",
    ],
    MUKDAHAN_NETWORK: [
        "ร่วมพัฒนาหลักสูตรแกนนำ 44 ตำบล และจัดบุคลากรเข้าร่วมอบรมแกนนำเพื่อการเปลี่ยนแปลง "
        "และแลกเปลี่ยนเรียนรู้ระหว่างองค์กรภาคีต่างๆ",
        "เผยแพร่ ส่งเสริมการแปรแนวคิดการประชาสัมพันธ์ข้อมูลข่าวสารตลอดจนเผยแพร่สู่สาธารณะ",
        "ร่วมปฏิบัติการเรียนรู้ตำบลรูปธรรมความสำเร็จ เช่น สวัสดิการชุมชน สภาองค์กรชุมชนตำบล "
        "เศรษฐกิจและทุนชุมชน การพัฒนาที่อยู่อาศัยและที่ดินทำกิน "
        "การจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อม เกษตรอินทรีย์ ฯลฯ",
        REVIEW,
    ],
    MUKDAHAN_SOCIAL: [
        "บูรณาการและเชื่อมโยงกับภาคีเครือข่ายภาครัฐ ภาคเอกชน และภาคประชาสังคม "
        "สนับสนุนให้ชุมชนแก้ไขปัญหาและพัฒนาชุมชนให้มีความเข้มแข็ง",
        "สนับสนุนงบประมาณภายใต้กรอบงบประมาณที่ได้รับการจัดสรรเพื่อหนุนเสริมการพัฒนาความเข้มแข็ง"
        "ขององค์กรชุมชนตามบทบาท ภารกิจของสำนักงานฯ",
        "ขับเคลื่อนการบูรณาการเสริมสร้างชุมชนเข้มแข็ง เพื่อเป็นแนวทางในการแก้ไขปัญหาคุณภาพชีวิต"
        "ผู้ประสบปัญหาทางสังคมเป็นรายครัวเรือนและพัฒนาศักยภาพชุมชน",
    ],
    CODI_NORTHEAST: [
        "สนับสนุน และให้ความช่วยเหลือแก่ขบวนองค์กรชุมชนจังหวัดมุกดาหารในการพัฒนา"
        "และเพิ่มขีดความสามารถของขบวนองค์กรชุมชนจังหวัดมุกดาหาร",
        "สนับสนุนงบประมาณภายใต้กรอบงบประมาณที่ได้รับการจัดสรรเพื่อหนุนเสริมการพัฒนาความเข้มแข็ง"
        "ขององค์กรชุมชนตามบทบาทภารกิจของสถาบันพัฒนาองค์กรชุมชน",
        "ประสานงาน บูรณาการความร่วมร่วมมือกับหน่วยงาน ภาคีการพัฒนาอื่น ๆ "
        "เพื่อสนับสนุนการพัฒนาชุมชนท้องถิ่น โดยการใช้พื้นที่เป็นตัวตั้ง องค์กรชุมชนเป็นแกนหลัก",
        "ร่วมพัฒนาหลักสูตรแกนนำเพื่อการเปลี่ยนแปลง 44 ตำบล "
        "และจัดบุคลากรเข้าร่วมอบรมแกนนำเพื่อการเปลี่ยนแปลง "
        "และแลกเปลี่ยนเรียนรู้ระหว่างองค์กรภาคีต่างๆ",
        REVIEW,
    ],
    MUKDAHAN_PAO: [
        "ให้การสนับสนุนข้อมูล บุคลากร และประมาณการค่าใช่จ่ายในการสำรวจเพื่อการซ่อมปรับปรุงบ้าน"
        "ตามโครงการแก้ปัญหาสังคมและความยากจนด้านที่อยู่อาศัย (บ้านสร้างสุขมุกดาหาร) "
        "ตามที่ภาคีเครือข่ายร้องขอ",
        "ให้การสนับสนุนบุคลากร และงบประมาณ ในการจัดซื้อวัสดุก่อสร้างและอื่นๆ "
        "สำหรับการก่อสร้างบ้านผู้ยากไร้ตามโครงการแก้ปัญหาสังคมและความยากจนด้านที่อยู่อาศัย "
        "(บ้านสร้างสุขมุกดาหาร) สำหรับโครงการจัดทำเองของ อบจ.",
        "ให้การสนับสนุนโครงการและกิจกรรมอื่น ๆ ที่เกี่ยวข้องโครงการแก้ปัญหาความยากจนแบบเบ็ดเสร็จ "
        "ที่เป็นตาม พ.ร.บ.กำหนดแผนและขั้นตอนการกระจายอำนาจให้แก่องค์กรปกครองส่วนท้องถิ่น "
        "พ.ศ.2542 และแก้ไขเพิ่มเติม",
    ],
    NIKHOM_KHAM_SOI: [
        "บูรณาการการบริหารราชการ การปกครองท้องที่ อำนวยความเป็นธรรม "
        "การรักษาความสงบเรียบร้อยและความมั่นคงภายในทุกระดับในพื้นที่ เพื่อบำบัดทุกข์บำรุงสุข",
        "ส่งเสริมสนับสนุนการบำเพ็ญสาธารณประโยชน์ทุกระดับ โดยผ่านกิจกรรมจิตอาสาพระราชทาน",
        "สร้างความเข้มแข็งและการมีส่วนร่วมของประชาชน "
        "เพื่อพัฒนาคุณภาพชีวิตของประชาชนมั่นคงภายในทุกระดับในพื้นที่ เพื่อบำบัดทุกข์บำรุงสุข",
    ],
    MUKDAHAN_FARMERS: [
        "พัฒนาและเสริมสร้างความเข้มแข็งแก่เกษตรกรและองค์กรเกษตรกรภายในจังหวัดร่วมกับฝ่ายที่หนึ่ง",
        # The article's decomposed sara am ("ดําเนินงาน"), composed.
        "ประสานนโยบายและการดำเนินงานระหว่างองค์กรเกษตรกร เกษตรกร สถาบันวิจัย สถาบันการศึกษา "
        "หน่วยงานของรัฐ และสภาองค์กรชุมชนตำบล",
        "ส่งเสริมและสนับสนุนการรวมกลุ่มขององค์กรเกษตรกร กลุ่มเกษตรกร และยุวเกษตรกร "
        "ภายใต้พื้นที่การดำเนินงานของสภาองค์กรชุมชนในจังหวัด ในรูปแบบต่าง ๆ",
        "สนับสนุนและส่งเสริมการศึกษา การฝึกอบรม และการถ่ายทอดเทคโนโลยีแก่เกษตรกรและยุวเกษตรกร "
        "เพื่อเพิ่มขีดความสามารถในการประกอบอาชีพเกษตรกรรมอย่างครบวงจรและยั่งยืน"
        "ร่วมกับสภาองค์กรชุมชนในจังหวัด",
        "เสนอนโยบายและแนวทางในการพัฒนาและแก้ไขปัญหาที่เกี่ยวข้องกับภาคเกษตรกรรม "
        "รวมทั้งราคาผลผลิตทางเกษตรกรรมที่ไม่เป็นธรรม "
        "ในส่วนที่เกี่ยวข้องกับสภาองค์กรชุมชนในจังหวัดต่อสภาเกษตรกร",
    ],
}


def test_mukdahan_parties_are_the_signing_list_with_its_positions(demo):
    assert roles(MUKDAHAN, Role.PARTY) == MUKDAHAN_PARTIES


def test_mukdahan_presiding_official_is_also_its_only_witness(demo):
    # "โดยมีนายเอกราช มณีกรรณ์ ปลัดจังหวัดมุกดาหาร เป็นประธานในพิธี และเป็นสักขีพยาน…"
    assert roles(MUKDAHAN, Role.PRESIDING) == [MUKDAHAN_PRESIDING]
    assert roles(MUKDAHAN, Role.WITNESS) == [MUKDAHAN_PRESIDING]
    rows = AgreementParty.objects.filter(agreement__reference=MUKDAHAN).exclude(role=Role.PARTY)
    assert len({party.signatory_id for party in rows}) == 1  # one person, two roles


def test_mukdahan_objectives_are_its_four_scope_clauses(demo):
    assert clauses(MUKDAHAN) == MUKDAHAN_OBJECTIVES


def test_mukdahan_lists_the_articles_27_duties_under_their_parties(demo):
    found = duties(MUKDAHAN)
    assert found == MUKDAHAN_DUTIES
    # In signing order: network 4, college 4, CODI 5, social development 3, farmers 5,
    # provincial administration 3, district 3.
    assert [len(texts) for texts in found.values()] == [4, 4, 5, 3, 5, 3, 3]
    assert sum(len(texts) for texts in found.values()) == 27
    assert found[CODI_NORTHEAST][4] == REVIEW


def test_mukdahan_date_venue_term_and_what_happened_that_day(demo):
    mou = Agreement.objects.get(reference=MUKDAHAN)
    assert mou.title_th == (
        "บันทึกข้อตกลงความร่วมมือว่าด้วย “การพัฒนาชุมชนท้องถิ่นเพื่อความเข้มแข็งของชุมชนอย่างบูรณาการ”"
    )
    assert mou.signed_on == D(2021, 2, 22)
    assert mou.venue_th == "สวนรุกขชาติห้วยบังอี่ ต.หนองแวง อ.นิคมคำสร้อย"
    # The article states no term.
    assert (mou.term_mode, mou.starts_on, mou.ends_on) == (
        Agreement.TermMode.OPEN,
        D(2021, 2, 22),
        None,
    )
    day = D(2021, 2, 22)
    assert activities(MUKDAHAN) == [
        (
            Kind.MEETING,
            "รายงานผลการดำเนินงานโครงการวิจัยเพื่อพัฒนาพื้นที่เพื่อแก้ไขปัญหาความยากจน"
            "แบบเบ็ดเสร็จและแม่นยำในพื้นที่จังหวัดมุกดาหาร ประจำปีงบประมาณ พ.ศ. 2563",
            day,
            None,
        ),
        (
            Kind.MEETING,
            "เวที ถาม ตอบ สนทนาข้อสงสัยการพัฒนาชุมชนท้องถิ่นเพื่อความเข้มแข็งของชุมชนอย่างบูรณาการ",
            day,
            None,
        ),
        (
            Kind.BUDGET_HANDOVER,
            "พิธีมอบงบประมาณตามโครงการเสริมสร้างขีดความสามารถของขบวนองค์กรชุมชน "
            "โครงการสวัสดิการชุมชน โครงการบ้านพอเพียง "
            "โครงการเชื่อมโยงธุรกิจและทุนชุมชนจังหวัดมุกดาหาร โดยสถาบันพัฒนาองค์กรชุมชน",
            day,
            None,
        ),
        (
            Kind.FIELD_VISIT,
            "เยี่ยมชมโครงการบ้านพอเพียง นางทอง เบอร์ชัย บ้านหนองแวง อำเภอนิคมคำสร้อย "
            "จังหวัดมุกดาหาร และโครงการบ้านสร้างสุขมุกดาหาร",
            day,
            None,
        ),
    ]
    # The hand-over's amounts were not published.
    assert not Activity.objects.filter(agreement=mou, amount_handed_over__isnull=False).exists()
    assert not mou.allocations.exists()


def test_mukdahan_api_lists_the_27_duties_and_the_presiding_official_as_witness(client, demo):
    mukdahan = Agreement.objects.get(reference=MUKDAHAN)
    data = client.get(f"/api/v1/agreements/{mukdahan.pk}/").json()
    parties = data["parties"]
    duties_th = [duty["text_th"] for party in parties for duty in party["responsibilities"]]
    assert len(duties_th) == 27
    codi = next(
        party
        for party in parties
        if party["organisation"] and party["organisation"]["name_th"] == CODI_NORTHEAST
    )
    assert [duty["order"] for duty in codi["responsibilities"]] == [1, 2, 3, 4, 5]
    assert codi["responsibilities"][4]["text_th"] == REVIEW
    witnesses = [party for party in parties if party["role"] == Role.WITNESS]
    presiding = [party for party in parties if party["role"] == Role.PRESIDING]
    for listed in (witnesses, presiding):
        assert [
            (party["organisation_name_th"], party["signatory"]["name_th"], party["signatory_title"])
            for party in listed
        ] == [MUKDAHAN_PRESIDING]
    assert [c["text_th"] for c in data["clauses"]] == MUKDAHAN_OBJECTIVES


def list_under(heading, text):
    """The list under a heading of an agreement page."""
    return text.split(f"<h3>{heading}</h3>")[1].split("</ul>")[0]


def test_mukdahan_page_shows_the_presiding_official_as_presiding_and_as_witness(client, demo):
    mukdahan = Agreement.objects.get(reference=MUKDAHAN)
    text = client.get(f"/agreements/{mukdahan.pk}/").text
    for heading in ("ประธานในพิธี", "สักขีพยาน"):
        section = list_under(heading, text)
        assert "นายเอกราช มณีกรรณ์" in section, heading
        assert "ปลัดจังหวัดมุกดาหาร" in section, heading
    assert REVIEW in text


# 3. Ratchaburi: "ขบวนองค์กรชุมชนราชบุรี ประสานพลังภาคีลงนามบันทึกความร่วมมือ …".


def test_ratchaburi_is_as_its_article_states(demo):
    mou = Agreement.objects.get(reference=RATCHABURI)
    assert mou.title_th == (
        "บันทึกความร่วมมือรับงบประมาณและขับเคลื่อนงานพัฒนา โดยพื้นที่เป็นตัวตั้งชุมชนเป็นแกนหลัก ปี 2566"
    )
    assert mou.kind == Agreement.Kind.BUDGET
    assert mou.signed_on == D(2023, 2, 28)
    assert mou.venue_th == ""  # not stated
    assert (mou.term_mode, mou.term_fiscal_year) == (Agreement.TermMode.FISCAL_YEAR, 2566)
    assert (mou.starts_on, mou.ends_on) == (D(2022, 10, 1), D(2023, 9, 30))
    # The agreement is between the network and CODI; nobody is named as signing for either.
    assert roles(RATCHABURI, Role.PARTY) == [
        ("เครือข่ายขบวนองค์กรชุมชนจังหวัดราชบุรี", None, ""),
        ("สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", None, ""),
    ]
    assert roles(RATCHABURI, Role.PRESIDING) == []
    # "โดยมีหน่วยงานภาครัฐ ประชาสังคม ร่วมเป็นสักขีพยาน", as the article lists them.
    assert roles(RATCHABURI, Role.WITNESS) == [
        ("อำเภอโพธาราม", "นายสุธี เล้าสุบินประเสริฐ", "นายอำเภอโพธาราม"),
        ("สำนักงานการศึกษานอกระบบและการศึกษาตามอัธยาศัย (กศน.) จังหวัดราชบุรี", None, ""),
        ("มหาวิทยาลัยราชภัฏหมู่บ้านจอมบึง", None, ""),
        ("องค์การบริหารส่วนตำบลเตาปูน", "นายสุเมธ แก้วใสทับ", "ปลัดองค์การบริหารส่วนตำบลเตาปูน"),
        (None, "นายทศพล แก้วทิมา", "ภาคีภาคประชาสังคม"),
    ]
    assert clauses(RATCHABURI) == []
    assert duties(RATCHABURI) == {}
    assert activities(RATCHABURI) == []


def test_ratchaburi_budget_is_the_four_programmes_of_2566(demo):
    mou = Agreement.objects.get(reference=RATCHABURI)
    allocations = mou.allocations.order_by("amount")
    assert list(
        allocations.values_list("fiscal_year", "province__slug", "programme__name_th", "amount")
    ) == [
        (2566, "ratchaburi", "โครงการเสริมสร้างขีดความสามารถ", Decimal("468690.00")),
        (
            2566,
            "ratchaburi",
            "โครงการพัฒนาคุณภาพชีวิตผู้มีรายได้น้อยในเมืองและชนบท",
            Decimal("506000.00"),
        ),
        (2566, "ratchaburi", "โครงการสวัสดิการชุมชน", Decimal("1856930.00")),
        (2566, "ratchaburi", "โครงการบ้านพอเพียง", Decimal("3508500.00")),
    ]
    assert allocations.total() == Decimal("6340120.00")
    assert "6,340,120" in mou.summary_th


# 4. Nakhon Ratchasima: "สานพลังความร่วมมือ มรภ.นครราชสีมา หนุนองค์กรชุมชน…".

NAKHON_RATCHASIMA_PRESIDING = (
    "จังหวัดนครราชสีมา",
    "นายวิจิตร กิจวิรัตน์",
    "รองผู้ว่าราชการจังหวัดนครราชสีมา",
)


def test_nakhon_ratchasima_is_as_its_article_states(demo):
    mou = Agreement.objects.get(reference=NAKHON_RATCHASIMA)
    assert mou.title_th == (
        "บันทึกข้อตกลงความร่วมมือการเสริมสร้างและพัฒนาความเข้มแข็งของชุมชนท้องถิ่นอย่างบูรณาการ"
    )
    assert mou.signed_on == D(2024, 5, 23)
    assert mou.venue_th == ("ห้องประชุม ดร.เศาวนิต เศาณานนท์ อาคาร 9 ชั้น 3 มหาวิทยาลัยราชภัฏนครราชสีมา")
    # "กำหนดระยะเวลา 3 ปี นับจากวันที่ลงนามข้อตกลง"
    assert (mou.term_mode, mou.term_length, mou.term_unit) == (
        Agreement.TermMode.DURATION,
        3,
        Agreement.TermUnit.YEARS,
    )
    assert (mou.starts_on, mou.ends_on) == (D(2024, 5, 23), D(2027, 5, 22))
    assert roles(NAKHON_RATCHASIMA, Role.PARTY) == [
        ("มหาวิทยาลัยราชภัฏนครราชสีมา", "รศ.ดร.อดิศร เนาวนนท์", "อธิการบดี"),
        ("สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)", "นายกฤษดา สมประสงค์", "ผู้อำนวยการ"),
        # The signing list's spelling; further on the article writes แสงศิริ.
        (
            "ขบวนองค์กรชุมชนจังหวัดนครราชสีมา",
            "นายสมพงษ์ แสงสิริ",
            "ประธานขบวนองค์กรชุมชนจังหวัดนครราชสีมา",
        ),
    ]
    # "…ให้เกียรติเป็นประธาน และสักขีพยานในพิธีลงนาม…"
    assert roles(NAKHON_RATCHASIMA, Role.PRESIDING) == [NAKHON_RATCHASIMA_PRESIDING]
    assert roles(NAKHON_RATCHASIMA, Role.WITNESS) == [
        NAKHON_RATCHASIMA_PRESIDING,
        (
            "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดนครราชสีมา",
            "นางสาวแสงดาว อารีย์",
            "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดนครราชสีมา",
        ),
        (
            "มูลนิธิเอเชีย",
            "นายวินสตัน เชาว์",
            "ผู้อำนวยการโครงการ USAID and Australia Mekong Safeguards",
        ),
    ]
    # "มีขอบเขตการความร่วมมือ 4 ประการ"
    assert clauses(NAKHON_RATCHASIMA) == [
        "การบูรณาการความร่วมมือในการดำเนินงานวิจัยตามแพลตฟอร์มการขจัดความยากจนแบบเบ็ดเสร็จ"
        "และแม่นยำของจังหวัดนครราชสีมา การสร้างกลไกความร่วมมือในการขจัดความยากจนระดับจังหวัด "
        "การพัฒนาระบบฐานข้อมูลครัวเรือนแบบชี้เป้าและชุมชนริมราง "
        "การพัฒนาระบบส่งต่อและติดตามความช่วยเหลือ การพัฒนาโมเดลแก้จน "
        "และการทำข้อเสนอแนะเชิงนโยบายระดับจังหวัดและระดับท้องถิ่น",
        "การเสริมสร้างความเข้มแข็งของเครือข่ายองค์กรชุมชน จังหวัดนครราชสีมา "
        "ที่สอดคล้องกับยุทธศาสตร์การพัฒนาจังหวัด และยุทธศาสตร์การพัฒนาของเครือข่ายขบวนองค์กรชุมชน",
        "การร่วมมือด้านการวิจัยเพื่อแก้ไขปัญหาในพื้นที่ การใช้ประโยชน์จากผลงานวิจัย "
        "องค์ความรู้และเทคโนโลยี นวัตกรรมที่สามารถยกระดับคุณภาพชีวิตของประชาชน "
        "การจัดทำคลังข้อมูล การจัดการความรู้ "
        "สำหรับการนำไปวางแผนและการพัฒนาในพื้นที่จังหวัดนครราชสีมา",
        "การสนับสนุนการดำเนินงานด้านการศึกษา การพัฒนาพื้นที่ Social Lab "
        "การถ่ายทอดองค์ความรู้ด้านสหวิทยาการ สังคม เศรษฐกิจ "
        "และสิ่งแวดล้อมให้กับนักศึกษาฝึกงาน ภาคีบัณฑิต แกนนำแครือข่ายองค์กรชุมชน "
        "ให้มีทักษะการปฏิบัติงานเชิงพื้นที่ได้อย่างมีประสิทธิภาพ",
    ]
    assert duties(NAKHON_RATCHASIMA) == {}
    assert activities(NAKHON_RATCHASIMA) == []
    assert not mou.allocations.exists()
    # The figures its network's chair gave at the signing.
    for figure in ("32 อำเภอ", "333 ตำบล", "10 โซน", "332", "161", "150,000", "400 ล้านบาท"):
        assert figure in mou.summary_th, figure
    for figure in ("188 ตำบล", "7,570 ครัวเรือน", "15 ล้านบาท"):
        assert figure in mou.summary_th, figure


def test_nakhon_ratchasima_api_lists_the_presiding_official_first_among_the_witnesses(client, demo):
    korat = Agreement.objects.get(reference=NAKHON_RATCHASIMA)
    data = client.get(f"/api/v1/agreements/{korat.pk}/").json()
    witnesses = [party for party in data["parties"] if party["role"] == Role.WITNESS]
    assert [party["signatory"]["name_th"] for party in witnesses] == [
        "นายวิจิตร กิจวิรัตน์",
        "นางสาวแสงดาว อารีย์",
        "นายวินสตัน เชาว์",
    ]
    assert [party["order"] for party in witnesses] == [1, 2, 3]
