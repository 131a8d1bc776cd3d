"""Agreements as one workbook, a sheet per kind of row: `manage.py export_agreements` writes it,
`manage.py import_agreements` and the admin's "import a workbook" page read it back. The
exported workbook is also the template: export, import into an empty registry, and the same
agreements come back (tests/agreements/test_workbook.py compares their open-data records).

Sheets (Thai name, then the English one a file may use instead): ข้อตกลง (agreements), องค์กร
(organisations), ภาคี (parties), ขอบเขตความร่วมมือ (clauses), บทบาทหน้าที่ (duties),
พื้นที่ครอบคลุม (coverage), การต่ออายุ (renewals). Row 1 holds the Thai headers, row 2 the
field names in English (read as a note and skipped); data starts on row 3. docs/import.md lists
every column.

An agreement is found again by its reference: a row whose agreement already says the same thing
writes nothing, so importing a file twice changes nothing. A new or changed agreement is sent for
review (agreements.review: submitted), with history naming the file; the whole file is written
in one transaction or not at all. Organisations are found by Thai name and province (a merged
record's old name leads to the kept one) and people by their Thai name as written; those not
found are created, and the preview names them with the existing records whose names are close,
so that staff can pick one instead of creating a duplicate.

The cells are read with the import engine's widgets (importing.resources): BE dates, choices by
code or Thai/English label, provinces as people write them.
"""

import difflib
import hashlib
import re
from dataclasses import dataclass, field
from io import BytesIO

from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import translation
from django.utils.translation import gettext, pgettext
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from geography.access import regions_of, scope, sees_all_regions
from geography.imports import province_widget
from geography.models import District, Province, Subdistrict
from importing.files import FileRefused, check_cells, open_workbook, sheet_rows
from importing.resources import (
    ChoiceWidget,
    DateWidget,
    PreviewRow,
    TextWidget,
    WholeNumberWidget,
    _loose_header,
)
from partners.models import Organisation, Person
from thai import calendar as thai_calendar
from thai.text import fold

from . import review
from .models import Agreement, AgreementParty, Responsibility, ScopeClause, Theme


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
SHEETS = (AGREEMENTS, ORGANISATIONS, PARTIES, CLAUSES, DUTIES, COVERAGE, RENEWALS)

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
ROLE_RANK = {role: rank for rank, role in enumerate(AgreementParty.Role)}
LEVELS = {
    "district": {"อำเภอ", "เขต", "district"},
    "subdistrict": {"ตำบล", "แขวง", "sub-district", "subdistrict"},
}
LEVEL_NAMES = {"district": "อำเภอ", "subdistrict": "ตำบล"}
# Existing records whose names are at least this close (difflib's ratio, on folded names) are
# offered instead of a new one.
CLOSE_MATCH_CUTOFF = 0.75
CLOSE_MATCHES = 3
CLOSE_CANDIDATES = 20_000


# Writing


def be_date(day):
    return f"{day.day:02d}/{day.month:02d}/{thai_calendar.be_year(day.year)}" if day else ""


def _label(choices, code):
    return str(choices(code).label) if code else ""


def _text_cell(sheet, value, font=None):
    """A cell kept as the text it is: a title starting with "=" is never a formula."""
    cell = WriteOnlyCell(sheet, value=value)
    if isinstance(value, str):
        cell.data_type = "s"
    if font is not None:
        cell.font = font
    return cell


def export_queryset(queryset):
    """`queryset` with what the workbook reads, in the list's order."""
    return queryset.select_related("province", "renews").prefetch_related(
        "themes",
        "districts",
        "subdistricts",
        "clauses",
        "parties__organisation__province",
        "parties__signatory",
        "parties__responsibilities",
    )


def agreements_workbook(queryset) -> bytes:
    """The agreements of `queryset` (and the organisations they name) as an XLSX file."""
    agreements = list(export_queryset(queryset).order_by("signed_on", "reference"))
    rows = {sheet.name: [] for sheet in SHEETS}
    organisations = {}
    with translation.override("th"):
        for agreement in agreements:
            _agreement_rows(agreement, rows, organisations)
        _organisation_rows(organisations, rows[ORGANISATIONS.name])
    book = Workbook(write_only=True)
    bold, note = Font(bold=True), Font(italic=True, color="666666")
    for sheet in SHEETS:
        ws = book.create_sheet(title=sheet.name)
        ws.freeze_panes = "A3"
        ws.append([_text_cell(ws, header, bold) for header in sheet.headers()])
        ws.append([_text_cell(ws, header, note) for header in sheet.english()])
        for row in rows[sheet.name]:
            ws.append([_text_cell(ws, value) for value in row])
    buffer = BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _agreement_rows(agreement, rows, organisations):
    reference = agreement.reference
    themes = sorted(agreement.themes.all(), key=lambda theme: theme.title_th)
    rows[AGREEMENTS.name].append(
        [
            reference,
            _label(Agreement.Kind, agreement.kind),
            agreement.title_th,
            agreement.title_en,
            agreement.summary_th,
            agreement.summary_en,
            be_date(agreement.signed_on),
            agreement.venue_th,
            agreement.venue_en,
            agreement.province.name_th,
            _label(Agreement.TermMode, agreement.term_mode),
            agreement.term_length,
            _label(Agreement.TermUnit, agreement.term_unit),
            agreement.term_fiscal_year,
            be_date(agreement.starts_on),
            be_date(agreement.ends_on),
            be_date(agreement.terminated_on),
            "\n".join(theme.title_th for theme in themes),
            agreement.source_url,
            _label(Agreement.ReviewState, agreement.review_state),
        ]
    )
    parties = sorted(agreement.parties.all(), key=lambda p: (ROLE_RANK[p.role], p.order, p.pk))
    for party in parties:
        organisation = party.organisation
        if organisation is not None:
            _collect_organisation(organisation, organisations)
        signatory = party.signatory
        role = _label(AgreementParty.Role, party.role)
        rows[PARTIES.name].append(
            [
                reference,
                role,
                party.order,
                organisation.name_th if organisation else "",
                _province_name(organisation),
                party.organisation_name_th,
                party.organisation_name_en,
                signatory.name_th if signatory else "",
                signatory.name_en if signatory else "",
                party.signatory_title,
                party.signatory_title_en,
            ]
        )
        for duty in sorted(party.responsibilities.all(), key=lambda d: (d.order, d.pk)):
            rows[DUTIES.name].append(
                [reference, role, party.order, duty.order, duty.text_th, duty.text_en]
            )
    for clause in sorted(agreement.clauses.all(), key=lambda c: (c.order, c.pk)):
        rows[CLAUSES.name].append([reference, clause.order, clause.text_th, clause.text_en])
    for district in sorted(agreement.districts.all(), key=lambda d: d.code):
        rows[COVERAGE.name].append([reference, "อำเภอ", district.code, district.name_th])
    for subdistrict in sorted(agreement.subdistricts.all(), key=lambda s: s.code):
        rows[COVERAGE.name].append([reference, "ตำบล", subdistrict.code, subdistrict.name_th])
    if agreement.renews_id:
        rows[RENEWALS.name].append([reference, agreement.renews.reference])


def _province_name(organisation):
    return organisation.province.name_th if organisation and organisation.province else ""


def _collect_organisation(organisation, organisations):
    seen = set()
    while organisation is not None and organisation.pk not in seen:
        seen.add(organisation.pk)
        organisations.setdefault(organisation.pk, organisation)
        organisation = organisation.parent


def _organisation_rows(organisations, rows):
    for organisation in sorted(organisations.values(), key=lambda o: (o.name_th, o.pk)):
        parent = organisation.parent
        rows.append(
            [
                organisation.name_th,
                _province_name(organisation),
                organisation.name_en,
                organisation.short_name_th,
                organisation.short_name_en,
                _label(Organisation.Kind, organisation.kind),
                parent.name_th if parent else "",
                _province_name(parent),
                organisation.website,
            ]
        )


# Reading


class WorkbookError(Exception):
    """The file as a whole cannot be read (not an XLSX, no agreements sheet, a missing column)."""


@dataclass
class SheetRow:
    sheet: Sheet
    number: int  # as the spreadsheet shows it
    cells: dict

    def where(self):
        return gettext("sheet %(sheet)s, row %(number)s") % {
            "sheet": self.sheet.name,
            "number": self.number,
        }


def read_workbook(data: bytes) -> dict:
    """{sheet name: [SheetRow]} of every sheet of SHEETS the file has (agreements required)."""
    # Through the import engine's caps (importing.files): the file's size, what its ZIP
    # unpacks to, each sheet's rows and each cell's length; a refusal says why in Thai.
    try:
        book = open_workbook(data)
    except FileRefused as refused:
        raise WorkbookError(str(refused)) from None
    try:
        titles = {_loose_header(title): title for title in book.sheetnames}
        found = {}
        for sheet in SHEETS:
            title = titles.get(_loose_header(sheet.name)) or titles.get(
                _loose_header(sheet.name_en)
            )
            if title is None:
                if sheet is AGREEMENTS:
                    raise WorkbookError(
                        gettext("The workbook has no sheet “%(sheet)s”.") % {"sheet": sheet.name}
                    )
                found[sheet.name] = []
                continue
            found[sheet.name] = _read_sheet(sheet, book[title])
        return found
    finally:
        book.close()


def _plain(text):
    return re.sub(r"\s+", "", text).casefold()


def _column_indexes(sheet, header):
    """{column key: index in `header`}: a header as the export writes it (spaces and case
    aside), its English name or the key; else without its note in brackets ("จังหวัด (ชื่อ)"),
    where that leaves it unlike the other columns' (the Thai and English titles differ only
    in their notes)."""
    exact = [_plain(text) for text in header]
    loose = [_loose_header(text) for text in header]
    looses = [_loose_header(th) for _key, th, _en in sheet.columns]
    names = {}
    for key, th, en in sheet.columns:
        for candidate in (th, en, key):
            if _plain(candidate) in exact:
                names[key] = exact.index(_plain(candidate))
                break
        else:
            wanted = _loose_header(th)
            if looses.count(wanted) == 1 and loose.count(wanted) == 1:
                names[key] = loose.index(wanted)
    return names


def _read_sheet(sheet, worksheet):
    try:
        return _sheet_rows(sheet, worksheet)
    except FileRefused as refused:
        raise WorkbookError(str(refused)) from None


def _sheet_rows(sheet, worksheet):
    rows = sheet_rows(worksheet)
    header = [str(cell) if cell is not None else "" for cell in next(rows, ())]
    names = _column_indexes(sheet, header)
    required = [sheet.columns[0]] if sheet is not ORGANISATIONS else list(sheet.columns[:2])
    missing = [th for key, th, _en in required if key not in names]
    if missing:
        raise WorkbookError(
            gettext("Sheet %(sheet)s has no column %(columns)s (the header is row 1).")
            % {"sheet": sheet.name, "columns": ", ".join(f"“{name}”" for name in missing)}
        )
    # Row 2 of an exported workbook names the columns in English: a note, not data.
    known = {_loose_header(name) for key, _th, en in sheet.columns for name in (key, en)}
    result = []
    for number, values in enumerate(rows, start=2):
        check_cells(values, number)
        values = list(values)
        if not any(value not in (None, "") for value in values):
            continue
        loose = [_loose_header(str(v)) if v is not None else "" for v in values]
        if number == 2 and all(value in known for value in loose if value):
            continue
        cells = {
            key: values[index] if index < len(values) else None for key, index in names.items()
        }
        result.append(SheetRow(sheet, number, cells))
    return result


# Planning: what the file would write, without writing


def _key_hash(*parts):
    return hashlib.sha1("|".join(parts).encode()).hexdigest()[:12]


@dataclass
class NewRecord:
    """An organisation or a person the import would create, and the existing records with a
    close name that staff may pick instead (`field`: the admin's form field of the pick)."""

    kind: str  # "organisation" or "person"
    label: str
    field: str
    close: list = field(default_factory=list)  # [(pk, label)]
    picked: object = None  # the existing record staff picked instead


@dataclass
class PartyPlan:
    role: str
    order: int
    organisation: object  # Organisation, an org key tuple (new), or None
    organisation_name_th: str
    organisation_name_en: str
    signatory: object  # Person, a name tuple (new), or None
    signatory_title: str
    signatory_title_en: str
    duties: list = field(default_factory=list)  # [(order, th, en)]


@dataclass
class AgreementPlan:
    row: PreviewRow
    reference: str
    instance: Agreement = None
    themes: list = field(default_factory=list)
    districts: list = field(default_factory=list)
    subdistricts: list = field(default_factory=list)
    parties: list = field(default_factory=list)
    clauses: list = field(default_factory=list)
    renews: str = ""


@dataclass
class Plan:
    file_name: str
    agreements: list = field(default_factory=list)  # [AgreementPlan]
    refusals: list = field(default_factory=list)
    new_organisations: dict = field(default_factory=dict)  # key -> NewRecord
    new_people: dict = field(default_factory=dict)
    organisation_details: dict = field(default_factory=dict)  # key -> SheetRow

    @property
    def rows(self):
        return [agreement.row for agreement in self.agreements]

    @property
    def refused(self):
        return bool(self.refusals) or any(row.status == "error" for row in self.rows)

    def counts(self):
        counts = {}
        for row in self.rows:
            counts[row.status] = counts.get(row.status, 0) + 1
        return counts


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _clean(widget, value, messages, header):
    try:
        return widget.clean(value)
    except ValueError as error:
        messages.append(f"{header}: {error}")
        return None


def _text(value):
    return TextWidget().clean(value)


class Planner:
    """Reads a workbook and works out what importing it would write, row by row."""

    def __init__(self, sheets, *, user=None, file_name="", picks=None):
        self.sheets = sheets
        self.user = user
        self.plan = Plan(file_name=file_name)
        self.picks = picks or {}
        self.regions = None
        if user is not None and not sees_all_regions(user):
            self.regions = set(regions_of(user))
        self.provinces = province_widget()
        self.organisation_provinces = province_widget()
        self.themes = {}
        for theme in Theme.objects.all():
            for name in (theme.title_th, theme.title_en, theme.slug):
                if name:
                    self.themes[fold(name)] = theme
        self.organisations = {}
        self.people = {}
        self.close_candidates = {}

    def run(self):
        by_reference = {}
        for sheet_row in self.sheets[AGREEMENTS.name]:
            agreement = self._agreement(sheet_row)
            if agreement.reference in by_reference:
                agreement.row.status = "error"
                agreement.row.messages.append(
                    gettext("The reference %(reference)s is on more than one row.")
                    % {"reference": agreement.reference}
                )
            by_reference.setdefault(agreement.reference, agreement)
            self.plan.agreements.append(agreement)
        for sheet_row in self.sheets[ORGANISATIONS.name]:
            key = self._organisation_key(
                sheet_row.cells.get("name_th"), sheet_row.cells.get("province"), []
            )
            if key:
                self.plan.organisation_details[key] = sheet_row
        self._children(by_reference)
        self._organisation_sheet()
        for agreement in self.plan.agreements:
            if agreement.row.status != "error":
                agreement.row.status = self._status(agreement)
        return self.plan

    def _organisation_sheet(self):
        """Check the rows of the organisations the file creates, and find (or list as new)
        their parents."""
        headers = {key: th for key, th, _en in ORGANISATIONS.columns}
        for key, sheet_row in list(self.plan.organisation_details.items()):
            if key not in self.plan.new_organisations:
                continue  # an existing organisation is used as it is
            cells, messages = sheet_row.cells, []
            _clean(ChoiceWidget(Organisation.Kind), cells.get("kind"), messages, headers["kind"])
            if not _blank(cells.get("parent")):
                parent = self._organisation_key(
                    cells.get("parent"), cells.get("parent_province"), messages
                )
                if parent:
                    self._organisation(parent)
            self.plan.refusals.extend(f"{sheet_row.where()}: {message}" for message in messages)

    # The agreements sheet

    def _agreement(self, sheet_row):
        cells = sheet_row.cells
        messages = []
        reference = _text(cells.get("reference"))
        row = PreviewRow(sheet_row.number, "new", reference or "—", messages)
        plan = AgreementPlan(row=row, reference=reference)
        headers = {key: th for key, th, _en in AGREEMENTS.columns}
        if not reference:
            messages.append(gettext("%(column)s is empty.") % {"column": headers["reference"]})
        values = {}
        for name in AGREEMENT_FIELDS:
            values[name] = _clean(self._widget(name), cells.get(name), messages, headers[name])
        province = None
        if _blank(cells.get("province")):
            messages.append(gettext("%(column)s is empty.") % {"column": headers["province"]})
        else:
            province = _clean(self.provinces, cells.get("province"), messages, headers["province"])
        for name in _split_lines(cells.get("themes")):
            theme = self.themes.get(fold(name))
            if theme is None:
                messages.append(
                    gettext("%(column)s: no theme “%(value)s”.")
                    % {"column": headers["themes"], "value": name}
                )
            else:
                plan.themes.append(theme)
        existing = None
        if reference:
            existing = Agreement.objects.select_related("province").filter(reference=reference)
            existing = existing.first()
            if existing is not None and not self._mine(existing.province):
                messages.append(
                    gettext(
                        "The reference %(reference)s cannot be used: an agreement outside your "
                        "regions has it."
                    )
                    % {"reference": reference}
                )
                existing = None
        if province is not None and not self._mine(province):
            messages.append(
                gettext("%(province)s is outside your regions.") % {"province": province}
            )
        instance = existing or Agreement(reference=reference)
        plan.instance = instance
        instance._before = _snapshot(existing) if existing else None
        if messages:
            row.status = "error"
            return plan
        for name, value in values.items():
            if name in ("term_length", "term_fiscal_year", "starts_on", "ends_on", "terminated_on"):
                setattr(instance, name, value)
            elif name == "kind":
                setattr(instance, name, value or Agreement.Kind.MOU)
            elif name == "term_mode":
                setattr(instance, name, value or Agreement.TermMode.DATES)
            else:
                setattr(instance, name, value if value is not None else "")
        instance.province = province
        try:
            instance.full_clean(exclude=["version"])
        except ValidationError as error:
            row.status = "error"
            names = {key: th for key, th, _en in AGREEMENTS.columns}
            for name, errors in error.message_dict.items():
                for message in errors:
                    if name == NON_FIELD_ERRORS or name not in names:
                        messages.append(message)
                    else:
                        messages.append(f"{names[name]}: {message}")
        return plan

    def _widget(self, name):
        if name == "kind":
            return ChoiceWidget(Agreement.Kind)
        if name == "term_mode":
            return ChoiceWidget(Agreement.TermMode)
        if name == "term_unit":
            return ChoiceWidget(Agreement.TermUnit)
        if name in ("term_length", "term_fiscal_year"):
            return WholeNumberWidget()
        if name in ("signed_on", "starts_on", "ends_on", "terminated_on"):
            return DateWidget()
        return TextWidget()

    def _mine(self, province):
        return self.regions is None or province.region_id in self.regions

    # The other sheets

    def _children(self, by_reference):
        for sheet in (PARTIES, DUTIES, CLAUSES, COVERAGE, RENEWALS):
            for sheet_row in self.sheets[sheet.name]:
                reference = _text(sheet_row.cells.get("reference"))
                agreement = by_reference.get(reference)
                if agreement is None:
                    self.plan.refusals.append(
                        gettext(
                            "%(where)s: the agreement %(reference)s is not on the sheet %(sheet)s."
                        )
                        % {
                            "where": sheet_row.where(),
                            "reference": reference or "—",
                            "sheet": AGREEMENTS.name,
                        }
                    )
                    continue
                messages = []
                getattr(self, f"_{sheet.name_en}")(agreement, sheet_row, messages)
                if messages:
                    agreement.row.status = "error"
                    agreement.row.messages.extend(
                        f"{sheet_row.where()}: {message}" for message in messages
                    )

    def _parties(self, agreement, sheet_row, messages):
        cells = sheet_row.cells
        headers = {key: th for key, th, _en in PARTIES.columns}
        role = _clean(
            ChoiceWidget(AgreementParty.Role), cells.get("role"), messages, headers["role"]
        )
        order = _clean(WholeNumberWidget(), cells.get("order"), messages, headers["order"])
        role = role or AgreementParty.Role.PARTY
        order = order or 1
        organisation = None
        if not _blank(cells.get("organisation")):
            key = self._organisation_key(
                cells.get("organisation"), cells.get("organisation_province"), messages
            )
            if key:
                organisation = self._organisation(key)
        signatory = None
        if not _blank(cells.get("signatory_th")):
            signatory = self._person(_text(cells["signatory_th"]), _text(cells.get("signatory_en")))
        if organisation is None and signatory is None and not messages:
            messages.append(gettext("Give an organisation, a person, or both."))
        if any((p.role, p.order) == (role, order) for p in agreement.parties):
            messages.append(
                gettext("Two rows have the role %(role)s and the order %(order)s.")
                % {"role": AgreementParty.Role(role).label, "order": order}
            )
        if messages:
            return
        name_th = _text(cells.get("organisation_name_th"))
        name_en = _text(cells.get("organisation_name_en"))
        if isinstance(organisation, Organisation) and not name_th:
            # The template's rows may leave the name as written empty: the organisation's.
            name_th, name_en = organisation.name_th, name_en or organisation.name_en
        elif not name_th and organisation is not None:
            details = self.plan.organisation_details.get(organisation)
            name_th = organisation[0]
            if details and not name_en:
                name_en = _text(details.cells.get("name_en"))
        agreement.parties.append(
            PartyPlan(
                role=role,
                order=order,
                organisation=organisation,
                organisation_name_th=name_th,
                organisation_name_en=name_en,
                signatory=signatory,
                signatory_title=_text(cells.get("signatory_title")),
                signatory_title_en=_text(cells.get("signatory_title_en")),
            )
        )

    def _duties(self, agreement, sheet_row, messages):
        cells = sheet_row.cells
        headers = {key: th for key, th, _en in DUTIES.columns}
        role = _clean(
            ChoiceWidget(AgreementParty.Role), cells.get("role"), messages, headers["role"]
        )
        party_order = _clean(
            WholeNumberWidget(), cells.get("party_order"), messages, headers["party_order"]
        )
        order = _clean(WholeNumberWidget(), cells.get("order"), messages, headers["order"])
        text_th = _text(cells.get("text_th"))
        if not text_th:
            messages.append(gettext("%(column)s is empty.") % {"column": headers["text_th"]})
        if messages:
            return
        role = role or AgreementParty.Role.PARTY
        party = next(
            (p for p in agreement.parties if (p.role, p.order) == (role, party_order)), None
        )
        if party is None:
            messages.append(
                gettext(
                    "No party with the role %(role)s and the order %(order)s on sheet %(sheet)s."
                )
                % {
                    "role": AgreementParty.Role(role).label,
                    "order": party_order,
                    "sheet": PARTIES.name,
                }
            )
            return
        order = order or len(party.duties) + 1
        party.duties.append((order, text_th, _text(cells.get("text_en"))))

    def _clauses(self, agreement, sheet_row, messages):
        cells = sheet_row.cells
        headers = {key: th for key, th, _en in CLAUSES.columns}
        order = _clean(WholeNumberWidget(), cells.get("order"), messages, headers["order"])
        text_th = _text(cells.get("text_th"))
        if not text_th:
            messages.append(gettext("%(column)s is empty.") % {"column": headers["text_th"]})
        if not messages:
            order = order or len(agreement.clauses) + 1
            agreement.clauses.append((order, text_th, _text(cells.get("text_en"))))

    def _coverage(self, agreement, sheet_row, messages):
        cells = sheet_row.cells
        level_text = _text(cells.get("level")).casefold()
        level = next((name for name, words in LEVELS.items() if level_text in words), None)
        province = agreement.instance.province if agreement.instance else None
        if level is None:
            messages.append(
                gettext("“%(value)s” is not one of: อำเภอ, ตำบล.") % {"value": level_text or "—"}
            )
            return
        if province is None:
            return  # the agreement's row says why
        code, name = _text(cells.get("code")), _text(cells.get("name"))
        if level == "district":
            places = District.objects.filter(province=province)
        else:
            places = Subdistrict.objects.filter(district__province=province)
        place = places.filter(code=code).first() if code else places.filter(name_th=name).first()
        if place is None:
            messages.append(
                gettext("No %(level)s “%(value)s” in %(province)s.")
                % {"level": LEVEL_NAMES[level], "value": code or name, "province": province}
            )
        else:
            getattr(agreement, f"{level}s").append(place)

    def _renewals(self, agreement, sheet_row, messages):
        agreement.renews = _text(sheet_row.cells.get("renews"))

    # Organisations and people

    def _organisation_key(self, name, province, messages):
        name = _text(name) if not _blank(name) else ""
        if not name:
            return None
        code = ""
        if not _blank(province):
            found = _clean(self.organisation_provinces, province, messages, PARTIES.columns[4][1])
            if found is None:
                return None
            code = found.code
        return (name, code)

    def _organisation(self, key):
        """The existing Organisation of `key` (Thai name, province code), else `key` itself: a
        record to create, listed with its close matches."""
        if key in self.organisations:
            return self.organisations[key]
        name, code = key
        found = Organisation.objects.filter(name_th=name).filter(
            Q(province__code=code) if code else Q(province__isnull=True)
        )
        organisation = found.select_related("successor").first()
        if organisation is not None and organisation.is_alias:
            organisation = organisation.current()
        if organisation is None:
            new = NewRecord(
                "organisation",
                f"{name} ({_province_label(code)})",
                f"org-{_key_hash(name, code)}",
            )
            picked = self.picks.get(new.field)
            candidates = Organisation.objects.without_aliases().filter(
                Q(province__code=code) | Q(province__isnull=True) if code else Q()
            )
            new.close = _close(
                name,
                self._candidates(("organisation", code), candidates.select_related("province")),
                _organisation_label,
            )
            if picked:
                organisation = next(
                    (o for o in candidates.filter(pk=picked) if str(o.pk) == str(picked)), None
                )
                new.picked = organisation
            self.plan.new_organisations[key] = new
        self.organisations[key] = organisation or key
        return self.organisations[key]

    def _person(self, name_th, name_en):
        key = (name_th, name_en)
        if key in self.people:
            return self.people[key]
        # People have no unique key: the oldest with this name as written, as the demo loader.
        person = Person.objects.filter(name_th=name_th).order_by("pk").first()
        if person is None:
            new = NewRecord("person", name_th, f"person-{_key_hash(name_th)}")
            people = self._candidates(("person",), Person.objects.only("pk", "name_th"))
            new.close = _close(name_th, people, lambda p: p.name_th)
            picked = self.picks.get(new.field)
            if picked:
                person = Person.objects.filter(pk=picked).first() if str(picked).isdigit() else None
                new.picked = person
            self.plan.new_people[key] = new
        self.people[key] = person or key
        return self.people[key]

    def _candidates(self, key, queryset):
        if key not in self.close_candidates:
            self.close_candidates[key] = _by_folded_name(queryset)
        return self.close_candidates[key]

    # Unchanged or changed

    def _status(self, agreement):
        instance = agreement.instance
        before = instance._before
        if not self._renews_ok(agreement):
            return "error"
        if before is None:
            return "new"
        return (
            "unchanged" if before == _wanted(agreement, self._renews_pk(agreement)) else "changed"
        )

    def _renews_pk(self, agreement):
        if not agreement.renews:
            return None
        found = (
            scope(Agreement.objects.all(), self.user, "province__region")
            if self.user
            else (Agreement.objects.all())
        )
        return found.filter(reference=agreement.renews).values_list("pk", flat=True).first()

    def _renews_ok(self, agreement):
        if not agreement.renews:
            return True
        in_file = any(a.reference == agreement.renews for a in self.plan.agreements)
        if in_file or self._renews_pk(agreement) is not None:
            return True
        agreement.row.messages.append(not_found_or_not_yours(agreement.renews))
        return False


def not_found_or_not_yours(reference):
    """The one answer for an agreement that does not exist and for one of another region."""
    return gettext("No %(thing)s “%(value)s”, or it is not in your regions.") % {
        "thing": Agreement._meta.verbose_name,
        "value": reference,
    }


def _province_label(code):
    if not code:
        return pgettext("organisation", "national")
    return Province.objects.filter(code=code).values_list("name_th", flat=True).first() or code


def _organisation_label(organisation):
    return (
        f"{organisation.name_th} ({organisation.province or pgettext('organisation', 'national')})"
    )


def _close(name, names, label):
    """Up to CLOSE_MATCHES records among `names` ({folded name: [records]}) whose name is close
    to `name`."""
    close = difflib.get_close_matches(fold(name), names, n=CLOSE_MATCHES, cutoff=CLOSE_MATCH_CUTOFF)
    return [(record.pk, label(record)) for key in close for record in names[key]][:CLOSE_MATCHES]


def _by_folded_name(queryset):
    """{folded Thai name: [records]} of `queryset`, read once per import and kind. Bounded:
    the organisations of one province with the national ones, or the first CLOSE_CANDIDATES
    people, are what a preview can compare in a moment."""
    names = {}
    for record in queryset.order_by("pk")[:CLOSE_CANDIDATES]:
        names.setdefault(fold(record.name_th), []).append(record)
    return names


def _split_lines(value):
    if _blank(value):
        return []
    return [part.strip() for part in str(value).replace(";", "\n").splitlines() if part.strip()]


def _snapshot(agreement):
    """What the workbook says of a saved agreement, in one comparable value."""
    parties = []
    for party in agreement.parties.all():
        duties = sorted((d.order, d.text_th, d.text_en) for d in party.responsibilities.all())
        parties.append(
            (
                party.role,
                party.order,
                party.organisation_id,
                party.organisation_name_th,
                party.organisation_name_en,
                party.signatory_id,
                party.signatory_title,
                party.signatory_title_en,
                tuple(duties),
            )
        )
    return {
        "fields": {name: getattr(agreement, name) for name in AGREEMENT_FIELDS},
        "province": agreement.province_id,
        "themes": set(agreement.themes.values_list("pk", flat=True)),
        "districts": set(agreement.districts.values_list("pk", flat=True)),
        "subdistricts": set(agreement.subdistricts.values_list("pk", flat=True)),
        "parties": sorted(parties, key=lambda p: (p[0], p[1])),
        "clauses": sorted(agreement.clauses.values_list("order", "text_th", "text_en")),
        "renews": agreement.renews_id,
    }


def _pk(record):
    return record.pk if hasattr(record, "pk") else ("new", record)


def _wanted(plan, renews_pk):
    instance = plan.instance
    parties = [
        (
            p.role,
            p.order,
            _pk(p.organisation) if p.organisation is not None else None,
            p.organisation_name_th,
            p.organisation_name_en,
            _pk(p.signatory) if p.signatory is not None else None,
            p.signatory_title,
            p.signatory_title_en,
            tuple(sorted(p.duties)),
        )
        for p in plan.parties
    ]
    return {
        "fields": {name: getattr(instance, name) for name in AGREEMENT_FIELDS},
        "province": instance.province_id,
        "themes": {t.pk for t in plan.themes},
        "districts": {d.pk for d in plan.districts},
        "subdistricts": {s.pk for s in plan.subdistricts},
        "parties": sorted(parties, key=lambda p: (p[0], p[1])),
        "clauses": sorted(plan.clauses),
        "renews": renews_pk,
    }


def workbook_plan(data: bytes, *, user=None, file_name="", picks=None) -> Plan:
    """What importing the workbook `data` would write; writes nothing. WorkbookError when the
    file cannot be read at all."""
    sheets = read_workbook(data)
    return Planner(sheets, user=user, file_name=file_name, picks=picks).run()


# Writing the plan


def _reason(file_name):
    with translation.override("th"):
        return gettext("Imported from file %(name)s") % {"name": file_name or "-"}


def _save(record, user, reason):
    record._history_user = user
    record._change_reason = reason
    record.full_clean(exclude=["version"] if hasattr(record, "version") else None)
    record.save()
    return record


def _delete(record, user, reason):
    record._history_user = user
    record._change_reason = reason
    record.delete()


@transaction.atomic
def workbook_import(plan: Plan, *, user=None) -> dict:
    """Write `plan` (from workbook_plan, not refused): every agreement or none. Returns the
    counts by status. WorkbookError (nothing written) when a record fails its model's checks
    in a way the preview could not see (a constraint between rows)."""
    if plan.refused:
        raise ValueError("a refused plan cannot be imported")
    try:
        return _write(plan, user)
    except ValidationError as error:
        raise WorkbookError(
            gettext("Refused, nothing written: %(reasons)s") % {"reasons": " ".join(error.messages)}
        ) from None


def _write(plan, user):
    reason = _reason(plan.file_name)
    user = user if user is not None and user.is_authenticated else None
    organisations, people = {}, {}
    written = []
    for agreement in plan.agreements:
        if agreement.row.status not in ("new", "changed"):
            continue
        instance = agreement.instance
        if instance.pk is not None:
            instance.version += 1  # an admin form opened before is refused (records.locking)
        _save(instance, user, reason)
        instance.themes.set(agreement.themes)
        instance.districts.set(agreement.districts)
        instance.subdistricts.set(agreement.subdistricts)
        _sync_clauses(instance, agreement.clauses, user, reason)
        _sync_parties(instance, agreement, plan, organisations, people, user, reason)
        written.append(agreement)
    by_reference = {a.reference: a.instance for a in plan.agreements}
    for agreement in written:
        instance = agreement.instance
        renews = None
        if agreement.renews:
            renews = by_reference.get(agreement.renews) or Agreement.objects.get(
                reference=agreement.renews
            )
        if instance.renews_id != (renews.pk if renews else None):
            instance.renews = renews
            _save(instance, user, reason)
        review.agreement_submit(agreement=instance, user=user, after_edit=True)
    return plan.counts()


def _sync_clauses(instance, clauses, user, reason):
    existing = {}
    for clause in instance.clauses.all():
        existing.setdefault(clause.order, []).append(clause)
    wanted = {order: (th, en) for order, th, en in clauses}
    for order, rows in existing.items():
        for clause in rows[1:] if order in wanted else rows:
            _delete(clause, user, reason)
    for order, (text_th, text_en) in wanted.items():
        clause = existing.get(order, [None])[0] or ScopeClause(agreement=instance, order=order)
        if clause.pk is None or (clause.text_th, clause.text_en) != (text_th, text_en):
            clause.text_th, clause.text_en = text_th, text_en
            _save(clause, user, reason)


def _sync_parties(instance, agreement, plan, organisations, people, user, reason):
    """Parties by role and order: unchanged ones keep their rows (and the progress recorded on
    their duties), others are updated, created or deleted."""
    existing = {}
    for party in instance.parties.all():
        existing.setdefault((party.role, party.order), []).append(party)
    wanted = {(p.role, p.order): p for p in agreement.parties}
    # Removed first, so that a unique constraint never sees the old and the new row together.
    for key, rows in existing.items():
        for party in rows[1:] if key in wanted else rows:
            _delete(party, user, reason)
    kept = {key: rows[0] for key, rows in existing.items() if key in wanted}
    for key, spec in wanted.items():
        party = kept.get(key) or AgreementParty(
            agreement=instance, role=spec.role, order=spec.order
        )
        values = {
            "organisation": _organisation_for(spec.organisation, plan, organisations, user, reason),
            "signatory": _person_for(spec.signatory, plan, people, user, reason),
            "organisation_name_th": spec.organisation_name_th,
            "organisation_name_en": spec.organisation_name_en,
            "signatory_title": spec.signatory_title,
            "signatory_title_en": spec.signatory_title_en,
        }
        if party.pk is None or any(getattr(party, k) != v for k, v in values.items()):
            for name, value in values.items():
                setattr(party, name, value)
            _save(party, user, reason)
        _sync_duties(party, spec.duties, user, reason)


def _sync_duties(party, duties, user, reason):
    existing = {}
    for duty in party.responsibilities.all():
        existing.setdefault(duty.order, []).append(duty)
    wanted = {order: (th, en) for order, th, en in duties}
    for order, rows in existing.items():
        for duty in rows[1:] if order in wanted else rows:
            _delete(duty, user, reason)
    for order, (text_th, text_en) in wanted.items():
        duty = existing.get(order, [None])[0] or Responsibility(party=party, order=order)
        if duty.pk is None or (duty.text_th, duty.text_en) != (text_th, text_en):
            duty.text_th, duty.text_en = text_th, text_en
            _save(duty, user, reason)


def _organisation_for(value, plan, made, user, reason):
    """The Organisation of a party: an existing one, the one staff picked, or a new one made
    from the organisations sheet (its parent first)."""
    if value is None or isinstance(value, Organisation):
        return value
    new = plan.new_organisations.get(value)
    if new is not None and new.picked is not None:
        return new.picked
    if value in made:
        return made[value]
    name, code = value
    found = Organisation.objects.filter(name_th=name).filter(
        Q(province__code=code) if code else Q(province__isnull=True)
    )
    organisation = found.first()
    if organisation is None:
        details = plan.organisation_details.get(value)
        cells = details.cells if details else {}
        kind = ChoiceWidget(Organisation.Kind).clean(cells.get("kind")) if cells else None
        parent = None
        if cells and not _blank(cells.get("parent")):
            parent_province = ""
            if not _blank(cells.get("parent_province")):
                parent_province = province_widget().clean(cells.get("parent_province")).code
            parent_key = (_text(cells["parent"]), parent_province)
            parent = _organisation_for(parent_key, plan, made, user, reason)
        organisation = _save(
            Organisation(
                name_th=name,
                province=Province.objects.get(code=code) if code else None,
                name_en=_text(cells.get("name_en")),
                short_name_th=_text(cells.get("short_name_th")),
                short_name_en=_text(cells.get("short_name_en")),
                kind=kind or Organisation.Kind.OTHER,
                parent=parent,
                website=_text(cells.get("website")),
            ),
            user,
            reason,
        )
    made[value] = organisation
    return organisation


def _person_for(value, plan, made, user, reason):
    if value is None or isinstance(value, Person):
        return value
    new = plan.new_people.get(value)
    if new is not None and new.picked is not None:
        return new.picked
    if value not in made:
        name_th, name_en = value
        made[value] = _save(Person(name_th=name_th, name_en=name_en), user, reason)
    return made[value]
