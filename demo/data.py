"""The four real agreements of the domain notes, as `agreement_load` specs, for demos and tests.

Each agreement carries what CODI's published news of its signing states, and nothing more:
parties in signing order, signatories and presiding officials and witnesses with their
positions, scope clauses, each party's duties, dates, venue, term, follow-ups and money.

- Thai wording is the article's, verbatim, wherever the article gives wording (titles of
  agreements, names, positions, clauses, duties, the venue): copied as printed, runs of
  whitespace collapsed to one space, and the decomposed sara am (U+0E4D U+0E32) written as
  the composed U+0E33 "ำ". The articles' own spellings stay, typos included; a comment marks
  each one, and where an article spells a name two ways the signing list's spelling wins.
- A position is written as the signing list gives it after the person's name. Where the
  organisation's name follows as a phrase of its own ("อธิการบดี มหาวิทยาลัยราชภัฏ…") it is the
  party's organisation, not repeated in the position; where it is part of the position
  itself ("ผู้อำนวยการวิทยาลัยชุมชนมุกดาหาร") it stays.
- Summaries and follow-up descriptions are our own short wording of facts the article states.
- English texts are our own translations of the Thai (the articles are Thai only). Of the
  agreements' titles only Kanchanaburi's is translated; the English pages show the others in
  Thai.
- The comment above each agreement names its article. What an article states that the model
  has no field for (expected results, figures the speakers gave, who spoke) is in the summary;
  the speeches themselves are left out.
"""

import datetime
from decimal import Decimal

from agreements.models import Activity, Agreement, AgreementParty
from partners.models import Organisation

from .loading import (
    ActivitySpec,
    AgreementSpec,
    AllocationSpec,
    OrganisationSpec,
    PartySpec,
    PersonSpec,
)

D = datetime.date
Kind = Organisation.Kind
Role = AgreementParty.Role

CODI = OrganisationSpec(
    name_th="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
    name_en="Community Organizations Development Institute (Public Organization)",
    short_name_th="พอช.",
    short_name_en="CODI",
    kind=Kind.CODI_OFFICE,
)
# A regional office is a national unit of CODI, like CODI itself. Mukdahan's article names the
# office twice: "…สำนักงานภาคตะวันออกเฉียงเหนือ" in the signing list and, with a typo,
# "…สำนักงานภาคะวันออกเฉียงเหนือ" above its duties; the name is the signing list's.
CODI_NORTHEAST = OrganisationSpec(
    name_th="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคตะวันออกเฉียงเหนือ",
    name_en=(
        "Community Organizations Development Institute (Public Organization), "
        "Northeastern Region Office"
    ),
    short_name_en="CODI Northeastern Region",
    kind=Kind.CODI_OFFICE,
    parent=CODI,
)


def _party(organisation, signatory="", title="", role=Role.PARTY, responsibilities=()):
    return PartySpec(
        role=role,
        organisation=organisation,
        signatory=PersonSpec(signatory) if signatory else None,
        signatory_title=title,
        responsibilities=responsibilities,
    )


# 1. Kanchanaburi, 12 June 2019 (BE 2562): 4 parties, explicit term.
# Source: CODI's news of the signing at Kanchanaburi Rajabhat University, reported by the
# Central and Western Region office.

KANCHANABURI = AgreementSpec(
    reference="MOU-2562-71-01",
    kind=Agreement.Kind.MOU,
    title_th=(
        "บันทึกข้อตกลงความร่วมมือ (MOU) ว่าด้วย "
        "การประสานความร่วมมือทางวิชาการและปฏิบัติการเพื่อการพัฒนาองค์กรชุมชนท้องถิ่น"
    ),
    title_en=(
        "Memorandum of understanding on academic and operational cooperation for the "
        "development of local community organisations"
    ),
    summary_th=(
        "บันทึกความร่วมมือ 4 ฝ่าย ระหว่างขบวนองค์กรชุมชนจังหวัดกาญจนบุรี "
        "มหาวิทยาลัยราชภัฏกาญจนบุรี สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) "
        "และสำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดกาญจนบุรี "
        "ในแนวทางที่ใช้พื้นที่เป็นตัวตั้งและองค์กรชุมชนเป็นแกนหลัก "
        "จังหวัดกาญจนบุรีใช้ประเด็นงานต่างๆ ของ พอช. เป็นเครื่องมือในการขับเคลื่อนงานใน 95 ตำบล "
        "ผลลัพธ์ที่คาดหวัง ได้แก่ กลไกความร่วมมือในลักษณะหุ้นส่วนร่วมพัฒนา "
        "การพัฒนาศักยภาพของคน ระบบ และกลไกขององค์กรชุมชน "
        "ระบบการสนับสนุนงานวิชาการในการจัดทำแผนพัฒนาระดับตำบล ระดับเมือง และระดับจังหวัด "
        "และชุดองค์ความรู้ทางด้านวิชาการเป็นคู่มือในการพัฒนาองค์กรชุมชนเข้มแข็ง"
    ),
    summary_en=(
        "A four-party agreement between the Kanchanaburi community organisations network, "
        "Kanchanaburi Rajabhat University, CODI and the Kanchanaburi Provincial Office of "
        "Social Development and Human Security, with the area as the starting point and "
        "community organisations at the core. Kanchanaburi uses CODI's issue work as a tool "
        "in 95 tambons. The expected results: a partnership mechanism for joint development; "
        "the people, systems and mechanisms of community organisations developed; academic "
        "support for tambon, town and provincial development plans; and a body of academic "
        "knowledge as a handbook for strong community organisations."
    ),
    signed_on=D(2019, 6, 12),
    venue_th="ห้องประชุม 110 อาคารบริการวิชาการและบัณฑิตศึกษา มหาวิทยาลัยราชภัฏกาญจนบุรี",
    province="kanchanaburi",
    # "ตั้งแต่เดือนมิถุนายน พ.ศ. 2562 ... สิ้นสุดโครงการเดือนพฤษภาคม พ.ศ. 2567": the article gives
    # months; the term is stored as their first and last days.
    term_mode=Agreement.TermMode.DATES,
    starts_on=D(2019, 6, 1),
    ends_on=D(2024, 5, 31),
    themes=("area-based-development", "leadership", "research-data", "environment"),
    parties=(
        _party(
            OrganisationSpec(
                name_th="ขบวนองค์กรชุมชนจังหวัดกาญจนบุรี",
                name_en="Kanchanaburi provincial community organisations network",
                kind=Kind.COMMUNITY_NETWORK,
                province="kanchanaburi",
            ),
            # As printed: the honorific นาย lost its ย in the article.
            "นาพิพัฒน์ แก้วจิตคงทอง",
            "ผู้แทนขบวนองค์กรชุมชนจังหวัดกาญจนบุรี",
        ),
        _party(
            OrganisationSpec(
                name_th="มหาวิทยาลัยราชภัฏกาญจนบุรี",
                name_en="Kanchanaburi Rajabhat University",
                kind=Kind.UNIVERSITY,
                province="kanchanaburi",
            ),
            "ดร.ณรงค์เดช รัตนานนท์เสถียร",
            "อธิการบดีมหาวิทยาลัยราชภัฏกาญจนบุรี",
        ),
        # The article names CODI as the party ("ผู้อำนวยการ ภาคกลางและตะวันตก สถาบันพัฒนา
        # องค์กรชุมชน (องค์การมหาชน) หรือ พอช."); the region is part of his position.
        _party(CODI, "นายปฏิภาณ จุมผา", "ผู้อำนวยการ ภาคกลางและตะวันตก"),
        _party(
            OrganisationSpec(
                name_th="สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดกาญจนบุรี",
                name_en="Kanchanaburi Provincial Office of Social Development and Human Security",
                kind=Kind.PROVINCIAL_OFFICE,
                province="kanchanaburi",
            ),
            "นางสมพิศ หลวงแจ่ม",
            "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดกาญจนบุรี",
        ),
    ),
    # The article states the agreement's principles in one sentence, not as a numbered list.
    clauses=(
        (
            "ดำเนินโครงการเพื่อสร้างความเข้มแข็งขององค์กรชุมชนท้องถิ่น "
            "ในแนวทางที่ใช้พื้นที่เป็นตัวตั้งและองค์กรชุมชนเป็นแกนหลักร่วมกับภาคีหน่วยงานต่างๆ "
            "เน้นการส่งเสริมกระบวนการเรียนรู้ขององค์กรชุมชน ในเรื่องการพัฒนาศักยภาพของคน ระบบ "
            "และกลไก ขององค์กรชุมชนให้มีทักษะ ความรู้ ความสามารถในด้านการบริหารจัดการองค์กรที่ดี "
            "การจัดระบบข้อมูล องค์ความรู้ งานวิจัยเพื่อพัฒนาและการสื่อสารงานพัฒนาขององค์กรชุมชน"
            "ในด้านต่างๆ รวมถึงการพัฒนาคุณภาพชีวิต สิ่งแวดล้อม เศรษฐกิจ และสังคม "
            "อันทำให้บรรลุเป้าหมายของโครงการตามบทบาทหน้าที่ของแต่ละฝ่าย"
            "ด้วยความรับผิดชอบและเกื้อกูลซึ่งกันและกัน",
            "Carry out projects that strengthen local community organisations, with the area as "
            "the starting point and community organisations at the core, together with partner "
            "agencies; with emphasis on community organisations' learning processes, developing "
            "the capacity of their people, systems and mechanisms to give them the skills, "
            "knowledge and ability for good organisational management, data systems, knowledge, "
            "research for development and communication of community organisations' "
            "development work in its various fields, including quality of life, the "
            "environment, the economy and society; so as to reach the project's goals through "
            "each party's roles and duties, with responsibility and mutual support.",
        ),
    ),
    activities=(
        ActivitySpec(
            kind=Activity.Kind.TRAINING,
            title_th=(
                "อบรมให้ความรู้ในหลักสูตรการเขียนโครงการให้ได้งบประมาณ และการบริหารจัดการที่ดี "
                "แก่ขบวนองค์กรชุมชนจากประเด็นงานที่อยู่อาศัยและสวัสดิการชุมชนในจังหวัดกาญจนบุรี"
            ),
            title_en=(
                "Training in writing projects that win funding, and in good management, for the "
                "community organisations of the housing and community welfare issues in "
                "Kanchanaburi"
            ),
            starts_on=D(2019, 6, 12),
            ends_on=D(2019, 6, 13),
        ),
    ),
)


# 2. Mukdahan, 22 February 2021 (BE 2564): 7 parties, presiding official who is also the
# witness, 4 objectives, each party's numbered duties (27 in all), no term.
# Source: "7 หน่วยงานภาคีร่วมลงนาม ‘พัฒนาชุมชนท้องถิ่นจังหวัดมุกดาหาร สร้างความเข้มแข็งของชุมชน
# อย่างบูรณาการ’". Parties in the signing list's order; their duties are listed in another.

MUKDAHAN_PROVINCE = OrganisationSpec(
    name_th="จังหวัดมุกดาหาร",
    name_en="Mukdahan Province",
    kind=Kind.PROVINCIAL_OFFICE,
    province="mukdahan",
)
# "…เป็นประธานในพิธี และเป็นสักขีพยานในการบันทึกความร่วมมือ": one person in two roles.
MUKDAHAN_PRESIDING = ("นายเอกราช มณีกรรณ์", "ปลัดจังหวัดมุกดาหาร")

# Both duties of CODI and of the tambon council network end with this one.
REVIEW_AND_EVALUATE = (
    "ร่วมสอบทาน/ติดตาม/ประเมินผล แบบเสริมพลังสู่การบริหารการจัดการที่ดี",
    "Jointly review, follow up and evaluate, in an empowering way, towards good management.",
)

MUKDAHAN = AgreementSpec(
    reference="MOU-2564-49-01",
    kind=Agreement.Kind.MOU,
    title_th="บันทึกข้อตกลงความร่วมมือว่าด้วย “การพัฒนาชุมชนท้องถิ่นเพื่อความเข้มแข็งของชุมชนอย่างบูรณาการ”",
    summary_th=(
        "7 หน่วยงานในจังหวัดมุกดาหารร่วมบันทึกข้อตกลงความร่วมมือ "
        "เพื่อสร้างเครือข่ายข้ามหน่วยงานอย่างยั่งยืน พัฒนาแกนนำเพื่อการเปลี่ยนแปลง "
        "พัฒนาการจัดการระบบข้อมูล การจัดการความรู้ และการวิจัยพื้นที่ "
        "และร่วมจัดทำแผนยุทธศาสตร์การพัฒนาระดับจังหวัดและแผนพัฒนาตำบลโดยใช้พื้นที่เป็นตัวตั้ง "
        "ปลัดจังหวัดมุกดาหารกล่าวว่าจังหวัดจะช่วยเหลือด้านที่อยู่อาศัยจำนวน 50 ครัวเรือน"
    ),
    summary_en=(
        "Seven agencies in Mukdahan agree to build a lasting cross-agency network, develop "
        "core leaders for change, data systems, knowledge management and area research, and "
        "jointly prepare the provincial development strategy and area-based tambon "
        "development plans. The province's chief officer said the province would help 50 "
        "households with housing."
    ),
    signed_on=D(2021, 2, 22),
    venue_th="สวนรุกขชาติห้วยบังอี่ ต.หนองแวง อ.นิคมคำสร้อย",
    province="mukdahan",
    term_mode=Agreement.TermMode.OPEN,
    districts=("Nikhom Kham Soi",),
    subdistricts=(("Nikhom Kham Soi", "หนองแวง"),),
    themes=(
        "area-based-development",
        "community-councils",
        "leadership",
        "research-data",
        "housing",
        "community-welfare",
        "community-economy",
    ),
    parties=(
        _party(MUKDAHAN_PROVINCE, *MUKDAHAN_PRESIDING, role=Role.PRESIDING),
        _party(MUKDAHAN_PROVINCE, *MUKDAHAN_PRESIDING, role=Role.WITNESS),
        # Signed for by the chair of "ขบวนองค์กรชุมชนจังหวัดมุกดาหาร"; its duties are listed
        # under "เครือข่ายสภาองค์กรชุมชนตำบลจังหวัดมุกดาหาร": both of the article's names.
        _party(
            OrganisationSpec(
                name_th="ขบวนองค์กรชุมชนจังหวัดมุกดาหาร (เครือข่ายสภาองค์กรชุมชนตำบลจังหวัดมุกดาหาร)",
                name_en=(
                    "Mukdahan provincial community organisations network (network of tambon "
                    "community organisation councils of Mukdahan)"
                ),
                kind=Kind.COMMUNITY_NETWORK,
                province="mukdahan",
            ),
            "นายบุญเพ็ง ยืนยง",
            "ประธานขบวนองค์กรชุมชนจังหวัดมุกดาหาร",
            responsibilities=(
                (
                    "ร่วมพัฒนาหลักสูตรแกนนำ 44 ตำบล "
                    "และจัดบุคลากรเข้าร่วมอบรมแกนนำเพื่อการเปลี่ยนแปลง "
                    "และแลกเปลี่ยนเรียนรู้ระหว่างองค์กรภาคีต่างๆ",
                    "Jointly develop a curriculum for core leaders of 44 tambons, send people to "
                    "the training of core leaders for change, and exchange learning among the "
                    "partner organisations.",
                ),
                (
                    "เผยแพร่ ส่งเสริมการแปรแนวคิดการประชาสัมพันธ์ข้อมูลข่าวสารตลอดจนเผยแพร่สู่สาธารณะ",
                    "Disseminate; promote turning the ideas into publicity and news, and make "
                    "them public.",
                ),
                (
                    "ร่วมปฏิบัติการเรียนรู้ตำบลรูปธรรมความสำเร็จ เช่น สวัสดิการชุมชน "
                    "สภาองค์กรชุมชนตำบล เศรษฐกิจและทุนชุมชน การพัฒนาที่อยู่อาศัยและที่ดินทำกิน "
                    "การจัดการทรัพยากรธรรมชาติและสิ่งแวดล้อม เกษตรอินทรีย์ ฯลฯ",
                    "Take part in hands-on learning in tambons with concrete successes, e.g. "
                    "community welfare, tambon community organisation councils, community "
                    "economy and capital, housing and farmland development, natural resource "
                    "and environmental management, organic farming, etc.",
                ),
                REVIEW_AND_EVALUATE,
            ),
        ),
        _party(
            OrganisationSpec(
                name_th="วิทยาลัยชุมชนมุกดาหาร",
                name_en="Mukdahan Community College",
                kind=Kind.COLLEGE,
                province="mukdahan",
            ),
            "นายศศิพงษา จันทรสาขา",
            "ผู้อำนวยการวิทยาลัยชุมชนมุกดาหาร",
            responsibilities=(
                (
                    "การดำเนินการจัดการศึกษาและยกเลิกการจัดการศึกษาร่วมกับสถานศึกษา สถานประกอบการ "
                    "องค์กรปกครองส่วนท้องถิ่น สถาบันศาสนา องค์กรที่ดำเนินงานวัฒนธรรม "
                    "หรือหน่วยงานอื่นของรัฐและสถานศึกษาขั้นสูง "
                    "หรือสถาบันการศึกษาอื่นในประเทศหรือต่างประเทศ",
                    "Provide education, and end it, jointly with schools, businesses, local "
                    "government organisations, religious institutions, cultural organisations, "
                    "or other state agencies and institutions of higher education, or other "
                    "educational institutions in Thailand or abroad.",
                ),
                (
                    "ใช้หลักสูตรการบริการวิชาการ การฝึกอบรม ประกาศนียบัตร "
                    "สัมฤทธิบัตรหรืออนุปริญญา ที่มีอยู่หรือพัฒนาใหม่ร่วมกัน",
                    "Use academic service, training, certificate, achievement-certificate or "
                    "associate-degree curricula, existing ones or ones newly developed together.",
                ),
                (
                    "บริหารหลักสูตรและการสอนแก่นักเรียน นักศึกษา ประชาชน ให้ได้ตามมาตรฐานที่กำหนด",
                    "Manage the curricula and the teaching of pupils, students and the public to "
                    "the set standards.",
                ),
                (
                    "จัดหาอาจารย์ผู้สอนที่มีคุณสมบัติ ร่วมบริหารและดำเนินงานการจัดการเรียนการสอน",
                    "Provide qualified teachers, and jointly manage and run the teaching.",
                ),
            ),
        ),
        _party(
            CODI_NORTHEAST,
            "นางสาวเฉลิมศรี ระดากูล",
            "ผู้อำนวยการภาค",
            responsibilities=(
                (
                    "สนับสนุน และให้ความช่วยเหลือแก่ขบวนองค์กรชุมชนจังหวัดมุกดาหาร"
                    "ในการพัฒนาและเพิ่มขีดความสามารถของขบวนองค์กรชุมชนจังหวัดมุกดาหาร",
                    "Support and assist the Mukdahan provincial community organisations network "
                    "in developing and increasing its capacity.",
                ),
                (
                    "สนับสนุนงบประมาณภายใต้กรอบงบประมาณที่ได้รับการจัดสรร"
                    "เพื่อหนุนเสริมการพัฒนาความเข้มแข็งขององค์กรชุมชน"
                    "ตามบทบาทภารกิจของสถาบันพัฒนาองค์กรชุมชน",
                    "Provide funds, within the budget allocated to it, to support the "
                    "strengthening of community organisations, according to the role and "
                    "mission of the Community Organizations Development Institute.",
                ),
                (
                    # "ความร่วมร่วมมือ": as printed.
                    "ประสานงาน บูรณาการความร่วมร่วมมือกับหน่วยงาน ภาคีการพัฒนาอื่น ๆ "
                    "เพื่อสนับสนุนการพัฒนาชุมชนท้องถิ่น โดยการใช้พื้นที่เป็นตัวตั้ง "
                    "องค์กรชุมชนเป็นแกนหลัก",
                    "Coordinate, and integrate cooperation with agencies and other development "
                    "partners, to support local community development with the area as the "
                    "starting point and community organisations at the core.",
                ),
                (
                    "ร่วมพัฒนาหลักสูตรแกนนำเพื่อการเปลี่ยนแปลง 44 ตำบล "
                    "และจัดบุคลากรเข้าร่วมอบรมแกนนำเพื่อการเปลี่ยนแปลง "
                    "และแลกเปลี่ยนเรียนรู้ระหว่างองค์กรภาคีต่างๆ",
                    "Jointly develop a curriculum for core leaders for change of 44 tambons, "
                    "send people to the training of core leaders for change, and exchange "
                    "learning among the partner organisations.",
                ),
                REVIEW_AND_EVALUATE,
            ),
        ),
        _party(
            OrganisationSpec(
                name_th="สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดมุกดาหาร",
                name_en="Mukdahan Provincial Office of Social Development and Human Security",
                kind=Kind.PROVINCIAL_OFFICE,
                province="mukdahan",
            ),
            "นางสุพัตรา ไพฑูรย์",
            "พัฒนาสังคมและความมั่นคงของมนุษย์ จังหวัดมุกดาหาร",
            responsibilities=(
                (
                    "บูรณาการและเชื่อมโยงกับภาคีเครือข่ายภาครัฐ ภาคเอกชน และภาคประชาสังคม "
                    "สนับสนุนให้ชุมชนแก้ไขปัญหาและพัฒนาชุมชนให้มีความเข้มแข็ง",
                    "Integrate and link with partner networks in government, the private sector "
                    "and civil society; support communities in solving their problems and "
                    "growing strong.",
                ),
                (
                    "สนับสนุนงบประมาณภายใต้กรอบงบประมาณที่ได้รับการจัดสรร"
                    "เพื่อหนุนเสริมการพัฒนาความเข้มแข็งขององค์กรชุมชนตามบทบาท ภารกิจของสำนักงานฯ",
                    "Provide funds, within the budget allocated to it, to support the "
                    "strengthening of community organisations, according to the office's role "
                    "and mission.",
                ),
                (
                    "ขับเคลื่อนการบูรณาการเสริมสร้างชุมชนเข้มแข็ง "
                    "เพื่อเป็นแนวทางในการแก้ไขปัญหาคุณภาพชีวิตผู้ประสบปัญหาทางสังคมเป็นรายครัวเรือน"
                    "และพัฒนาศักยภาพชุมชน",
                    "Drive integrated work to build strong communities, as a way to solve the "
                    "quality-of-life problems of people facing social problems, household by "
                    "household, and to develop the communities' capacity.",
                ),
            ),
        ),
        _party(
            OrganisationSpec(
                name_th="สภาเกษตรกรจังหวัดมุกดาหาร",
                name_en="Mukdahan Provincial Farmers Council",
                kind=Kind.FARMERS_COUNCIL,
                province="mukdahan",
            ),
            "นางธงชัย โสดา",
            "ประธานสภาเกษตรกรจังหวัดมุกดาหาร",
            responsibilities=(
                (
                    "พัฒนาและเสริมสร้างความเข้มแข็งแก่เกษตรกรและองค์กรเกษตรกรภายในจังหวัดร่วมกับฝ่ายที่หนึ่ง",
                    "Develop and strengthen farmers and farmers' organisations in the province, "
                    "together with the first party.",
                ),
                (
                    "ประสานนโยบายและการดำเนินงานระหว่างองค์กรเกษตรกร เกษตรกร สถาบันวิจัย "
                    "สถาบันการศึกษา หน่วยงานของรัฐ และสภาองค์กรชุมชนตำบล",
                    "Coordinate policy and work among farmers' organisations, farmers, research "
                    "institutes, educational institutions, state agencies and tambon community "
                    "organisation councils.",
                ),
                (
                    "ส่งเสริมและสนับสนุนการรวมกลุ่มขององค์กรเกษตรกร กลุ่มเกษตรกร และยุวเกษตรกร "
                    "ภายใต้พื้นที่การดำเนินงานของสภาองค์กรชุมชนในจังหวัด ในรูปแบบต่าง ๆ",
                    "Promote and support, in various forms, the grouping of farmers' "
                    "organisations, farmer groups and young farmers within the areas where the "
                    "province's community organisation councils work.",
                ),
                (
                    "สนับสนุนและส่งเสริมการศึกษา การฝึกอบรม "
                    "และการถ่ายทอดเทคโนโลยีแก่เกษตรกรและยุวเกษตรกร "
                    "เพื่อเพิ่มขีดความสามารถในการประกอบอาชีพเกษตรกรรมอย่างครบวงจรและยั่งยืน"
                    "ร่วมกับสภาองค์กรชุมชนในจังหวัด",
                    "Support and promote education, training and technology transfer for "
                    "farmers and young farmers, to increase their capacity to farm in a complete "
                    "and sustainable way, together with the province's community organisation "
                    "councils.",
                ),
                (
                    "เสนอนโยบายและแนวทางในการพัฒนาและแก้ไขปัญหาที่เกี่ยวข้องกับภาคเกษตรกรรม "
                    "รวมทั้งราคาผลผลิตทางเกษตรกรรมที่ไม่เป็นธรรม "
                    "ในส่วนที่เกี่ยวข้องกับสภาองค์กรชุมชนในจังหวัดต่อสภาเกษตรกร",
                    "Propose to the Farmers Council policies and approaches for developing the "
                    "farm sector and solving its problems, including unfair prices for farm "
                    "produce, where they concern the province's community organisation "
                    "councils.",
                ),
            ),
        ),
        _party(
            OrganisationSpec(
                name_th="องค์การบริหารส่วนจังหวัดมุกดาหาร",
                name_en="Mukdahan Provincial Administrative Organization",
                kind=Kind.LOCAL_GOVERNMENT,
                province="mukdahan",
            ),
            "ดร.พ.ต.ท.จิตต์ ศรีโยหะ มุกดาธนพงศ์",
            "นายกองค์การบริหารส่วนจังหวัดมุกดาหาร",
            responsibilities=(
                (
                    # "ค่าใช่จ่าย": as printed.
                    "ให้การสนับสนุนข้อมูล บุคลากร "
                    "และประมาณการค่าใช่จ่ายในการสำรวจเพื่อการซ่อมปรับปรุงบ้าน"
                    "ตามโครงการแก้ปัญหาสังคมและความยากจนด้านที่อยู่อาศัย (บ้านสร้างสุขมุกดาหาร) "
                    "ตามที่ภาคีเครือข่ายร้องขอ",
                    "Support with data, staff and cost estimates the surveys for repairing and "
                    "improving houses under the programme for solving social and poverty "
                    "problems in housing (บ้านสร้างสุขมุกดาหาร), as the partner network requests.",
                ),
                (
                    "ให้การสนับสนุนบุคลากร และงบประมาณ ในการจัดซื้อวัสดุก่อสร้างและอื่นๆ "
                    "สำหรับการก่อสร้างบ้านผู้ยากไร้"
                    "ตามโครงการแก้ปัญหาสังคมและความยากจนด้านที่อยู่อาศัย (บ้านสร้างสุขมุกดาหาร) "
                    "สำหรับโครงการจัดทำเองของ อบจ.",
                    "Provide staff and funds to buy construction materials and other items for "
                    "building houses for the poor under the programme for solving social and "
                    "poverty problems in housing (บ้านสร้างสุขมุกดาหาร), for the projects the "
                    "provincial administrative organisation carries out itself.",
                ),
                (
                    "ให้การสนับสนุนโครงการและกิจกรรมอื่น ๆ "
                    "ที่เกี่ยวข้องโครงการแก้ปัญหาความยากจนแบบเบ็ดเสร็จ ที่เป็นตาม "
                    "พ.ร.บ.กำหนดแผนและขั้นตอนการกระจายอำนาจให้แก่องค์กรปกครองส่วนท้องถิ่น "
                    "พ.ศ.2542 และแก้ไขเพิ่มเติม",
                    "Support other projects and activities related to the complete "
                    "poverty-solving project, as the Act Determining Plans and Process of "
                    "Decentralization to Local Government Organizations B.E. 2542 (1999), as "
                    "amended, provides.",
                ),
            ),
        ),
        _party(
            OrganisationSpec(
                name_th="อำเภอนิคมคำสร้อย",
                name_en="Nikhom Kham Soi District Office",
                kind=Kind.DISTRICT_OFFICE,
                province="mukdahan",
            ),
            "นายชายสิทธิ์ สุวรรณโชติ",
            "นายอำเภอนิคมคำสร้อย",
            responsibilities=(
                (
                    "บูรณาการการบริหารราชการ การปกครองท้องที่ อำนวยความเป็นธรรม "
                    "การรักษาความสงบเรียบร้อยและความมั่นคงภายในทุกระดับในพื้นที่ "
                    "เพื่อบำบัดทุกข์บำรุงสุข",
                    "Integrate public administration, local administration, the delivery of "
                    "justice, and the keeping of order and internal security at every level in "
                    "the area, to relieve hardship and bring well-being.",
                ),
                (
                    "ส่งเสริมสนับสนุนการบำเพ็ญสาธารณประโยชน์ทุกระดับ โดยผ่านกิจกรรมจิตอาสาพระราชทาน",
                    "Promote and support public-benefit work at every level through the royal "
                    "volunteer activities (จิตอาสาพระราชทาน).",
                ),
                (
                    "สร้างความเข้มแข็งและการมีส่วนร่วมของประชาชน "
                    "เพื่อพัฒนาคุณภาพชีวิตของประชาชนมั่นคงภายในทุกระดับในพื้นที่ "
                    "เพื่อบำบัดทุกข์บำรุงสุข",
                    "Build the people's strength and participation, to develop their quality of "
                    "life and security at every level in the area, to relieve hardship and bring "
                    "well-being.",
                ),
            ),
        ),
    ),
    clauses=(
        (
            "ประสานความร่วมมือระหว่างหน่วยงานภาคีพัฒนาเป็นการสร้างเครือข่ายข้ามหน่วยงานอย่างยั่งยืน",
            "Coordinate cooperation between the development partner agencies, building a "
            "lasting cross-agency network.",
        ),
        (
            "เพื่อพัฒนาแกนนำเพื่อการเปลี่ยนแปลงของจังหวัดมุกดาหาร",
            "To develop core leaders for change in Mukdahan Province.",
        ),
        (
            # "การการพัฒนา": as printed.
            "เพื่อพัฒนาการจัดการระบบข้อมูล การจัดการความรู้ การวิจัยพื้นที่รูปธรรมครอบคลุมทุกมิติของการการพัฒนา",
            "To develop the management of data systems, knowledge management, and research in "
            "concrete areas covering every dimension of development.",
        ),
        (
            "เพื่อร่วมจัดทำแผนยุทธศาสตร์การพัฒนาระดับจังหวัดและแผนพัฒนาตำบลโดยใช้พื้นที่เป็นตัวตั้ง",
            "To jointly prepare the provincial development strategy and tambon development "
            "plans with the area as the starting point.",
        ),
    ),
    activities=(
        ActivitySpec(
            kind=Activity.Kind.MEETING,
            title_th=(
                "รายงานผลการดำเนินงานโครงการวิจัยเพื่อพัฒนาพื้นที่"
                "เพื่อแก้ไขปัญหาความยากจนแบบเบ็ดเสร็จและแม่นยำในพื้นที่จังหวัดมุกดาหาร "
                "ประจำปีงบประมาณ พ.ศ. 2563"
            ),
            title_en=(
                "Report on the area development research project for complete and precise "
                "poverty solving in Mukdahan Province, fiscal year 2563"
            ),
            starts_on=D(2021, 2, 22),
        ),
        ActivitySpec(
            kind=Activity.Kind.MEETING,
            title_th=("เวที ถาม ตอบ สนทนาข้อสงสัยการพัฒนาชุมชนท้องถิ่นเพื่อความเข้มแข็งของชุมชนอย่างบูรณาการ"),
            title_en=(
                "Questions and answers on local community development for integrated "
                "community strength"
            ),
            starts_on=D(2021, 2, 22),
        ),
        ActivitySpec(
            kind=Activity.Kind.BUDGET_HANDOVER,
            title_th=(
                "พิธีมอบงบประมาณตามโครงการเสริมสร้างขีดความสามารถของขบวนองค์กรชุมชน "
                "โครงการสวัสดิการชุมชน โครงการบ้านพอเพียง "
                "โครงการเชื่อมโยงธุรกิจและทุนชุมชนจังหวัดมุกดาหาร โดยสถาบันพัฒนาองค์กรชุมชน"
            ),
            title_en=(
                "CODI's budget hand-over: capacity building of the community organisations "
                "network, community welfare, Baan Por Pieng, and community business and capital "
                "linkage in Mukdahan"
            ),
            starts_on=D(2021, 2, 22),
        ),
        ActivitySpec(
            kind=Activity.Kind.FIELD_VISIT,
            title_th=(
                "เยี่ยมชมโครงการบ้านพอเพียง นางทอง เบอร์ชัย บ้านหนองแวง อำเภอนิคมคำสร้อย "
                "จังหวัดมุกดาหาร และโครงการบ้านสร้างสุขมุกดาหาร"
            ),
            title_en=(
                "Visit to a Baan Por Pieng house (นางทอง เบอร์ชัย, Ban Nong Waeng, Nikhom Kham "
                "Soi, Mukdahan) and to the บ้านสร้างสุขมุกดาหาร programme"
            ),
            description_th="เพื่อเยี่ยมเยียนให้กำลังใจชาวบ้านที่รับประโยชน์ และรูปธรรมจากการดำเนินโครงการ",
            description_en=(
                "To visit and encourage the villagers who benefit, and see what the work achieved."
            ),
            starts_on=D(2021, 2, 22),
        ),
    ),
)


# 3. Ratchaburi, 28 February 2023 (BE 2566): 2 parties, witnesses, one fiscal year's budget.
# Source: "ขบวนองค์กรชุมชนราชบุรี ประสานพลังภาคีลงนามบันทึกความร่วมมือ สร้างโอกาสในการเชื่อมโยง
# บูรณาการทำงานร่วมกัน". It names no one who signed for either party, and no venue.

RATCHABURI_NETWORK = OrganisationSpec(
    name_th="เครือข่ายขบวนองค์กรชุมชนจังหวัดราชบุรี",
    name_en="Ratchaburi provincial community organisations network",
    kind=Kind.COMMUNITY_NETWORK,
    province="ratchaburi",
)

RATCHABURI_FY2566_ALLOCATIONS = (
    AllocationSpec(fiscal_year=2566, programme="capacity-building", amount=Decimal("468690.00")),
    AllocationSpec(fiscal_year=2566, programme="community-welfare", amount=Decimal("1856930.00")),
    AllocationSpec(
        fiscal_year=2566, programme="low-income-quality-of-life", amount=Decimal("506000.00")
    ),
    AllocationSpec(fiscal_year=2566, programme="baan-por-pieng", amount=Decimal("3508500.00")),
)

RATCHABURI = AgreementSpec(
    reference="BUD-2566-70-01",
    kind=Agreement.Kind.BUDGET,
    title_th="บันทึกความร่วมมือรับงบประมาณและขับเคลื่อนงานพัฒนา โดยพื้นที่เป็นตัวตั้งชุมชนเป็นแกนหลัก ปี 2566",
    summary_th=(
        "บันทึกข้อตกลงร่วมกันอย่างเป็นทางการระหว่างขบวนองค์กรชุมชนจังหวัดราชบุรีกับ"
        "สถาบันพัฒนาองค์กรชุมชน โดยมีหน่วยงานภาคีในจังหวัดเป็นสักขีพยาน "
        "ในปี 2566 จังหวัดราชบุรีได้รับการสนับสนุนงบประมาณ 6,340,120 บาท "
        "ในโครงการเสริมสร้างขีดความสามารถ โครงการสวัสดิการชุมชน "
        "โครงการพัฒนาคุณภาพชีวิตผู้มีรายได้น้อยในเมืองและชนบท และโครงการบ้านพอเพียง "
        "แต่ละหน่วยงานนำเสนอบทบาทภารกิจของตนเอง ในส่วนของ พอช. "
        "นายศุภสิทธิ์ ศรีสว่าง ผู้ช่วยผู้อำนวยการภาค (ปฏิบัติการพื้นที่) "
        "สำนักงานภาคกลางและตะวันตก พอช. เป็นผู้กล่าว"
    ),
    summary_en=(
        "A formal agreement between the Ratchaburi community organisations network and CODI, "
        "witnessed by partner agencies of the province. In 2566 (2023) Ratchaburi receives "
        "6,340,120 THB for capacity building, community welfare, the quality of life of "
        "low-income people in towns and the countryside, and Baan Por Pieng. Each agency "
        "presented its role; for CODI, the assistant regional director for area operations "
        "of the Central and Western Region office spoke."
    ),
    signed_on=D(2023, 2, 28),
    province="ratchaburi",
    term_mode=Agreement.TermMode.FISCAL_YEAR,
    term_fiscal_year=2566,
    themes=(
        "area-based-development",
        "leadership",
        "community-welfare",
        "housing",
        "poverty",
    ),
    parties=(
        _party(RATCHABURI_NETWORK),
        _party(CODI),
        # "โดยมีหน่วยงานภาครัฐ ประชาสังคม ร่วมเป็นสักขีพยาน", in the order the article lists
        # them, each with the person it names for them.
        _party(
            OrganisationSpec(
                name_th="อำเภอโพธาราม",
                name_en="Photharam District Office",
                kind=Kind.DISTRICT_OFFICE,
                province="ratchaburi",
            ),
            "นายสุธี เล้าสุบินประเสริฐ",
            "นายอำเภอโพธาราม",
            role=Role.WITNESS,
        ),
        # Represented by an unnamed "ผู้แทน".
        _party(
            OrganisationSpec(
                name_th="สำนักงานการศึกษานอกระบบและการศึกษาตามอัธยาศัย (กศน.) จังหวัดราชบุรี",
                name_en="Ratchaburi Office of Non-Formal and Informal Education",
                short_name_th="กศน.",
                kind=Kind.PROVINCIAL_OFFICE,
                province="ratchaburi",
            ),
            role=Role.WITNESS,
        ),
        _party(
            OrganisationSpec(
                name_th="มหาวิทยาลัยราชภัฏหมู่บ้านจอมบึง",
                name_en="Muban Chom Bueng Rajabhat University",
                kind=Kind.UNIVERSITY,
                province="ratchaburi",
            ),
            role=Role.WITNESS,
        ),
        _party(
            OrganisationSpec(
                name_th="องค์การบริหารส่วนตำบลเตาปูน",
                name_en="Tao Pun Subdistrict Administrative Organization",
                kind=Kind.LOCAL_GOVERNMENT,
                province="ratchaburi",
            ),
            "นายสุเมธ แก้วใสทับ",
            "ปลัดองค์การบริหารส่วนตำบลเตาปูน",
            role=Role.WITNESS,
        ),
        # Civil society is represented by a person, not an organisation.
        _party(None, "นายทศพล แก้วทิมา", "ภาคีภาคประชาสังคม", role=Role.WITNESS),
    ),
    allocations=RATCHABURI_FY2566_ALLOCATIONS,
)


# 4. Nakhon Ratchasima, 23 May 2024 (BE 2567): 3 parties, presiding official who is also a
# witness, two more witnesses, "3 years from signing", 4 scope clauses.
# Source: "สานพลังความร่วมมือ มรภ.นครราชสีมา หนุนองค์กรชุมชนพัฒนาความเข้มแข็งชุมชนท้องถิ่น".

NAKHON_RATCHASIMA_PROVINCE = OrganisationSpec(
    name_th="จังหวัดนครราชสีมา",
    name_en="Nakhon Ratchasima Province",
    kind=Kind.PROVINCIAL_OFFICE,
    province="nakhon-ratchasima",
)
# "…ให้เกียรติเป็นประธาน และสักขีพยานในพิธีลงนาม…": one person in two roles.
NAKHON_RATCHASIMA_PRESIDING = ("นายวิจิตร กิจวิรัตน์", "รองผู้ว่าราชการจังหวัดนครราชสีมา")

NAKHON_RATCHASIMA = AgreementSpec(
    reference="MOU-2567-30-01",
    kind=Agreement.Kind.MOU,
    title_th="บันทึกข้อตกลงความร่วมมือการเสริมสร้างและพัฒนาความเข้มแข็งของชุมชนท้องถิ่นอย่างบูรณาการ",
    summary_th=(
        "ขบวนองค์กรชุมชนจังหวัดนครราชสีมาดำเนินงานครอบคลุมทั้ง 32 อำเภอ 333 ตำบล "
        "แบ่งการดำเนินงานออกเป็น 10 โซน มีสภาองค์กรชุมชนตำบลที่จดแจ้งจัดตั้งแล้ว 332 แห่ง "
        "กองทุนสวัสดิการชุมชน 161 กองทุน สมาชิกกว่า 150,000 ราย เงินหมุนเวียนรวมประมาณ 400 ล้านบาท "
        "การแก้ปัญหาที่ดินที่อยู่อาศัยตั้งแต่ปี 2546–2567 ใน 188 ตำบล "
        "มีผู้รับผลประโยชน์ 7,570 ครัวเรือน "
        "และในปี 2567 พอช. สนับสนุนการพัฒนาที่จังหวัดนครราชสีมากว่า 15 ล้านบาท"
    ),
    summary_en=(
        "The Nakhon Ratchasima community organisations network works in all 32 districts and "
        "333 tambons, in 10 zones. 332 tambon community organisation councils are registered, "
        "and 161 community welfare funds have over 150,000 members and about 400 million THB "
        "in circulation. Land and housing work from 2546 to 2567 (2003–2024) reached 188 "
        "tambons and 7,570 households. In 2567 (2024) CODI supported development in the "
        "province with over 15 million THB."
    ),
    signed_on=D(2024, 5, 23),
    venue_th="ห้องประชุม ดร.เศาวนิต เศาณานนท์ อาคาร 9 ชั้น 3 มหาวิทยาลัยราชภัฏนครราชสีมา",
    province="nakhon-ratchasima",
    term_mode=Agreement.TermMode.DURATION,
    term_length=3,
    term_unit=Agreement.TermUnit.YEARS,
    themes=(
        "poverty",
        "community-councils",
        "research-data",
        "education",
        "community-welfare",
        "housing",
    ),
    parties=(
        _party(NAKHON_RATCHASIMA_PROVINCE, *NAKHON_RATCHASIMA_PRESIDING, role=Role.PRESIDING),
        _party(NAKHON_RATCHASIMA_PROVINCE, *NAKHON_RATCHASIMA_PRESIDING, role=Role.WITNESS),
        _party(
            OrganisationSpec(
                name_th="มหาวิทยาลัยราชภัฏนครราชสีมา",
                name_en="Nakhon Ratchasima Rajabhat University",
                kind=Kind.UNIVERSITY,
                province="nakhon-ratchasima",
            ),
            "รศ.ดร.อดิศร เนาวนนท์",
            "อธิการบดี",
        ),
        _party(CODI, "นายกฤษดา สมประสงค์", "ผู้อำนวยการ"),
        _party(
            OrganisationSpec(
                name_th="ขบวนองค์กรชุมชนจังหวัดนครราชสีมา",
                name_en="Nakhon Ratchasima provincial community organisations network",
                kind=Kind.COMMUNITY_NETWORK,
                province="nakhon-ratchasima",
            ),
            # The signing list writes แสงสิริ; further on the article writes แสงศิริ.
            "นายสมพงษ์ แสงสิริ",
            "ประธานขบวนองค์กรชุมชนจังหวัดนครราชสีมา",
        ),
        _party(
            OrganisationSpec(
                name_th="สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดนครราชสีมา",
                name_en=(
                    "Nakhon Ratchasima Provincial Office of Social Development and Human Security"
                ),
                kind=Kind.PROVINCIAL_OFFICE,
                province="nakhon-ratchasima",
            ),
            "นางสาวแสงดาว อารีย์",
            "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดนครราชสีมา",
            role=Role.WITNESS,
        ),
        _party(
            OrganisationSpec(
                name_th="มูลนิธิเอเชีย",
                name_en="The Asia Foundation",
                kind=Kind.FOUNDATION,
            ),
            "นายวินสตัน เชาว์",
            "ผู้อำนวยการโครงการ USAID and Australia Mekong Safeguards",
            role=Role.WITNESS,
        ),
    ),
    # "ขอบเขตการความร่วมมือ 4 ประการ".
    clauses=(
        (
            "การบูรณาการความร่วมมือในการดำเนินงานวิจัยตามแพลตฟอร์มการขจัดความยากจน"
            "แบบเบ็ดเสร็จและแม่นยำของจังหวัดนครราชสีมา "
            "การสร้างกลไกความร่วมมือในการขจัดความยากจนระดับจังหวัด "
            "การพัฒนาระบบฐานข้อมูลครัวเรือนแบบชี้เป้าและชุมชนริมราง "
            "การพัฒนาระบบส่งต่อและติดตามความช่วยเหลือ การพัฒนาโมเดลแก้จน "
            "และการทำข้อเสนอแนะเชิงนโยบายระดับจังหวัดและระดับท้องถิ่น",
            "Integrated cooperation in research under Nakhon Ratchasima's platform for complete "
            "and precise poverty eradication: a provincial mechanism of cooperation to eradicate "
            "poverty; a targeted database of households and of railway-side communities; a "
            "system for referring and following up assistance; poverty-solving models; and "
            "policy recommendations at provincial and local level.",
        ),
        (
            "การเสริมสร้างความเข้มแข็งของเครือข่ายองค์กรชุมชน จังหวัดนครราชสีมา "
            "ที่สอดคล้องกับยุทธศาสตร์การพัฒนาจังหวัด "
            "และยุทธศาสตร์การพัฒนาของเครือข่ายขบวนองค์กรชุมชน",
            "Strengthening the community organisation networks of Nakhon Ratchasima in line "
            "with the provincial development strategy and the development strategy of the "
            "community organisations network.",
        ),
        (
            "การร่วมมือด้านการวิจัยเพื่อแก้ไขปัญหาในพื้นที่ การใช้ประโยชน์จากผลงานวิจัย "
            "องค์ความรู้และเทคโนโลยี นวัตกรรมที่สามารถยกระดับคุณภาพชีวิตของประชาชน "
            "การจัดทำคลังข้อมูล การจัดการความรู้ "
            "สำหรับการนำไปวางแผนและการพัฒนาในพื้นที่จังหวัดนครราชสีมา",
            "Cooperation in research to solve local problems; use of research results, "
            "knowledge, technology and innovations that can raise people's quality of life; a "
            "data warehouse and knowledge management, for planning and development in Nakhon "
            "Ratchasima Province.",
        ),
        (
            # "แครือข่าย": as printed.
            "การสนับสนุนการดำเนินงานด้านการศึกษา การพัฒนาพื้นที่ Social Lab "
            "การถ่ายทอดองค์ความรู้ด้านสหวิทยาการ สังคม เศรษฐกิจ "
            "และสิ่งแวดล้อมให้กับนักศึกษาฝึกงาน ภาคีบัณฑิต แกนนำแครือข่ายองค์กรชุมชน "
            "ให้มีทักษะการปฏิบัติงานเชิงพื้นที่ได้อย่างมีประสิทธิภาพ",
            "Support for education: developing Social Lab areas; passing interdisciplinary, "
            "social, economic and environmental knowledge to interns, graduate partners and "
            "leaders of community organisation networks, so that they work effectively in "
            "their areas.",
        ),
    ),
)

AGREEMENTS = (KANCHANABURI, MUKDAHAN, RATCHABURI, NAKHON_RATCHASIMA)
