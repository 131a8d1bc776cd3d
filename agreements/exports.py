"""Agreement reports: rows for CSV/XLSX and the printable agreement sheet."""

import datetime

from django.db.models import Prefetch
from django.utils.translation import gettext as _

from reports.columns import DATE, INTEGER, Column, Report
from reports.pdf import RegistryPDF
from thai import calendar as thai_calendar

from .models import Agreement, AgreementParty

# Rows are fetched this many at a time: memory stays flat, queries grow by one batch per chunk.
CHUNK_SIZE = 500


def export_queryset(queryset):
    """What agreement_report reads, fetched in a fixed number of queries per chunk."""
    return (
        queryset.with_status()
        .select_related("province__region")
        .prefetch_related(
            "themes",
            Prefetch(
                "parties",
                queryset=AgreementParty.objects.select_related("organisation", "signatory"),
            ),
        )
    )


def _who(party):
    name = party.organisation.name if party.organisation else ""
    if party.signatory:
        person = party.signatory.name
        if party.signatory_position:
            person = f"{person} ({party.signatory_position})"
        name = f"{name}: {person}" if name else person
    return name


def agreement_report(queryset) -> Report:
    """One row per agreement. `queryset` must come through export_queryset()."""
    columns = [
        Column(_("Reference"), width=16),
        Column(_("Title (Thai)"), width=60),
        Column(_("Title (English)"), width=40),
        Column(_("Kind"), width=20),
        Column(_("Province"), width=16),
        Column(_("Region"), width=28),
        Column(_("Signed on"), DATE, width=12),
        Column(_("Starts on"), DATE, width=12),
        Column(_("Ends on"), DATE, width=12),
        Column(_("Term"), width=24),
        Column(_("Status"), width=16),
        Column(_("Parties"), width=60),
        Column(_("Presiding"), width=30),
        Column(_("Witnesses"), width=40),
        Column(_("Themes"), width=30),
    ]

    def rows():
        Role = AgreementParty.Role
        for agreement in queryset.iterator(chunk_size=CHUNK_SIZE):
            parties = list(agreement.parties.all())
            yield [
                agreement.reference,
                agreement.title_th,
                agreement.title_en,
                agreement.get_kind_display(),
                agreement.province.name,
                agreement.province.region.name,
                agreement.signed_on,
                agreement.starts_on,
                agreement.ends_on,
                agreement.term_text(),
                agreement.status.label,
                "; ".join(_who(p) for p in parties if p.role == Role.PARTY),
                "; ".join(_who(p) for p in parties if p.role == Role.PRESIDING),
                "; ".join(_who(p) for p in parties if p.role == Role.WITNESS),
                ", ".join(theme.title for theme in agreement.themes.all()),
            ]

    return Report(title=_("Agreements"), columns=columns, rows=rows())


def agreement_sheet_pdf(agreement: Agreement, *, attachments=(), activities=()) -> bytes:
    """The printable sheet of one agreement (prefetched as AgreementDetailView does)."""
    pdf = RegistryPDF(title=agreement.title)
    pdf.paragraph(f"{agreement.get_kind_display()} · {agreement.reference}", size=9)
    pdf.heading(agreement.title)
    pdf.fact(_("Status"), str(agreement.status.label))
    pdf.fact(_("Signed"), thai_calendar.local_date(agreement.signed_on))
    pdf.fact(_("Venue"), agreement.venue)
    pdf.fact(_("Province"), f"{agreement.province.name} ({agreement.province.region.name})")
    term = agreement.term_text()
    if agreement.term_mode != Agreement.TermMode.OPEN:
        starts = thai_calendar.local_date(agreement.starts_on)
        ends = thai_calendar.local_date(agreement.ends_on)
        term = f"{term} ({starts} – {ends})"
    pdf.fact(_("Term"), term)
    if agreement.summary:
        pdf.ln(2)
        pdf.paragraph(agreement.summary, size=10)

    parties = list(agreement.parties.all())
    Role = AgreementParty.Role
    for role, title in (
        (Role.PARTY, _("Parties")),
        (Role.PRESIDING, _("Presiding")),
        (Role.WITNESS, _("Witnesses")),
    ):
        chosen = [p for p in parties if p.role == role]
        if chosen:
            pdf.ln(2)
            pdf.heading(title, size=12)
            pdf.numbered([_who(p) for p in chosen])

    clauses = list(agreement.clauses.all())
    if clauses:
        pdf.ln(2)
        pdf.heading(_("Scope of cooperation"), size=12)
        pdf.numbered([clause.text for clause in clauses])

    with_duties = [p for p in parties if p.responsibilities.all()]
    if with_duties:
        pdf.ln(2)
        pdf.heading(_("Responsibilities of each party"), size=12)
        for party in with_duties:
            pdf.paragraph(party.organisation.name if party.organisation else _who(party), 10, True)
            pdf.numbered([duty.text for duty in party.responsibilities.all()])

    if activities:
        pdf.ln(2)
        pdf.heading(_("Follow-up activities"), size=12)
        pdf.numbered([f"{thai_calendar.local_date(a.starts_on)} – {a.title}" for a in activities])
    return pdf.render()


def expiring_report(queryset, *, within_days, today) -> Report:
    """Agreements ending within `within_days`, and those that ended in the last `within_days`.

    `queryset` must come through export_queryset(); rows are grouped by region.
    """
    window = datetime.timedelta(days=within_days)
    selected = queryset.filter(ends_on__gte=today - window, ends_on__lte=today + window).order_by(
        "province__region__sort_order", "ends_on", "reference"
    )
    columns = [
        Column(_("Region"), width=28),
        Column(_("Province"), width=16),
        Column(_("Reference"), width=16),
        Column(_("Title (Thai)"), width=60),
        Column(_("Ends on"), DATE, width=12),
        Column(_("Days left"), INTEGER, width=10),
        Column(_("Status"), width=16),
        Column(_("Parties"), width=60),
    ]

    def rows():
        for agreement in selected.iterator(chunk_size=CHUNK_SIZE):
            yield [
                agreement.province.region.name,
                agreement.province.name,
                agreement.reference,
                agreement.title_th,
                agreement.ends_on,
                (agreement.ends_on - today).days,
                agreement.status.label,
                "; ".join(
                    _who(p) for p in agreement.parties.all() if p.role == AgreementParty.Role.PARTY
                ),
            ]

    return Report(title=_("Expiring and recently expired"), columns=columns, rows=rows())
