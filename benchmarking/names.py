"""Thai words the benchmark registry is made of, so that Thai search has something real to find.

Templates take `{province}`, `{district}` and `{subdistrict}` (Thai names from the reference
geography). Titles also take `{fiscal_year}`.
"""

from partners.models import Organisation

Kind = Organisation.Kind

# The provincial community network signs nearly every agreement of its province (party 1), as
# CODI's provincial partner does: it makes one partner page with hundreds of agreements.
HUB_ORGANISATION = "เครือข่ายองค์กรชุมชนจังหวัด{province}"

# (kind, name) for the other organisations; most are local, as CODI's partners are.
SUBDISTRICT_ORGANISATIONS = [
    (Kind.COMMUNITY_COUNCIL, "สภาองค์กรชุมชนตำบล{subdistrict}"),
    (Kind.COMMUNITY_NETWORK, "เครือข่ายบ้านมั่นคงตำบล{subdistrict}"),
    (Kind.COMMUNITY_NETWORK, "กองทุนสวัสดิการชุมชนตำบล{subdistrict}"),
    (Kind.LOCAL_GOVERNMENT, "องค์การบริหารส่วนตำบล{subdistrict}"),
    (Kind.LOCAL_GOVERNMENT, "เทศบาลตำบล{subdistrict}"),
    (Kind.COLLEGE, "โรงเรียนบ้าน{subdistrict}"),
    (Kind.OTHER, "วิสาหกิจชุมชนตำบล{subdistrict}"),
]
DISTRICT_ORGANISATIONS = [
    (Kind.DISTRICT_OFFICE, "ที่ว่าการอำเภอ{district}"),
    (Kind.COMMUNITY_NETWORK, "เครือข่ายองค์กรชุมชนอำเภอ{district}"),
]
PROVINCE_ORGANISATIONS = [
    (Kind.UNIVERSITY, "มหาวิทยาลัยราชภัฏ{province}"),
    (Kind.UNIVERSITY, "สถาบันวิจัยและพัฒนา มหาวิทยาลัยราชภัฏ{province}"),
    (Kind.UNIVERSITY, "คณะมนุษยศาสตร์และสังคมศาสตร์ มหาวิทยาลัยราชภัฏ{province}"),
    (Kind.COLLEGE, "วิทยาลัยชุมชน{province}"),
    (Kind.PROVINCIAL_OFFICE, "สำนักงานพัฒนาสังคมและความมั่นคงของมนุษย์จังหวัด{province}"),
    (Kind.PROVINCIAL_OFFICE, "สำนักงานเกษตรจังหวัด{province}"),
    (Kind.FARMERS_COUNCIL, "สภาเกษตรกรจังหวัด{province}"),
    (Kind.FOUNDATION, "มูลนิธิพัฒนาชุมชน{province}"),
]

HONORIFICS = ["นาย", "นาง", "นางสาว", "ดร.", "ผศ.ดร.", "รศ.ดร.", "ว่าที่ร้อยตรี"]
FIRST_NAMES = [
    "สมชาย", "สมศรี", "ประเสริฐ", "วิไลวรรณ", "อดิศร", "สุนทร", "กาญจนา", "ธนพล", "พรทิพย์",
    "บุญมี", "จันทร์เพ็ญ", "สมบัติ", "ณัฐพงษ์", "ศิริพร", "วีระ", "อรุณี", "ชาตรี", "มาลี",
]  # fmt: skip
LAST_NAMES = [
    "ใจดี", "ศรีสุข", "เนาวนนท์", "บุญเรือง", "แก้วมณี", "ทองคำ", "พรหมมา", "สายสุวรรณ",
    "วงศ์ใหญ่", "จันทร์หอม", "มีสุข", "ศักดิ์สิทธิ์", "รัตนพันธ์", "อินทร์แก้ว", "พึ่งบุญ",
]  # fmt: skip
POSITIONS = [
    "ผู้อำนวยการ",
    "ประธานสภาองค์กรชุมชนตำบล",
    "นายกองค์การบริหารส่วนตำบล",
    "อธิการบดี",
    "นายอำเภอ",
    "ผู้ว่าราชการจังหวัด",
    "ผู้ประสานงานเครือข่าย",
]

AGREEMENT_TITLES = [
    "บันทึกข้อตกลงความร่วมมือการพัฒนาที่อยู่อาศัยโครงการบ้านพอเพียง ตำบล{subdistrict} จังหวัด{province}",
    "บันทึกข้อตกลงความร่วมมือการขับเคลื่อนงานสภาองค์กรชุมชน จังหวัด{province}",
    "บันทึกข้อตกลงความร่วมมือโครงการบ้านมั่นคง ชุมชนตำบล{subdistrict}",
    "บันทึกข้อตกลงความร่วมมือทางวิชาการเพื่อการพัฒนาชุมชนท้องถิ่น จังหวัด{province}",
    "บันทึกข้อตกลงการสนับสนุนกองทุนสวัสดิการชุมชน ปีงบประมาณ {fiscal_year}",
    "บันทึกข้อตกลงความร่วมมือการแก้ไขปัญหาความยากจนแบบเบ็ดเสร็จและแม่นยำ จังหวัด{province}",
    "บันทึกข้อตกลงความร่วมมือการพัฒนาเศรษฐกิจชุมชน อำเภอ{district}",
    "บันทึกข้อตกลงความร่วมมือการจัดการทรัพยากรธรรมชาติโดยชุมชน ตำบล{subdistrict}",
]
AGREEMENT_TITLES_EN = [
    "MOU on Baan Por Pieng housing repair, {province}",
    "MOU on community organisation councils, {province}",
    "MOU on Baan Mankong secure housing, {province}",
    "MOU on academic cooperation for local development, {province}",
    "Agreement on community welfare funds, FY {fiscal_year}",
    "MOU on poverty eradication, {province}",
    "MOU on community economy, {province}",
    "MOU on community natural resource management, {province}",
]
VENUES = [
    "ศาลากลางจังหวัด{province}",
    "หอประชุมมหาวิทยาลัยราชภัฏ{province}",
    "ที่ทำการองค์การบริหารส่วนตำบล{subdistrict}",
    "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) กรุงเทพมหานคร",
]

CLAUSES = [
    "ร่วมกันสำรวจข้อมูลครัวเรือนผู้มีรายได้น้อยและผู้เดือดร้อนด้านที่อยู่อาศัย",
    "สนับสนุนการซ่อมแซมบ้านพอเพียงชนบทให้ครัวเรือนที่ผ่านการคัดเลือก",
    "พัฒนาศักยภาพแกนนำชุมชนและสภาองค์กรชุมชนตำบล",
    "ส่งเสริมกองทุนสวัสดิการชุมชนให้ครอบคลุมทุกตำบล",
    "จัดทำแผนพัฒนาตำบลโดยชุมชนเป็นแกนหลัก",
    "แลกเปลี่ยนข้อมูลและองค์ความรู้ด้านการพัฒนาชุมชนท้องถิ่น",
    "ติดตามและประเมินผลการดำเนินงานร่วมกันปีละหนึ่งครั้ง",
]
RESPONSIBILITIES = [
    "สนับสนุนงบประมาณตามระเบียบของหน่วยงาน",
    "จัดหาวิทยากรและสถานที่ในการจัดอบรม",
    "ประสานงานกับชุมชนและหน่วยงานในพื้นที่",
    "รายงานผลการดำเนินงานต่อคณะทำงานร่วม",
    "ให้คำปรึกษาทางวิชาการและจัดทำฐานข้อมูลชุมชน",
]
# Proposals, with {province}, {district} and {subdistrict} filled in.
PROPOSAL_TITLES = [
    "ข้อเสนอแผนพัฒนาตำบล{subdistrict} ด้านที่อยู่อาศัยของชุมชน",
    "ข้อเสนอธรรมนูญตำบล{subdistrict} ต่อผู้ว่าราชการจังหวัด{province}",
    "ข้อเสนอการจัดการที่ดินทำกินของชุมชนอำเภอ{district}",
    "ข้อเสนอสวัสดิการชุมชนจังหวัด{province} เข้าสู่แผนพัฒนาจังหวัด",
    "ข้อเสนอบ้านมั่นคงชนบทตำบล{subdistrict} อำเภอ{district}",
    "ข้อเสนอเศรษฐกิจชุมชนและเกษตรอินทรีย์จังหวัด{province}",
]

ACTIVITY_TITLES = [
    "ประชุมคณะทำงานร่วมติดตามความก้าวหน้า",
    "อบรมพัฒนาศักยภาพแกนนำชุมชน",
    "ลงพื้นที่ติดตามการซ่อมแซมบ้านพอเพียง",
    "ส่งมอบงบประมาณสนับสนุนกองทุนสวัสดิการชุมชน",
    "เวทีทบทวนผลการดำเนินงานประจำปี",
]
