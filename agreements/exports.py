"""Agreement reports: rows for CSV/XLSX and the printable agreement sheet."""

import datetime

from django.db.models import Case, OuterRef, TextField, Value, When
from django.db.models.functions import Coalesce, Concat, NullIf
from django.db.models.lookups import Exact
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from reports.columns import DATE, INTEGER, Column, Report
from reports.pdf import RegistryPDF
from reports.sql import joined
from thai import calendar as thai_calendar
from thai.bilingual import in_language

from .models import Agreement, AgreementParty, Theme, term_text

# Rows are read this many at a time from one query (a server-side cursor on PostgreSQL), so
# memory stays flat and the number of queries does not depend on the number of rows. A row
# with its party lists is about 1 KB: 2,000 of them are a few MB.
CHUNK_SIZE = 2000


def export_queryset(queryset, *, today=None, within_days=None):
    """What agreement_report and expiring_report read: agreements with their status as of
    `today`, "expiring" meaning ending within `within_days` (the settings' by default).

    They read rows with values_list(), so whatever the queryset prefetches is dropped.
    """
    return queryset.with_status(today, within_days).prefetch_related(None)


def party_organisation_name(party):
    """The organisation's name as written on the document, and the name it is known by today
    where a rename or merge changed it. Reads `organisation__successor` (select it)."""
    organisation = party.organisation
    if organisation is None:
        return ""
    written = party.organisation_name or organisation.name
    current = organisation.successor or organisation
    if party.organisation_name_th and current.name_th != party.organisation_name_th:
        return _("%(written)s (now known as %(current)s)") % {
            "written": written,
            "current": current.name,
        }
    return written


def _who(party):
    name = party_organisation_name(party)
    if party.signatory:
        person = party.signatory.name
        if party.signatory_position:
            person = f"{person} ({party.signatory_position})"
        name = f"{name}: {person}" if name else person
    return name


def _who_in_sql():
    """_who() as an expression on AgreementParty: "organisation: signatory (position)"."""
    # The name as written on the document; parties entered before it was kept have none.
    organisation = Coalesce(
        NullIf(in_language("organisation_name_th"), Value("")),
        in_language("organisation__name_th"),
    )
    person = in_language("signatory__name_th")
    position = in_language("signatory_title", "signatory_title_en")
    signatory = Case(
        When(Exact(position, ""), then=person),
        default=Concat(person, Value(" ("), position, Value(")"), output_field=TextField()),
        output_field=TextField(),
    )
    return Case(
        When(signatory__isnull=True, then=organisation),
        When(organisation__isnull=True, then=signatory),
        default=Concat(organisation, Value(": "), signatory, output_field=TextField()),
        output_field=TextField(),
    )


def _names(role):
    """The agreement's parties in `role`, in signing order, as one text."""
    parties = AgreementParty.objects.filter(agreement=OuterRef("pk"), role=role)
    return joined(parties, _who_in_sql(), "; ", order_by=["order", "pk"])


def _themes():
    themes = Theme.objects.filter(agreements=OuterRef("pk"))
    return joined(themes, in_language("title_th"), ", ", order_by=["title_th"])


def _labels(choices):
    """Code → label in the active language, looked up once per report rather than per row."""
    return {choice.value: str(choice.label) for choice in choices}


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
    Role = AgreementParty.Role
    selected = queryset.annotate(
        province_name=in_language("province__name_th"),
        region_name=in_language("province__region__name_th"),
        party_names=_names(Role.PARTY),
        presiding_names=_names(Role.PRESIDING),
        witness_names=_names(Role.WITNESS),
        theme_names=_themes(),
    ).values_list(
        "reference",
        "title_th",
        "title_en",
        "kind",
        "province_name",
        "region_name",
        "signed_on",
        "starts_on",
        "ends_on",
        "term_mode",
        "term_length",
        "term_unit",
        "term_fiscal_year",
        "status_code",
        "party_names",
        "presiding_names",
        "witness_names",
        "theme_names",
        named=True,
    )
    kinds = _labels(Agreement.Kind)
    statuses = _labels(Agreement.Status)

    def rows():
        for a in selected.iterator(chunk_size=CHUNK_SIZE):
            term = term_text(
                a.term_mode, a.term_length, a.term_unit, a.term_fiscal_year, a.starts_on, a.ends_on
            )
            yield [
                a.reference,
                a.title_th,
                a.title_en,
                kinds.get(a.kind, a.kind),
                a.province_name,
                a.region_name,
                a.signed_on,
                a.starts_on,
                a.ends_on,
                term,
                statuses[a.status_code],
                a.party_names,
                a.presiding_names,
                a.witness_names,
                a.theme_names,
            ]

    return Report(title=_("Agreements"), columns=columns, rows=rows())


def agreement_sheet_pdf(
    agreement: Agreement, *, budget=None, attachments=(), activities=()
) -> bytes:
    """The printable sheet of one agreement: what its public page shows, in the same order.

    `agreement` comes prefetched as AgreementDetailView reads it (Agreement.objects.for_page()),
    `budget` is its money as a Report (budgets.exports.agreement_budget), `attachments` and
    `activities` its public documents and published follow-ups. Nothing else is read, so
    nothing that is not public can reach the sheet.
    """
    pdf = RegistryPDF(title=agreement.title)
    pdf.paragraph(f"{agreement.get_kind_display()} · {agreement.reference}", size=9)
    pdf.heading(agreement.title)
    pdf.fact(_("Status"), str(agreement.status.label))
    pdf.fact(_("Signed"), thai_calendar.local_date(agreement.signed_on))
    pdf.fact(_("Venue"), agreement.venue)
    places = [f"{agreement.province.name} ({agreement.province.region.name})"]
    places += [district.name for district in agreement.districts.all()]
    places += [subdistrict.name for subdistrict in agreement.subdistricts.all()]
    pdf.fact(_("Province"), " · ".join(places))
    term = agreement.term_text()
    # As on the page: only a length of time needs its dates; a term given by dates or as a
    # fiscal year already names them (fiscal_year_label gives its period).
    if agreement.term_mode == Agreement.TermMode.DURATION:
        starts = thai_calendar.local_date(agreement.starts_on)
        ends = thai_calendar.local_date(agreement.ends_on)
        term = f"{term} ({starts} – {ends})"
    pdf.fact(_("Term"), term)
    if agreement.terminated_on:
        pdf.fact(_("Terminated"), thai_calendar.local_date(agreement.terminated_on))
    themes = [theme.title for theme in agreement.themes.all()]
    if themes:
        pdf.fact(_("Themes"), ", ".join(themes))
    if agreement.summary:
        pdf.ln(2)
        pdf.heading(_("Summary"), size=12)
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
        pdf.numbered([_commitment(clause) for clause in clauses])

    with_duties = [p for p in parties if p.role == Role.PARTY and p.responsibilities.all()]
    if with_duties:
        pdf.ln(2)
        pdf.heading(_("Responsibilities of each party"), size=12)
        for party in with_duties:
            pdf.paragraph(party_organisation_name(party) or _who(party), 10, True)
            pdf.numbered([_commitment(duty) for duty in party.responsibilities.all()])

    if budget is not None and budget.rows:
        pdf.ln(2)
        pdf.report_table(budget, size=9)

    if activities:
        pdf.ln(2)
        pdf.heading(_("Follow-up activities"), size=12)
        pdf.numbered([_followup(activity) for activity in activities])

    if attachments:
        pdf.ln(2)
        pdf.heading(_("Documents"), size=12)
        pdf.numbered(
            [f"{attachment.title} ({attachment.get_kind_display()})" for attachment in attachments]
        )

    renews = agreement.renews if agreement.renews and agreement.renews.is_published else None
    if renews or agreement.public_renewals:
        pdf.ln(2)
        pdf.heading(_("Related agreements"), size=12)
        renews_word, renewed_word = _("Renews or amends"), _("Renewed or amended by")
        related = [f"{renews_word}: {renews.title}"] if renews else []
        related += [f"{renewed_word}: {renewal.title}" for renewal in agreement.public_renewals]
        pdf.numbered(related)
    return pdf.render()


def _commitment(item) -> str:
    """A scope clause or duty with its latest progress, as its page shows it (with_progress())."""
    if not item.progress:
        return item.text
    progress = str(item.progress.label)
    if item.progress_on:
        as_of = _("as of %(date)s") % {"date": thai_calendar.local_date(item.progress_on)}
        progress = f"{progress}, {as_of}"
    if item.progress_note:
        progress = f"{progress}: {item.progress_note}"
    label = _("Progress")
    return f"{item.text}\n{label}: {progress}"


def _followup(activity) -> str:
    """A published activity as the agreement page's timeline shows it."""
    when = thai_calendar.local_date(activity.starts_on)
    if activity.ends_on and activity.ends_on != activity.starts_on:
        when = f"{when} – {thai_calendar.local_date(activity.ends_on)}"
    lines = [f"{when} · {activity.get_kind_display()} · {activity.title}"]
    if activity.amount_handed_over is not None:
        amount = f"{activity.amount_handed_over:,.2f}"
        handed = _("baht handed over")
        lines.append(f"{amount} {handed}")
    if activity.description:
        lines.append(activity.description)
    if activity.outcome:
        outcome = _("Outcome")
        lines.append(f"{outcome}: {activity.outcome}")
    if activity.participants:
        lines.append(
            ngettext("%(counter)s participant", "%(counter)s participants", activity.participants)
            % {"counter": activity.participants}
        )
    return "\n".join(lines)


def expiring_report(queryset, *, within_days, today) -> Report:
    """Agreements ending within `within_days`, and those that ended in the last `within_days`.

    `queryset` must come through export_queryset(); rows are grouped by region.
    """
    window = datetime.timedelta(days=within_days)
    selected = (
        queryset.filter(ends_on__gte=today - window, ends_on__lte=today + window)
        .order_by("province__region__sort_order", "ends_on", "reference")
        .annotate(
            region_name=in_language("province__region__name_th"),
            province_name=in_language("province__name_th"),
            party_names=_names(AgreementParty.Role.PARTY),
        )
        .values_list(
            "region_name",
            "province_name",
            "reference",
            "title_th",
            "ends_on",
            "status_code",
            "party_names",
            named=True,
        )
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
    statuses = _labels(Agreement.Status)

    def rows():
        for a in selected.iterator(chunk_size=CHUNK_SIZE):
            yield [
                a.region_name,
                a.province_name,
                a.reference,
                a.title_th,
                a.ends_on,
                (a.ends_on - today).days,
                statuses[a.status_code],
                a.party_names,
            ]

    return Report(title=_("Expiring and recently expired"), columns=columns, rows=rows())
