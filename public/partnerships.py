"""The national partnership dashboard: one row per province with its partnership status and
the figures behind it, for the page and its CSV/XLSX export.

The rows read the stored province figures (tracking/figures.py), budget totals
(budgets/totals.py) and proposal figures (proposals/figures.py): a few queries of at most one
row per province, whatever the number of agreements, follow-ups, commitments, allocations,
proposals and councils.
"""

import datetime
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal
from html import escape
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.db.models import Sum
from django.urls import reverse
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext, ngettext
from django.utils.translation import gettext_lazy as _

from agreements.models import Activity
from budgets.models import BudgetTotal
from geography import map as thailand_map
from geography.filters import ReferenceChoiceField
from geography.models import Province, Region
from partners.models import Organisation
from proposals.figures import proposal_figures
from proposals.models import ProvinceWorkingMode
from records.compiled import compiled
from records.filtersets import fields_copied_lightly
from reports.columns import DATE, INTEGER, MONEY, TEXT, Column, Report
from thai import calendar as thai_calendar
from thai import text as thai_text
from thai.forms import LanguageMarkedSelect
from thai.templatetags.thai import money
from tracking.figures import province_values
from tracking.partnership import STATUS_ORDER, Partnership, PartnershipStatus, partnership_from

from .blocks import url_maker

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
class Place:
    """A province or a region as the dashboard shows it: a few columns of one query, because
    province models with their regions cost more than the rest of the dashboard's reads."""

    pk: int
    code: str
    name_th: str
    name_en: str
    name: str  # what Bilingual gives in the page's language, chosen once
    slug: str = ""  # a province's
    sort_order: int = 0  # a region's
    region: "Place | None" = None  # a province's


@dataclass
class ProvinceRow:
    province: Place
    partnership: Partnership
    partners: dict = field(default_factory=dict)  # {family: number of organisations}
    commitments_done: int = 0
    commitments_tracked: int = 0
    budget_current: Decimal = ZERO
    budget_previous: Decimal = ZERO
    # Of the current fiscal year's budget, how much was transferred (budgets: the stored sums).
    transferred_current: Decimal = ZERO
    # Of the proposals' half of the partnership (proposals/figures.py): the way of working
    # ("" when none is recorded), proposals by how far they got, district councils.
    mode: str = ""
    proposals_submitted: int = 0
    proposals_adopted: int = 0
    proposals_funded: int = 0
    district_councils: int = 0

    @property
    def status(self):
        return self.partnership.status

    @property
    def status_rank(self):
        return STATUS_ORDER.index(self.status)

    @property
    def partner_total(self):
        return sum(self.partners.values())

    @property
    def share_transferred(self):
        """Per cent of this fiscal year's budget transferred, or None without a budget."""
        if not self.budget_current:
            return None
        return self.transferred_current * 100 / self.budget_current


@dataclass
class RegionGroup:
    region: Place
    rows: list

    def status_counts(self):
        """[(status, number of provinces)] in STATUS_ORDER, statuses present only."""
        counts = Counter(row.status for row in self.rows)
        return [(status, counts[status]) for status in STATUS_ORDER if counts[status]]

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


# The stored figures (tracking/figures.py) that a ProvinceRow shows.
FIGURES = (
    "agreements",
    "in_force",
    "newest_signed",
    "last_ended",
    "last_followup",
    "recent_followups",
    "commitments_done",
    "commitments_tracked",
    "partners_by_kind",
)


# The stored proposal figures (proposals/figures.py) that a ProvinceRow shows, by the same names.
PROPOSAL_FIGURES = (
    "mode",
    "proposals_submitted",
    "proposals_adopted",
    "proposals_funded",
    "district_councils",
)


def province_rows(*, today=None, region=None) -> list:
    """One ProvinceRow per province (of `region`, when given), regions in their order and
    provinces by name in the page's language (Thai dictionary order in Thai). The figures are
    the stored ones (tracking/figures.py): one row per province, whatever the number of
    agreements, follow-ups, commitments and partners."""
    today = today or timezone.localdate()
    provinces = _places(region)
    chosen = [province.pk for province in provinces]
    figures = province_values(today, chosen, *FIGURES)
    budgets = _budgets(today, None if region is None else chosen)
    proposals = proposal_figures(chosen)
    current, previous = current_fiscal_years(today)
    rows = []
    by_name = thai_text.sort_key_for(get_language())
    ordered = sorted(provinces, key=lambda p: (p.region.sort_order, p.region.code, by_name(p.name)))
    for province in ordered:
        row = figures[province.pk]
        amounts = budgets.get(province.pk, {})
        transferred = amounts.get(("transferred", current), ZERO)
        counted = proposals.get(province.pk)  # None: nothing recorded, the defaults
        rows.append(
            ProvinceRow(
                province=province,
                partnership=partnership_from(row, today),
                partners=_families(row.partners_by_kind),
                commitments_done=row.commitments_done,
                commitments_tracked=row.commitments_tracked,
                budget_current=amounts.get(current, ZERO),
                budget_previous=amounts.get(previous, ZERO),
                transferred_current=transferred,
                **{name: getattr(counted, name) for name in PROPOSAL_FIGURES if counted},
            )
        )
    return rows


# The provinces' columns a Place shows, and their regions'.
PLACE_COLUMNS = (
    "pk",
    "code",
    "name_th",
    "name_en",
    "slug",
    "region",
    "region__code",
    "region__name_th",
    "region__name_en",
    "region__sort_order",
)
_every_place = compiled(lambda: Province.objects.order_by().values_list(*PLACE_COLUMNS))
_places_of_region = compiled(
    lambda region: Province.objects.order_by().filter(region=region).values_list(*PLACE_COLUMNS)
)


def _places(region) -> list:
    """The provinces (of `region`, when given) as Places, each with its region's Place."""
    rows = _every_place.rows() if region is None else _places_of_region.rows(region.pk)
    english = get_language() == "en"

    def place(pk, code, name_th, name_en, **more):
        # Bilingual's choice: the English name on English pages where there is one.
        return Place(pk, code, name_th, name_en, (english and name_en) or name_th, **more)

    regions = {}
    places = []
    for *own, slug, region_pk, code, name_th, name_en, order in rows:
        if region_pk not in regions:
            regions[region_pk] = place(region_pk, code, name_th, name_en, sort_order=order)
        places.append(place(*own, slug=slug, region=regions[region_pk]))
    return places


def _families(partners_by_kind) -> dict:
    """{family: organisations} from {organisation kind: organisations}."""
    counts = {}
    for kind, n in partners_by_kind.items():
        family = FAMILY_OF_KIND.get(kind, "other")
        counts[family] = counts.get(family, 0) + n
    return counts


def _summed(totals):
    return (
        totals.order_by()
        .values_list("province", "fiscal_year")
        .annotate(total=Sum("amount"), transferred=Sum("transferred_amount"))
    )


# Two fiscal years' stored totals summed per province, of every province or of some
# (records.compiled).
_budget_sums = compiled(
    lambda current, previous: _summed(
        BudgetTotal.objects.filter(fiscal_year__in=[current, previous])
    )
)
_budget_sums_of = compiled(
    lambda current, previous, provinces: _summed(
        BudgetTotal.objects.filter(fiscal_year__in=[current, previous], province__in=provinces)
    )
)


def _budgets(today, scope):
    """{province pk: {fiscal year: amount, ("transferred", fiscal year): amount}} for the
    current and previous fiscal years, of the provinces `scope` (pks; every province when
    None)."""
    # The derived totals (budgets/totals.py), not the allocations themselves.
    current, previous = current_fiscal_years(today)
    if scope is None:
        rows = _budget_sums.rows(current, previous)
    else:
        rows = _budget_sums_of.rows(current, previous, list(scope))
    result = {}
    for province, year, amount, transferred in rows:
        result.setdefault(province, {})[year] = amount
        result[province][("transferred", year)] = transferred
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


MODE_ORDER = [*ProvinceWorkingMode.Mode.values, ""]

# The dashboard's sortable columns: {name: key on a ProvinceRow}. A leading "-" reverses.
SORT_KEYS = {
    "province": lambda r: thai_text.sort_key_for(get_language())(r.province.name),
    "status": lambda r: r.status_rank,
    "in_force": lambda r: r.partnership.in_force,
    "partners": lambda r: r.partner_total,
    "last_followup": lambda r: r.partnership.last_followup or datetime.date.min,
    "followups": lambda r: r.partnership.recent_followups,
    "commitments": lambda r: (r.commitments_done, r.commitments_tracked),
    "budget_current": lambda r: r.budget_current,
    "budget_previous": lambda r: r.budget_previous,
    # Self-governing, then integrated, then not recorded.
    "mode": lambda r: MODE_ORDER.index(r.mode),
    "proposals": lambda r: (r.proposals_funded, r.proposals_adopted, r.proposals_submitted),
    "district_councils": lambda r: r.district_councils,
}


@fields_copied_lightly
class DashboardForm(forms.Form):
    """The dashboard's filters and sort, from the query string. A value that is not one of
    the choices is ignored, not an error: the page shows everything instead."""

    region = ReferenceChoiceField(
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


# The page's repeated HTML, written here: through the template (an include per table row,
# ten lookups and filters per cell, a reverse() per link, a translation per label) these parts
# were most of the page's time. The HTML is the template's, but for indentation. Texts are
# escaped by the standard library's escape(), which Django's wraps in checks for lazy texts.

MISSING = '<span class="muted">–</span>'


class DashboardHTML:
    """The repeated parts of the dashboard `board` as HTML: the status totals and legend, the
    region cards, the table's headings and rows, the map. What they share is worked out once:
    the addresses to fill in and each label's translation. `query` is the page's query string
    (request.GET), which the filter and sort links change; `headings` {sort name: heading} are
    the table's columns in order; `fiscal_year` is that of the regions' budgets."""

    def __init__(self, board, query, headings, fiscal_year):
        self.board = board
        self.params = dict(query.lists())  # {name: [value, …]}, in the query's order
        self.headings = headings
        self.fiscal_year = fiscal_year
        # Asked for once: lang() and local_date() would ask again for each name and date.
        self.language = get_language()
        self.english = self.language == "en"
        # A slug or a region code goes into an address as it is, and into an attribute.
        self.province_url = url_maker("province-detail", "slug")
        self.region_url = url_maker("region-detail", "code")
        self.agreements = reverse("agreement-list")
        # Translated once: a lazy label is translated again at each use.
        self.status_labels = {status: escape(str(status.label)) for status in STATUS_ORDER}
        self.family_labels = {
            name: escape(str(label)) for name, (label, _kinds) in PARTNER_FAMILIES.items()
        }
        none = escape(gettext("not recorded"))
        self.mode_labels = {
            **{mode: escape(str(label)) for mode, label in ProvinceWorkingMode.Mode.choices},
            "": f'<span class="muted">{none}</span>',
        }
        self.transferred_word = escape(gettext("transferred"))
        counts = Counter(row.status for row in board.rows)
        self.totals = [(status, counts[status]) for status in STATUS_ORDER]

    def status_totals(self):
        """A link per status to the provinces that have it, with their number."""
        return mark_safe(  # noqa: S308 - the labels are escaped, the rest are codes and numbers
            "\n".join(
                f'<li><a href="{self._query(status=status.value, sort=None)}">'
                f'<span class="figure">{count}</span> <span class="partnership'
                f' partnership-{status.value}">{self.status_labels[status]}</span></a></li>'
                for status, count in self.totals
            )
        )

    def legend(self):
        return mark_safe(  # noqa: S308 - the labels are escaped
            "".join(
                f'<li><span class="swatch partnership-{status.value}" aria-hidden="true"></span>'
                f"{self.status_labels[status]} ({count})</li>"
                for status, count in self.totals
            )
        )

    def region_cards(self):
        """A card per region: its provinces, agreements in force and this fiscal year's money,
        and its provinces by status. Its name links to the page of its provinces only."""
        baht = gettext("baht")
        budget = escape(f"{baht} ({thai_calendar.fiscal_year_short(self.fiscal_year)})")
        cards = []
        for group in grouped(self.board.rows):
            provinces, in_force = len(group.rows), group.in_force
            sized = ngettext("%(counter)s province", "%(counter)s provinces", provinces)
            signed = ngettext(
                "%(counter)s agreement in force", "%(counter)s agreements in force", in_force
            )
            statuses = "".join(
                f'<li><span class="partnership partnership-{status.value}">'
                f"{self.status_labels[status]}</span> {count}</li>"
                for status, count in group.status_counts()
            )
            cards.append(
                '<li class="card">\n'
                f'<h3><a href="{self._query(region=group.region.code)}">'
                f"{self._name_html(group.region)}</a></h3>\n"
                f'<p class="small">{escape(sized % {"counter": provinces})}\n'
                f"· {escape(signed % {'counter': in_force})}\n"
                f"· {money(group.budget_current)} {budget}</p>\n"
                f'<ul class="status-counts">{statuses}</ul>\n'
                "</li>"
            )
        return mark_safe("\n".join(cards))  # noqa: S308 - every text is escaped

    def column_headings(self):
        """A <th> per column, linking to the table sorted by it (by it reversed, when it is
        sorted by it already); the sorted one says so with aria-sort and an arrow."""
        cells = []
        for name, heading in self.headings.items():
            order = {name: "ascending", f"-{name}": "descending"}.get(self.board.sort)
            attributes = f' aria-sort="{order}"' if order else ""
            if name not in ("province", "status", "last_followup", "mode"):
                attributes += ' class="num"'
            link = self._query(sort=f"-{name}" if self.board.sort == name else name)
            arrow = {"ascending": " ▲", "descending": " ▼"}.get(order, "")
            cells.append(
                f'<th scope="col"{attributes}>\n'
                f'<a href="{link}">{escape(heading)}</a>{arrow}\n'
                "</th>"
            )
        return mark_safe("\n".join(cells))  # noqa: S308 - the headings are escaped

    def table_bodies(self):
        """Sorted by a column, the table is one national ranking, each province's region under
        its name; otherwise a <tbody> per region under its name."""
        if self.board.sort:
            return mark_safe(f"<tbody>{self._rows(self.board.shown, True)}</tbody>")  # noqa: S308
        bodies = []
        for group in grouped(self.board.shown):
            region = group.region
            bodies.append(
                "<tbody>\n"
                f'<tr class="group-heading"><th scope="rowgroup" colspan="{len(self.headings)}">'
                f'<a href="{self.region_url(region.code)}">'
                f"{self._name_html(region)}</a></th></tr>\n"
                f"{self._rows(group.rows, False)}</tbody>"
            )
        return mark_safe("\n".join(bodies))  # noqa: S308 - every text is escaped

    def map_outlines(self):
        """The map's outlines: for each province of the board a link shaded by its status;
        the other provinces (outside the chosen region) and Songkhla Lake plain. An outline
        needs no escaping: geography.map.compact() writes only "m", "z", digits, ",", "-"
        and "."."""
        by_code = {row.province.code: row for row in self.board.rows}
        outlines = []
        for shape in thailand_map.shapes():
            row = by_code.get(shape.province_code)
            if row is None:
                kind = "outside" if shape.province_code else "water"
                outlines.append(f'<path class="{kind}" d="{shape.path}" aria-hidden="true"/>')
                continue
            name = escape(row.province.name)
            label = self.status_labels[row.status]
            outlines.append(
                f'<a href="{self.province_url(row.province.slug)}"'
                f' class="province partnership-{row.status.value}" aria-label="{name}: {label}">\n'
                f"<title>{name}: {label}</title>\n"
                f'<path d="{shape.path}"/>\n'
                "</a>"
            )
        return mark_safe("\n".join(outlines))  # noqa: S308 - every text is escaped

    def _rows(self, rows, show_region):
        return "".join([self._row(row, show_region) for row in rows])

    def _row(self, row, show_region):
        """One <tr>, its texts escaped. A cell's second lines are <small>s, which the
        stylesheet puts on lines of their own in the muted colour (77 rows of
        <br><span class="small muted"> were 10 KB of the page)."""
        province, partnership, status = row.province, row.partnership, row.status
        region = ""
        if show_region:
            region = f"<small>{self._name_html(province.region)}</small>"
        reason = ""
        if status != PartnershipStatus.NONE:
            reason = f"<small>{escape(partnership.reason)}</small>"
        in_force = partnership.in_force
        if in_force:
            in_force = (
                f'<a href="{self.agreements}?province={province.slug}&amp;status=in_force">'
                f"{in_force}</a>"
            )
        families = "".join(
            f"<small>{self.family_labels[family]} {n}</small>"
            for family in PARTNER_FAMILIES
            if (n := row.partners.get(family))
        )
        followup = partnership.last_followup
        if followup:
            followup = f'<time datetime="{followup.isoformat()}">{self._date(followup)}</time>'
        current, previous = row.budget_current, row.budget_previous
        return (
            f'<tr class="row-{status.value}">\n'
            f'  <th scope="row"><a href="{self.province_url(province.slug)}">'
            f"{self._name_html(province)}</a>{region}</th>\n"
            f'  <td class="reason-cell"><span class="partnership partnership-{status.value}">'
            f"{self.status_labels[status]}</span>{reason}</td>\n"
            f'  <td class="num">{in_force}</td>\n'
            f'  <td class="num partners-cell">{row.partner_total}{families}</td>\n'
            f"  <td>{followup or MISSING}</td>\n"
            f'  <td class="num">{partnership.recent_followups}</td>\n'
            f'  <td class="num">{row.commitments_done} / {row.commitments_tracked}</td>\n'
            f'  <td class="num">{money(current) if current else MISSING}'
            f"{self._share(row)}</td>\n"
            f'  <td class="num">{money(previous) if previous else MISSING}</td>\n'
            f"  <td>{self.mode_labels[row.mode]}</td>\n"
            f'  <td class="num">{row.proposals_submitted} / {row.proposals_adopted}'
            f" / {row.proposals_funded}</td>\n"
            f'  <td class="num">{row.district_councils}</td>\n'
            "</tr>\n"
        )

    def _share(self, row):
        """The share of this fiscal year's budget transferred, under it, once any was."""
        share = row.share_transferred
        if not row.transferred_current or share is None:
            return ""
        return f"<small>{self.transferred_word} {share:.0f}%</small>"

    def _name_html(self, record):
        """{{ record.name|lang }}: escaped, marked with its language when not the page's."""
        name = record.name
        foreign = thai_text.foreign_language(name, self.language)
        return f'<span lang="{foreign}">{escape(name)}</span>' if foreign else escape(name)

    def _date(self, day):
        """{{ day|local_date:"short" }}, escaped."""
        if self.english:
            return escape(thai_calendar.english_date(day))
        return escape(thai_calendar.thai_date(day, short=True))

    def _query(self, **changes):
        """The page's query string with `changes` (None removes a parameter), escaped for an
        attribute: what {% querystring %} writes, without copying a QueryDict per link."""
        params = dict(self.params)
        for key, value in changes.items():
            if value is None:
                params.pop(key, None)
            else:
                params[key] = [value]
        pairs = [(key, value) for key, values in params.items() for value in values]
        return escape(f"?{urlencode(pairs)}")


def dashboard_report(rows, today=None) -> Report:
    """The dashboard table as open data: ISO dates, amounts. The English edition names its
    columns and statuses by stable codes (for reuse); the Thai one, read by people, by Thai
    headers and labels."""
    current, previous = current_fiscal_years(today)
    months = settings.PARTNERSHIP_FOLLOWUP_MONTHS
    budget = gettext("Budget")
    named = [
        ("province_code", _("Province code"), TEXT, 8),
        ("province_slug", _("Province (in the site's addresses)"), TEXT, 20),
        ("province_name_th", _("Province (Thai)"), TEXT, 22),
        ("province_name_en", _("Province (English)"), TEXT, 22),
        ("region_code", _("Region code"), TEXT, 12),
        ("status", _("Partnership"), TEXT, 10),
        ("agreements_published", _("Published agreements"), INTEGER, 10),
        ("agreements_in_force", _("Agreements in force"), INTEGER, 10),
        ("partners_in_force", _("Partners in agreements in force"), INTEGER, 10),
        *[
            (
                f"partners_{name}",
                format_lazy(_("Partners: {family}"), family=label),
                INTEGER,
                10,
            )
            for name, (label, _kinds) in PARTNER_FAMILIES.items()
        ],
        ("last_followup", _("Last follow-up"), DATE, 12),
        (
            "followups_recent",
            ngettext("Follow-ups, last month", "Follow-ups, last %(months)s months", months)
            % {"months": months},
            INTEGER,
            10,
        ),
        ("commitments_done", _("Commitments done"), INTEGER, 10),
        ("commitments_tracked", _("Commitments tracked"), INTEGER, 10),
        *[
            (f"budget_fy{year}", f"{budget} {thai_calendar.fiscal_year_short(year)}", MONEY, 16)
            for year in (current, previous)
        ],
        # The proposals' half (design: "Provincial proposals and money").
        ("province_mode", _("Way of working"), TEXT, 16),
        ("proposals_submitted", _("Proposals submitted"), INTEGER, 10),
        ("proposals_adopted", _("Proposals adopted into a plan"), INTEGER, 10),
        ("proposals_funded", _("Proposals funded"), INTEGER, 10),
        ("district_councils", _("District community councils"), INTEGER, 10),
    ]
    english = get_language() == "en"
    # Translated once: a lazy label is translated again at each use.
    statuses = {status: status.value if english else str(status.label) for status in STATUS_ORDER}
    modes = {
        "": "",
        **{
            mode.value: mode.value if english else str(mode.label)
            for mode in ProvinceWorkingMode.Mode
        },
    }
    columns = [
        Column(code if english else str(header), kind, width=width)
        for code, header, kind, width in named
    ]
    data = (
        [
            row.province.code,
            row.province.slug,
            row.province.name_th,
            row.province.name_en,
            row.province.region.code,
            statuses[row.status],
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
            modes[row.mode],
            row.proposals_submitted,
            row.proposals_adopted,
            row.proposals_funded,
            row.district_councils,
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
    agreement_url = url_maker("agreement-detail", "pk")
    signed, ended_label = str(_("signed")), str(_("ended"))
    for agreement in agreements:
        url = agreement_url(agreement.pk)
        events.append(
            Event(
                agreement.signed_on, "signed", signed, agreement.title, url, sequence=agreement.pk
            )
        )
        ended = agreement.terminated_on or agreement.ends_on
        if ended and ended < today:
            events.append(
                Event(ended, "ended", ended_label, agreement.title, url, sequence=agreement.pk)
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
