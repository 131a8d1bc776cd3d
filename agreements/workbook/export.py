"""Writing the workbook: the agreements of a queryset, and the organisations they name, as a
sheet per kind of row (agreements_workbook)."""

from io import BytesIO

from django.utils import translation
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from partners.models import Organisation
from thai import calendar as thai_calendar

from ..models import Activity, Agreement, AgreementParty
from .sheets import (
    ACTIVITIES,
    AGREEMENTS,
    ALLOCATIONS,
    CLAUSES,
    COVERAGE,
    DUTIES,
    ORGANISATIONS,
    PARTIES,
    RENEWALS,
    SHEETS,
)

ROLE_RANK = {role: rank for rank, role in enumerate(AgreementParty.Role)}


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
        "allocations__province",
        "allocations__programme",
        "allocations__recipient__province",
        "activities__province",
        "activities__allocation__programme",
    )


def _yes_no(value):
    return "ใช่" if value else "ไม่ใช่"


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
    allocations = sorted(
        agreement.allocations.all(),
        key=lambda a: (a.fiscal_year, a.programme.sort_order, a.province.name_th, a.pk),
    )
    for allocation in allocations:
        recipient = allocation.recipient
        if recipient is not None:
            _collect_organisation(recipient, organisations)
        # The staff note is never exported (Allocation.staff_note); the import leaves it.
        rows[ALLOCATIONS.name].append(
            [
                reference,
                allocation.province.name_th,
                allocation.fiscal_year,
                allocation.programme.name_th,
                f"{allocation.amount:.2f}",
                recipient.name_th if recipient else "",
                _province_name(recipient),
                allocation.public_note,
                _yes_no(allocation.is_published),
            ]
        )
    for activity in sorted(agreement.activities.all(), key=lambda a: (a.starts_on, a.pk)):
        allocation = activity.allocation
        rows[ACTIVITIES.name].append(
            [
                reference,
                be_date(activity.starts_on),
                activity.title_th,
                activity.province.name_th,
                _label(Activity.Kind, activity.kind),
                be_date(activity.ends_on),
                activity.title_en,
                activity.participants,
                activity.description_th,
                activity.description_en,
                activity.outcome_th,
                activity.outcome_en,
                "" if activity.amount_handed_over is None else f"{activity.amount_handed_over:.2f}",
                allocation.fiscal_year if allocation else "",
                allocation.programme.name_th if allocation else "",
                _yes_no(activity.is_published),
            ]
        )


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
