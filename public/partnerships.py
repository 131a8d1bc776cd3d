"""The national partnership dashboard: one row per province with its partnership status and
the figures behind it, for the page and its CSV/XLSX export.

The rows read the stored province figures (tracking/figures.py) and budget totals
(budgets/totals.py): a few queries of at most one row per province, whatever the number of
agreements, follow-ups, commitments and allocations.
"""

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from agreements.models import Activity
from budgets.models import BudgetTotal
from geography.models import Province, Region
from partners.models import Organisation
from reports.columns import DATE, INTEGER, MONEY, Column, Report
from thai import calendar as thai_calendar
from thai import text as thai_text
from thai.forms import BilingualChoiceField, LanguageMarkedSelect
from tracking.figures import province_figures
from tracking.partnership import STATUS_ORDER, Partnership, partnership_from

ZERO = Decimal("0.00")

# Partner organisations are counted in four families of kinds (CODI's own offices are not
# partners of CODI).
K = Organisation.Kind
PARTNER_FAMILIES = {
    "community": (
        _("community organisations"),
        {K.COMMUNITY_NETWORK, K.COMMUNITY_COUNCIL, K.FARMERS_COUNCIL},
    ),
    "government": (
        _("government and local government"),
        {K.PROVINCIAL_OFFICE, K.DISTRICT_OFFICE, K.LOCAL_GOVERNMENT},
    ),
    "academic": (_("universities and colleges"), {K.UNIVERSITY, K.COLLEGE}),
    "other": (
        _("foundations, companies and others"),
        {K.FOUNDATION, K.COMPANY, K.INTERNATIONAL, K.OTHER},
    ),
}
FAMILY_OF_KIND = {
    kind: name for name, (_label, kinds) in PARTNER_FAMILIES.items() for kind in kinds
}


@dataclass
class ProvinceRow:
    province: Province
    partnership: Partnership
    partners: dict = field(default_factory=dict)  # {family: number of organisations}
    commitments_done: int = 0
    commitments_tracked: int = 0
    budget_current: Decimal = ZERO
    budget_previous: Decimal = ZERO

    @property
    def status(self):
        return self.partnership.status

    @property
    def status_rank(self):
        return STATUS_ORDER.index(self.status)

    @property
    def partner_total(self):
        return sum(self.partners.values())

    def partner_families(self):
        """[(label, number)] of the families present, in PARTNER_FAMILIES order."""
        return [
            (label, self.partners[name])
            for name, (label, _kinds) in PARTNER_FAMILIES.items()
            if self.partners.get(name)
        ]


@dataclass
class RegionGroup:
    region: Region
    rows: list

    def count(self, status):
        return sum(1 for row in self.rows if row.status == status)

    def status_counts(self):
        """[(status, number of provinces)] in STATUS_ORDER, statuses present only."""
        return [(s, n) for s in STATUS_ORDER if (n := self.count(s))]

    @property
    def in_force(self):
        return sum(row.partnership.in_force for row in self.rows)

    @property
    def budget_current(self):
        return sum((row.budget_current for row in self.rows), ZERO)


def current_fiscal_years(today=None):
    """(current, previous) BE fiscal years."""
    current = thai_calendar.fiscal_year_of(today or timezone.localdate())
    return current, current - 1


def province_rows(*, today=None, region=None) -> list:
    """One ProvinceRow per province (of `region`, when given), regions in their order and
    provinces by name in the page's language (Thai dictionary order in Thai). The figures are
    the stored ones (tracking/figures.py): one row per province, whatever the number of
    agreements, follow-ups, commitments and partners."""
    today = today or timezone.localdate()
    provinces = Province.objects.select_related("region")
    scope = None
    if region is not None:
        provinces = provinces.filter(region=region)
        scope = provinces.values("pk")
    figures = {row.province_id: row for row in province_figures(today, scope)}
    budgets = _budgets(today, scope)
    current, previous = current_fiscal_years(today)
    rows = []
    ordered = sorted(
        provinces, key=lambda p: (p.region.sort_order, p.region.code, thai_text.sort_key(p.name))
    )
    for province in ordered:
        row = figures[province.pk]
        money = budgets.get(province.pk, {})
        rows.append(
            ProvinceRow(
                province=province,
                partnership=partnership_from(row, today),
                partners=_families(row.partners_by_kind),
                commitments_done=row.commitments_done,
                commitments_tracked=row.commitments_tracked,
                budget_current=money.get(current, ZERO),
                budget_previous=money.get(previous, ZERO),
            )
        )
    return rows


def _families(partners_by_kind) -> dict:
    """{family: organisations} from {organisation kind: organisations}."""
    counts = {}
    for kind, n in partners_by_kind.items():
        family = FAMILY_OF_KIND.get(kind, "other")
        counts[family] = counts.get(family, 0) + n
    return counts


def _budgets(today, scope):
    """{province pk: {fiscal year: amount}} for the current and previous fiscal years."""
    # The derived totals (budgets/totals.py), not the allocations themselves.
    allocations = BudgetTotal.objects.filter(fiscal_year__in=current_fiscal_years(today))
    if scope is not None:
        allocations = allocations.filter(province__in=scope)
    result = {}
    for province, year, amount in (
        allocations.order_by().values_list("province", "fiscal_year").annotate(total=Sum("amount"))
    ):
        result.setdefault(province, {})[year] = amount
    return result


def grouped(rows) -> list:
    """The rows in one RegionGroup per region, in the rows' order."""
    groups = {}
    for row in rows:
        region = row.province.region
        if region.pk not in groups:
            groups[region.pk] = RegionGroup(region, [])
        groups[region.pk].rows.append(row)
    return list(groups.values())


# The dashboard's sortable columns: {name: key on a ProvinceRow}. A leading "-" reverses.
SORT_KEYS = {
    "province": lambda r: thai_text.sort_key(r.province.name),
    "status": lambda r: r.status_rank,
    "in_force": lambda r: r.partnership.in_force,
    "partners": lambda r: r.partner_total,
    "last_followup": lambda r: r.partnership.last_followup or datetime.date.min,
    "followups": lambda r: r.partnership.recent_followups,
    "commitments": lambda r: (r.commitments_done, r.commitments_tracked),
    "budget_current": lambda r: r.budget_current,
    "budget_previous": lambda r: r.budget_previous,
}


class DashboardForm(forms.Form):
    """The dashboard's filters and sort, from the query string. A value that is not one of
    the choices is ignored, not an error: the page shows everything instead."""

    region = BilingualChoiceField(
        Region.objects.all(),
        required=False,
        to_field_name="code",
        label=_("Region"),
        empty_label=_("All"),
    )
    status = forms.ChoiceField(
        choices=[("", _("All"))] + [(s.value, s.label) for s in STATUS_ORDER],
        required=False,
        label=_("Partnership"),
        widget=LanguageMarkedSelect,
    )
    sort = forms.ChoiceField(
        choices=[(name, name) for key in SORT_KEYS for name in (key, f"-{key}")],
        required=False,
    )


@dataclass
class Dashboard:
    form: DashboardForm
    rows: list  # every province of the chosen region, in regional order
    shown: list  # those of the chosen status, in the chosen order
    sort: str | None


def dashboard(params, today=None) -> Dashboard:
    """The dashboard for the query string `params` (region, status, sort). Values that are not
    valid choices are dropped, so any query string gives a page."""
    form = DashboardForm(params)
    form.is_valid()
    chosen = {name: form.cleaned_data.get(name) for name in form.fields if name not in form.errors}
    rows = province_rows(today=today, region=chosen.get("region"))
    shown = rows
    if chosen.get("status"):
        shown = [row for row in rows if row.status == chosen["status"]]
    sort = chosen.get("sort") or None
    if sort:
        # A stable sort: ties keep the regional order.
        shown = sorted(shown, key=SORT_KEYS[sort.lstrip("-")], reverse=sort.startswith("-"))
    return Dashboard(form=form, rows=rows, shown=shown, sort=sort)


def dashboard_report(rows, today=None) -> Report:
    """The dashboard table as open data: stable column names, codes, ISO dates, amounts."""
    current, previous = current_fiscal_years(today)
    columns = [
        Column("province_code", width=8),
        Column("province_slug", width=20),
        Column("province_name_th", width=22),
        Column("province_name_en", width=22),
        Column("region_code", width=12),
        Column("status", width=10),
        Column("agreements_published", INTEGER, width=10),
        Column("agreements_in_force", INTEGER, width=10),
        Column("partners_in_force", INTEGER, width=10),
        *[Column(f"partners_{name}", INTEGER, width=10) for name in PARTNER_FAMILIES],
        Column("last_followup", DATE, width=12),
        Column("followups_recent", INTEGER, width=10),
        Column("commitments_done", INTEGER, width=10),
        Column("commitments_tracked", INTEGER, width=10),
        Column(f"budget_fy{current}", MONEY, width=16),
        Column(f"budget_fy{previous}", MONEY, width=16),
    ]
    data = (
        [
            row.province.code,
            row.province.slug,
            row.province.name_th,
            row.province.name_en,
            row.province.region.code,
            row.status.value,
            row.partnership.agreements,
            row.partnership.in_force,
            row.partner_total,
            *[row.partners.get(name, 0) for name in PARTNER_FAMILIES],
            row.partnership.last_followup,
            row.partnership.recent_followups,
            row.commitments_done,
            row.commitments_tracked,
            row.budget_current,
            row.budget_previous,
        ]
        for row in rows
    )
    return Report(title=str(_("Provincial partnerships")), columns=columns, rows=data)


@dataclass(frozen=True)
class Event:
    date: datetime.date
    kind: str  # signed, ended, followup, handover
    label: str
    title: str
    url: str = ""
    until: datetime.date | None = None
    amount: Decimal | None = None
    activity: object = None
    sequence: int = 0  # entry order among events of the same day and kind


def timeline(agreements=(), activities=(), today=None) -> list:
    """The partnership's story in date order: each agreement's signing (and its end, once
    passed), each follow-up, with the money handed over. Reads loaded rows, runs no query."""
    today = today or timezone.localdate()
    events = []
    for agreement in agreements:
        events.append(
            Event(
                agreement.signed_on,
                "signed",
                str(_("signed")),
                agreement.title,
                url=agreement.get_absolute_url(),
                sequence=agreement.pk,
            )
        )
        ended = agreement.terminated_on or agreement.ends_on
        if ended and ended < today:
            events.append(
                Event(
                    ended,
                    "ended",
                    str(_("ended")),
                    agreement.title,
                    url=agreement.get_absolute_url(),
                    sequence=agreement.pk,
                )
            )
    for activity in activities:
        handover = activity.kind == Activity.Kind.BUDGET_HANDOVER
        events.append(
            Event(
                activity.starts_on,
                "handover" if handover else "followup",
                activity.get_kind_display(),
                activity.title,
                until=activity.ends_on,
                amount=activity.amount_handed_over,
                activity=activity,
                sequence=activity.pk,
            )
        )
    order = {"signed": 0, "followup": 1, "handover": 1, "ended": 2}
    return sorted(events, key=lambda e: (e.date, order[e.kind], e.sequence))
