"""The four real agreements of the domain notes, as `agreement_load` specs, for demos and tests.

Thai names, titles and positions are copied exactly from CODI's published news. Scope clauses
and duties are Thai renderings of the English summaries there; where CODI published no English
title, title_en stays empty and the English pages fall back to Thai.
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
# One organisation per regional office, national like CODI itself. The documents write the name
# with or without a comma after "(องค์การมหาชน)"; the model keeps one name per organisation, so
# this is the spelling without the comma.
CODI_CENTRAL_WEST = OrganisationSpec(
    name_th="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคกลางและตะวันตก",
    name_en=(
        "Community Organizations Development Institute (Public Organization), "
        "Central and Western Region Office"
    ),
    short_name_en="CODI Central and Western Region",
    kind=Kind.CODI_OFFICE,
    parent=CODI,
)
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
        "ความร่วมมือทางวิชาการและปฏิบัติการระหว่างขบวนองค์กรชุมชนจังหวัดกาญจนบุรี "
        "มหาวิทยาลัยราชภัฏกาญจนบุรี สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) "
        "และสำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัดกาญจนบุรี "
        "เพื่อการพัฒนาโดยพื้นที่เป็นตัวตั้งและชุมชนเป็นแกนหลัก "
        "งานประเด็นของ พอช. ครอบคลุม 95 ตำบลของจังหวัด"
    ),
    summary_en=(
        "Academic and operational cooperation between the Kanchanaburi community organisations "
        "network, Kanchanaburi Rajabhat University, CODI and the provincial office of social "
        "development and human security, for area-based, community-led development. CODI's "
        "issue work reaches 95 tambons of the province."
    ),
    signed_on=D(2019, 6, 12),
    venue_th="ห้องประชุม 110 อาคารบริการวิชาการและบัณฑิตศึกษา มหาวิทยาลัยราชภัฏกาญจนบุรี",
    province="kanchanaburi",
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
            "นายพิพัฒน์ แก้วจิตคงทอง",
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
            "อธิการบดี",
        ),
        _party(CODI_CENTRAL_WEST, "นายปฏิภาณ จุมผา", "ผู้อำนวยการภาคกลางและตะวันตก"),
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
    clauses=(
        (
            "ส่งเสริมการพัฒนาโดยใช้พื้นที่เป็นตัวตั้งและให้ชุมชนเป็นแกนหลัก",
            "Area-based development led by the communities themselves.",
        ),
        (
            "พัฒนากระบวนการเรียนรู้เพื่อสร้างคน ระบบ และกลไกขององค์กรชุมชน",
            "Learning processes that build the people, systems and mechanisms of community "
            "organisations.",
        ),
        (
            "ส่งเสริมการบริหารจัดการองค์กรที่ดี",
            "Good organisational management.",
        ),
        (
            "พัฒนาระบบข้อมูล องค์ความรู้ และงานวิจัย",
            "Data systems, knowledge and research.",
        ),
        (
            "พัฒนางานสื่อสารขององค์กรชุมชน",
            "Communication.",
        ),
        (
            "พัฒนาคุณภาพชีวิต สิ่งแวดล้อม เศรษฐกิจ และสังคม",
            "Quality of life, the environment, the economy and society.",
        ),
    ),
    activities=(
        ActivitySpec(
            kind=Activity.Kind.TRAINING,
            title_th=(
                "อบรมการเขียนโครงการเพื่อขอรับการสนับสนุนงบประมาณและการบริหารจัดการที่ดี "
                "สำหรับกลุ่มองค์กรชุมชนด้านที่อยู่อาศัยและสวัสดิการ"
            ),
            title_en=(
                "Training on writing fundable project proposals and good management for "
                "housing and welfare community groups"
            ),
            starts_on=D(2019, 6, 12),
            ends_on=D(2019, 6, 13),
        ),
    ),
)


# 2. Mukdahan, 22 February 2021 (BE 2564): 7 parties, presiding official, per-party duties,
# no term.

MUKDAHAN = AgreementSpec(
    reference="MOU-2564-49-01",
    kind=Agreement.Kind.MOU,
    title_th=('บันทึกข้อตกลงความร่วมมือว่าด้วย "การพัฒนาชุมชนท้องถิ่นเพื่อความเข้มแข็งของชุมชนอย่างบูรณาการ"'),
    summary_th=(
        "ความร่วมมือ 7 ฝ่ายในจังหวัดมุกดาหาร เพื่อสร้างเครือข่ายการทำงานข้ามหน่วยงาน "
        "พัฒนาผู้นำการเปลี่ยนแปลง ระบบข้อมูลและงานวิจัยเชิงพื้นที่ "
        "และร่วมจัดทำแผนยุทธศาสตร์จังหวัดและแผนพัฒนาตำบล ไม่ได้ระบุระยะเวลาสิ้นสุด"
    ),
    summary_en=(
        "Seven partners in Mukdahan build a lasting cross-agency network, develop change "
        "leaders, data systems and area research, and make the provincial strategic plan and "
        "tambon development plans together. No term is stated."
    ),
    signed_on=D(2021, 2, 22),
    venue_th="สวนรุกขชาติห้วยบังอี่ ต.หนองแวง อ.นิคมคำสร้อย จ.มุกดาหาร",
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
        _party(
            OrganisationSpec(
                name_th="จังหวัดมุกดาหาร",
                name_en="Mukdahan Province",
                kind=Kind.PROVINCIAL_OFFICE,
                province="mukdahan",
            ),
            "นายเอกราช มณีกรรณ์",
            "ปลัดจังหวัดมุกดาหาร",
            role=Role.PRESIDING,
        ),
        _party(
            OrganisationSpec(
                name_th=("ขบวนองค์กรชุมชนจังหวัดมุกดาหาร (เครือข่ายสภาองค์กรชุมชนตำบลจังหวัดมุกดาหาร)"),
                name_en=(
                    "Mukdahan provincial community organisations network (network of tambon "
                    "community organisation councils of Mukdahan)"
                ),
                kind=Kind.COMMUNITY_NETWORK,
                province="mukdahan",
            ),
            "นายบุญเพ็ง ยืนยง",
            "ประธาน",
            responsibilities=(
                (
                    "ร่วมกับภาคีพัฒนาหลักสูตรผู้นำการเปลี่ยนแปลงสำหรับ 44 ตำบล",
                    "Co-develop a change-leader curriculum for 44 tambons with the partners.",
                ),
                (
                    "คัดเลือกผู้นำชุมชนเข้าร่วมหลักสูตรพัฒนาศักยภาพ",
                    "Select community leaders for the capacity-building courses.",
                ),
                (
                    "จัดเก็บและรวบรวมข้อมูลชุมชนระดับตำบลเพื่อใช้ในการวางแผน",
                    "Collect tambon-level community data for planning.",
                ),
                (
                    "ขับเคลื่อนแผนพัฒนาตำบลโดยพื้นที่เป็นตัวตั้งร่วมกับหน่วยงานในพื้นที่",
                    "Carry out area-based tambon development plans with local agencies.",
                ),
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
            "ผู้อำนวยการ",
            responsibilities=(
                (
                    "จัดหลักสูตรการเรียนการสอนเพื่อพัฒนาผู้นำชุมชน",
                    "Run courses that develop community leaders.",
                ),
                (
                    "จัดหาครูและวิทยากรที่มีคุณวุฒิ",
                    "Provide qualified teachers and trainers.",
                ),
                (
                    "ร่วมพัฒนาหลักสูตรผู้นำการเปลี่ยนแปลงกับเครือข่ายสภาองค์กรชุมชนตำบล",
                    "Co-develop the change-leader curriculum with the tambon council network.",
                ),
                (
                    "สนับสนุนสถานที่และสื่อการเรียนรู้",
                    "Provide venues and learning materials.",
                ),
            ),
        ),
        _party(
            CODI_NORTHEAST,
            "นางสาวเฉลิมศรี ระดากูล",
            "ผู้อำนวยการภาค",
            responsibilities=(
                (
                    "สนับสนุนงบประมาณการพัฒนาศักยภาพผู้นำ สวัสดิการชุมชน บ้านพอเพียง "
                    "และการเชื่อมโยงธุรกิจชุมชน ตามระเบียบของสถาบัน",
                    "Fund leadership capacity building, community welfare, Baan Por Pieng and "
                    "community business linkage under CODI's rules.",
                ),
                (
                    "หนุนเสริมขบวนองค์กรชุมชนในการจัดทำแผนพัฒนาตำบลโดยพื้นที่เป็นตัวตั้ง",
                    "Support the community organisations network in making area-based tambon "
                    "development plans.",
                ),
                (
                    "สนับสนุนการพัฒนาระบบข้อมูลและการจัดการความรู้",
                    "Support data systems and knowledge management.",
                ),
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
            "พัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด",
            responsibilities=(
                (
                    "แบ่งปันข้อมูลกลุ่มเปราะบางและผู้มีรายได้น้อยในจังหวัด",
                    "Share data on vulnerable and low-income people in the province.",
                ),
                (
                    "สนับสนุนงานสวัสดิการชุมชนและการพัฒนาที่อยู่อาศัย",
                    "Support community welfare and housing work.",
                ),
                (
                    "ร่วมบูรณาการแผนพัฒนาสังคมเข้ากับแผนยุทธศาสตร์จังหวัด",
                    "Bring social development plans into the provincial strategic plan.",
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
                    "ส่งผู้นำเกษตรกรเข้าร่วมหลักสูตรผู้นำการเปลี่ยนแปลง",
                    "Send farmer leaders to the change-leader courses.",
                ),
                (
                    "ส่งเสริมเศรษฐกิจชุมชนและการเชื่อมโยงผลผลิตทางการเกษตร",
                    "Promote community economy and link farm produce to markets.",
                ),
                (
                    "ให้ข้อมูลด้านการเกษตรประกอบการจัดทำแผนพัฒนาตำบล",
                    "Provide farming data for the tambon development plans.",
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
            "นายกองค์การบริหารส่วนจังหวัด",
            responsibilities=(
                (
                    'สนับสนุนงบประมาณซ่อมแซมบ้านภายใต้โครงการ "บ้านสร้างสุขมุกดาหาร"',
                    'Fund house repairs under the "บ้านสร้างสุขมุกดาหาร" programme.',
                ),
                (
                    "บรรจุแผนพัฒนาตำบลที่ชุมชนจัดทำไว้ในแผนพัฒนาท้องถิ่น",
                    "Take the tambon plans made by the communities into the local development "
                    "plan.",
                ),
                (
                    "สนับสนุนการพัฒนาคุณภาพชีวิตของชุมชน",
                    "Support the communities' quality of life.",
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
                    "ประสานหน่วยงานในอำเภอให้ร่วมขับเคลื่อนงานตามบันทึกข้อตกลง",
                    "Bring the district's agencies into the work of this agreement.",
                ),
                (
                    "สนับสนุนการจัดทำแผนพัฒนาตำบลโดยพื้นที่เป็นตัวตั้งในอำเภอ",
                    "Support area-based tambon development plans in the district.",
                ),
                (
                    "ติดตามและรายงานผลการดำเนินงานต่อจังหวัด",
                    "Follow up and report progress to the province.",
                ),
            ),
        ),
    ),
    clauses=(
        (
            "ประสานความร่วมมือหน่วยงานภาคีให้เกิดเครือข่ายการทำงานข้ามหน่วยงานอย่างยั่งยืน",
            "Coordinate partner agencies into a lasting cross-agency network.",
        ),
        (
            "พัฒนาผู้นำการเปลี่ยนแปลงของจังหวัด",
            "Develop change leaders for the province.",
        ),
        (
            "พัฒนาระบบข้อมูล การจัดการความรู้ และงานวิจัยเชิงพื้นที่ที่ครอบคลุมการพัฒนาทุกมิติ",
            "Develop data systems, knowledge management and area research covering every "
            "dimension of development.",
        ),
        (
            "ร่วมกันจัดทำแผนยุทธศาสตร์จังหวัดและแผนพัฒนาตำบลโดยพื้นที่เป็นตัวตั้ง",
            "Jointly make the provincial strategic plan and area-based tambon development plans.",
        ),
    ),
    activities=(
        ActivitySpec(
            kind=Activity.Kind.BUDGET_HANDOVER,
            title_th=(
                "มอบงบประมาณโครงการเสริมสร้างขีดความสามารถ สวัสดิการชุมชน บ้านพอเพียง และการเชื่อมโยงธุรกิจชุมชน"
            ),
            title_en=(
                "Budget hand-over: capacity building, community welfare, Baan Por Pieng and "
                "community business linkage"
            ),
            description_th="ไม่ได้เผยแพร่จำนวนเงิน",
            description_en="The amounts were not published.",
            starts_on=D(2021, 2, 22),
        ),
        ActivitySpec(
            kind=Activity.Kind.FIELD_VISIT,
            title_th="เยี่ยมบ้านพอเพียง บ้านหนองแวง",
            title_en="Visit to a Baan Por Pieng house in Ban Nong Waeng",
            starts_on=D(2021, 2, 22),
        ),
    ),
)


# 3. Ratchaburi, 28 February 2023 (BE 2566): 2 parties, many witnesses, one fiscal year's budget.

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
    title_th=("บันทึกความร่วมมือรับงบประมาณและขับเคลื่อนงานพัฒนา โดยพื้นที่เป็นตัวตั้งชุมชนเป็นแกนหลัก ปี 2566"),
    summary_th=(
        "เครือข่ายขบวนองค์กรชุมชนจังหวัดราชบุรีรับงบประมาณจาก พอช. ปีงบประมาณ 2566 "
        "รวม 6,340,120 บาท เพื่อขับเคลื่อนงานพัฒนาโดยพื้นที่เป็นตัวตั้งและชุมชนเป็นแกนหลัก"
    ),
    summary_en=(
        "The Ratchaburi community organisations network receives CODI's FY 2566 budget, "
        "6,340,120 THB in all, for area-based, community-led development."
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
        # The network's signatory is not named in the published news.
        _party(RATCHABURI_NETWORK),
        _party(
            CODI,
            "นายศุภสิทธิ์ ศรีสว่าง",
            "ผู้ช่วยผู้อำนวยการภาค (ปฏิบัติการพื้นที่) สำนักงานภาคกลางและตะวันตก",
        ),
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
        _party(
            OrganisationSpec(
                name_th="สำนักงาน กศน. จังหวัดราชบุรี",
                name_en="Ratchaburi Provincial Office of Non-Formal and Informal Education",
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
            "ปลัด อบต.เตาปูน",
            role=Role.WITNESS,
        ),
        # Civil society is represented by a person, not an organisation.
        _party(None, "นายทศพล แก้วทิมา", "ภาคประชาสังคม", role=Role.WITNESS),
    ),
    allocations=RATCHABURI_FY2566_ALLOCATIONS,
)


# 4. Nakhon Ratchasima, 23 May 2024 (BE 2567): 3 parties, presiding official, witnesses,
# "3 years from signing".

NAKHON_RATCHASIMA = AgreementSpec(
    reference="MOU-2567-30-01",
    kind=Agreement.Kind.MOU,
    title_th=("บันทึกข้อตกลงความร่วมมือการเสริมสร้างและพัฒนาความเข้มแข็งของชุมชนท้องถิ่นอย่างบูรณาการ"),
    summary_th=(
        "จังหวัดนครราชสีมามี 32 อำเภอ 333 ตำบล แบ่งการทำงานเครือข่ายเป็น 10 โซน "
        "มีสภาองค์กรชุมชนตำบลที่จดแจ้งจัดตั้งแล้ว 332 แห่ง กองทุนสวัสดิการชุมชน 161 กองทุน "
        "สมาชิกกว่า 150,000 คน เงินหมุนเวียนประมาณ 400 ล้านบาท "
        "งานที่ดินและที่อยู่อาศัยระหว่างปี 2546–2567 ดำเนินการใน 188 ตำบล "
        "มีผู้ได้รับประโยชน์ 7,570 ครัวเรือน "
        "และในปีงบประมาณ 2567 พอช. สนับสนุนงบประมาณแก่จังหวัดกว่า 15 ล้านบาท"
    ),
    summary_en=(
        "Nakhon Ratchasima has 32 districts and 333 tambons in 10 network zones, 332 registered "
        "tambon community organisation councils, and 161 community welfare funds with over "
        "150,000 members and about 400 million THB in circulation. Land and housing work from "
        "2003 to 2024 reached 188 tambons and 7,570 households. CODI's support to the province "
        "in FY 2567 was over 15 million THB."
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
        _party(
            OrganisationSpec(
                name_th="จังหวัดนครราชสีมา",
                name_en="Nakhon Ratchasima Province",
                kind=Kind.PROVINCIAL_OFFICE,
                province="nakhon-ratchasima",
            ),
            "นายวิจิตร กิจวิรัตน์",
            "รองผู้ว่าราชการจังหวัดนครราชสีมา",
            role=Role.PRESIDING,
        ),
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
            "นายสมพงษ์ แสงศิริ",
            "ประธาน",
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
    clauses=(
        (
            "ร่วมวิจัยพัฒนาแพลตฟอร์มการแก้ไขปัญหาความยากจนแบบเบ็ดเสร็จและแม่นยำของจังหวัดนครราชสีมา "
            "ได้แก่ กลไกแก้ไขปัญหาความยากจนระดับจังหวัด ฐานข้อมูลครัวเรือนเป้าหมาย"
            "รวมถึงชุมชนริมทางรถไฟ การส่งต่อและติดตามความช่วยเหลือ "
            "ต้นแบบการแก้ไขปัญหาความยากจน และข้อเสนอเชิงนโยบาย",
            "Research on the province's platform for complete and precise poverty eradication: "
            "a provincial poverty mechanism, a targeted household database including "
            "railway-side communities, referral and follow-up, poverty-solving models, policy "
            "proposals.",
        ),
        (
            "เสริมสร้างความเข้มแข็งของเครือข่ายองค์กรชุมชนจังหวัดนครราชสีมา "
            "ให้สอดคล้องกับยุทธศาสตร์ของจังหวัดและของเครือข่าย",
            "Strengthening the province's community organisation networks in line with "
            "provincial and network strategies.",
        ),
        (
            "วิจัยเพื่อแก้ไขปัญหาของท้องถิ่น นำงานวิจัย องค์ความรู้ เทคโนโลยี และนวัตกรรมไปใช้ประโยชน์ "
            "และพัฒนาคลังข้อมูลและการจัดการความรู้เพื่อการวางแผน",
            "Research to solve local problems, use of research, knowledge, technology and "
            "innovation, a data warehouse and knowledge management for planning.",
        ),
        (
            "ด้านการศึกษา พัฒนาพื้นที่ Social Lab และถ่ายทอดองค์ความรู้แบบสหวิทยาการ"
            "แก่นักศึกษาฝึกงาน บัณฑิต และผู้นำเครือข่าย",
            "Education: Social Lab areas, transfer of interdisciplinary knowledge to interns, "
            "graduates and network leaders.",
        ),
    ),
)

AGREEMENTS = (KANCHANABURI, MUKDAHAN, RATCHABURI, NAKHON_RATCHASIMA)
