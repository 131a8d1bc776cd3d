"""The workbook's sheets: each one's Thai and English name and its columns (key, Thai header,
English header), in the order the export writes them; and the Agreement fields the agreements
sheet sets."""

from dataclasses import dataclass

from ..imports import ActivityResource


@dataclass(frozen=True)
class Sheet:
    name: str  # Thai: the name the export writes
    name_en: str
    columns: tuple  # (key, Thai header, English header)

    def headers(self):
        return [th for _key, th, _en in self.columns]

    def english(self):
        return [en for _key, _th, en in self.columns]


AGREEMENTS = Sheet(
    "ข้อตกลง",
    "agreements",
    (
        ("reference", "เลขที่ข้อตกลง", "reference"),
        ("kind", "ประเภท", "kind"),
        ("title_th", "ชื่อข้อตกลง (ไทย)", "title_th"),
        ("title_en", "ชื่อข้อตกลง (อังกฤษ)", "title_en"),
        ("summary_th", "สาระสำคัญ (ไทย)", "summary_th"),
        ("summary_en", "สาระสำคัญ (อังกฤษ)", "summary_en"),
        ("signed_on", "วันที่ลงนาม (พ.ศ.)", "signed_on (BE dd/mm/yyyy)"),
        ("venue_th", "สถานที่ลงนาม (ไทย)", "venue_th"),
        ("venue_en", "สถานที่ลงนาม (อังกฤษ)", "venue_en"),
        ("province", "จังหวัด", "province"),
        ("term_mode", "ระยะเวลากำหนดเป็น", "term_mode"),
        ("term_length", "ระยะเวลา (จำนวน)", "term_length"),
        ("term_unit", "หน่วยของระยะเวลา", "term_unit"),
        ("term_fiscal_year", "ปีงบประมาณของระยะเวลา (พ.ศ.)", "term_fiscal_year (BE)"),
        ("starts_on", "วันเริ่มต้น (พ.ศ.)", "starts_on (BE dd/mm/yyyy)"),
        ("ends_on", "วันสิ้นสุด (พ.ศ.)", "ends_on (BE dd/mm/yyyy)"),
        ("terminated_on", "วันที่ยกเลิก (พ.ศ.)", "terminated_on (BE dd/mm/yyyy)"),
        ("themes", "ประเด็น", "themes (one per line)"),
        ("source_url", "แหล่งที่มา (URL)", "source_url"),
        ("review_state", "สถานะการตรวจทาน (ไม่นำเข้า)", "review_state (not imported)"),
    ),
)
ORGANISATIONS = Sheet(
    "องค์กร",
    "organisations",
    (
        ("name_th", "ชื่อองค์กร (ไทย)", "name_th"),
        ("province", "จังหวัดขององค์กร", "province (empty: national)"),
        ("name_en", "ชื่อองค์กร (อังกฤษ)", "name_en"),
        ("short_name_th", "ชื่อย่อ (ไทย)", "short_name_th"),
        ("short_name_en", "ชื่อย่อ (อังกฤษ)", "short_name_en"),
        ("kind", "ประเภทองค์กร", "kind"),
        ("parent", "สังกัด", "parent (name_th)"),
        ("parent_province", "จังหวัดของสังกัด", "parent's province"),
        ("website", "เว็บไซต์", "website"),
    ),
)
PARTIES = Sheet(
    "ภาคี",
    "parties",
    (
        ("reference", "เลขที่ข้อตกลง", "reference"),
        ("role", "บทบาท", "role"),
        ("order", "ลำดับ", "order"),
        ("organisation", "องค์กร", "organisation (name_th)"),
        ("organisation_province", "จังหวัดขององค์กร", "organisation's province"),
        ("organisation_name_th", "ชื่อองค์กรตามเอกสาร (ไทย)", "organisation_name_th"),
        ("organisation_name_en", "ชื่อองค์กรตามเอกสาร (อังกฤษ)", "organisation_name_en"),
        ("signatory_th", "ผู้ลงนาม (ไทย)", "signatory name_th"),
        ("signatory_en", "ผู้ลงนาม (อังกฤษ)", "signatory name_en"),
        ("signatory_title", "ตำแหน่งตามเอกสาร (ไทย)", "signatory_title"),
        ("signatory_title_en", "ตำแหน่งตามเอกสาร (อังกฤษ)", "signatory_title_en"),
    ),
)
CLAUSES = Sheet(
    "ขอบเขตความร่วมมือ",
    "clauses",
    (
        ("reference", "เลขที่ข้อตกลง", "reference"),
        ("order", "ข้อ", "order"),
        ("text_th", "ข้อความ (ไทย)", "text_th"),
        ("text_en", "ข้อความ (อังกฤษ)", "text_en"),
    ),
)
DUTIES = Sheet(
    "บทบาทหน้าที่",
    "duties",
    (
        ("reference", "เลขที่ข้อตกลง", "reference"),
        ("role", "บทบาทของฝ่าย", "party role"),
        ("party_order", "ลำดับของฝ่าย", "party order"),
        ("order", "ข้อ", "order"),
        ("text_th", "ข้อความ (ไทย)", "text_th"),
        ("text_en", "ข้อความ (อังกฤษ)", "text_en"),
    ),
)
COVERAGE = Sheet(
    "พื้นที่ครอบคลุม",
    "coverage",
    (
        ("reference", "เลขที่ข้อตกลง", "reference"),
        ("level", "ระดับ", "level (district / sub-district)"),
        ("code", "รหัส", "code"),
        ("name", "ชื่อ (ไทย)", "name_th"),
    ),
)
RENEWALS = Sheet(
    "การต่ออายุ",
    "renewals",
    (
        ("reference", "เลขที่ข้อตกลง", "reference"),
        ("renews", "ต่ออายุหรือแก้ไขข้อตกลงเลขที่", "renews (reference)"),
    ),
)
# The headers of import_allocations (budgets.imports.AllocationResource; written out here, as
# agreements does not import budgets, and compared with them in tests/agreements/test_workbook.py).
ALLOCATIONS = Sheet(
    "การจัดสรรงบประมาณ",
    "allocations",
    (
        ("reference", "เลขที่ข้อตกลง", "reference"),
        ("province", "จังหวัด", "province (empty: the agreement's)"),
        ("fiscal_year", "ปีงบประมาณ (พ.ศ.)", "fiscal_year (BE)"),
        ("programme", "โครงการ", "programme"),
        ("amount", "จำนวนเงิน (บาท)", "amount (THB)"),
        ("recipient", "ผู้รับงบประมาณ", "recipient (name_th)"),
        ("recipient_province", "จังหวัดของผู้รับงบประมาณ", "recipient's province"),
        ("public_note", "หมายเหตุ (เผยแพร่)", "public_note"),
        ("is_published", "เผยแพร่", "is_published (yes / no)"),
    ),
)


def _activity_header(name):
    return ActivityResource.fields[name].column_name


ACTIVITIES = Sheet(
    "กิจกรรมติดตาม",
    "activities",
    (
        ("reference", "เลขที่ข้อตกลง", "reference"),
        ("starts_on", _activity_header("starts_on"), "starts_on (BE dd/mm/yyyy)"),
        ("title_th", _activity_header("title_th"), "title_th"),
        ("province", _activity_header("province"), "province (empty: the agreement's)"),
        ("kind", _activity_header("kind"), "kind"),
        ("ends_on", _activity_header("ends_on"), "ends_on (BE dd/mm/yyyy)"),
        ("title_en", _activity_header("title_en"), "title_en"),
        ("participants", _activity_header("participants"), "participants"),
        ("description_th", _activity_header("description_th"), "description_th"),
        ("description_en", _activity_header("description_en"), "description_en"),
        ("outcome_th", _activity_header("outcome_th"), "outcome_th"),
        ("outcome_en", _activity_header("outcome_en"), "outcome_en"),
        ("amount_handed_over", _activity_header("amount_handed_over"), "amount_handed_over"),
        (
            "allocation_fiscal_year",
            "ปีงบประมาณของงบที่มอบ (พ.ศ.)",
            "allocation's fiscal_year (BE)",
        ),
        ("allocation_programme", "โครงการของงบที่มอบ", "allocation's programme"),
        ("is_published", _activity_header("is_published"), "is_published (yes / no)"),
    ),
)
SHEETS = (
    AGREEMENTS,
    ORGANISATIONS,
    PARTIES,
    CLAUSES,
    DUTIES,
    COVERAGE,
    RENEWALS,
    ALLOCATIONS,
    ACTIVITIES,
)

# The columns of Agreement a row of the agreements sheet sets, by the same names.
AGREEMENT_FIELDS = (
    "kind",
    "title_th",
    "title_en",
    "summary_th",
    "summary_en",
    "signed_on",
    "venue_th",
    "venue_en",
    "term_mode",
    "term_length",
    "term_unit",
    "term_fiscal_year",
    "starts_on",
    "ends_on",
    "terminated_on",
    "source_url",
)
