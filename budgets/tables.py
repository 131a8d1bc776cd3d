"""Budget tables: allocations pivoted to rows × programmes, with row, column and grand totals.

The one pivot behind the budget tables of the pages and the budget summary exports. A table
costs one aggregate query plus one for its programmes (and one for the provinces when rows are
per province), whatever the number of allocations.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cached_property

from django.db.models import F, Sum
from django.utils.translation import gettext as _

from geography.models import Province, Region
from records.compiled import compiled
from reports.charts import stacked_bars
from thai import calendar as thai_calendar

from .models import BudgetTotal, Programme, RegionBudgetTotal

ZERO = Decimal("0.00")


@dataclass
class BudgetRow:
    fiscal_year: int
    cells: list  # one Decimal, or None where nothing was allocated, per programme column
    province: Province | None = None
    region: Region | None = None

    @property
    def total(self):
        return sum(self.amounts(), ZERO)

    def amounts(self):
        """The cells with zero where nothing was allocated."""
        return [ZERO if cell is None else cell for cell in self.cells]

    def add(self, column, amount):
        self.cells[column] = (self.cells[column] or ZERO) + amount


@dataclass
class TrailRow:
    """The money trail of one fiscal year and programme (or of a whole year, programme None):
    allocated, transferred, reported spent and returned."""

    fiscal_year: int
    programme: Programme | None
    allocated: Decimal = ZERO
    transferred: Decimal = ZERO
    reported: Decimal = ZERO
    returned: Decimal = ZERO

    @property
    def share_transferred(self):
        """Per cent of the allocated amount transferred, or None when nothing was allocated."""
        return self.transferred * 100 / self.allocated if self.allocated else None


@dataclass
class BudgetTable:
    programmes: list
    rows: list = field(default_factory=list)
    # (fiscal year, programme pk) -> [transferred, reported, returned]: the money trail, from
    # the same query as the amounts.
    trail: dict = field(default_factory=dict)

    def __bool__(self):
        return bool(self.rows)

    @cached_property
    def column_totals(self):
        return [
            sum((row.cells[column] or ZERO for row in self.rows), ZERO)
            for column in range(len(self.programmes))
        ]

    @property
    def total(self):
        return sum(self.column_totals, ZERO)

    def chart(self):
        """The table as stacked bars: a bar per fiscal year, oldest first, a segment per
        programme. For tables with a row per fiscal year (not per province or region)."""
        rows = [
            (thai_calendar.fiscal_year_short(row.fiscal_year), row.cells)
            for row in sorted(self.rows, key=lambda r: r.fiscal_year)
        ]
        return stacked_bars(rows, [programme.name for programme in self.programmes])

    @property
    def fiscal_years(self):
        """The fiscal years of the rows, newest first."""
        return sorted({row.fiscal_year for row in self.rows}, reverse=True)

    def latest_years(self, count):
        """The table of its `count` latest fiscal years only, with the programmes allocated in
        them and their money trail; the table itself when it has no more years than that."""
        years = set(self.fiscal_years[:count])
        if len(years) == len({row.fiscal_year for row in self.rows}):
            return self
        rows = [row for row in self.rows if row.fiscal_year in years]
        columns = [
            column
            for column in range(len(self.programmes))
            if any(row.cells[column] is not None for row in rows)
        ]
        return BudgetTable(
            [self.programmes[column] for column in columns],
            [
                BudgetRow(
                    row.fiscal_year,
                    [row.cells[column] for column in columns],
                    row.province,
                    row.region,
                )
                for row in rows
            ],
            {key: money for key, money in self.trail.items() if key[0] in years},
        )

    def money_trail(self):
        """TrailRow per fiscal year and programme, newest year first, programmes in their
        order; empty when nothing was transferred (no row would say more than the table).
        Worked out once per table: the page's trail and its chart both read it."""
        if self._money_trail is None:
            self._money_trail = self._trail_rows()
        return self._money_trail

    _money_trail = None

    def _trail_rows(self):
        if not any(money[0] for money in self.trail.values()):
            return []
        allocated = {}  # (fiscal year, column) -> the amount allocated
        for row in self.rows:
            for column, amount in enumerate(row.cells):
                if amount is not None:
                    key = (row.fiscal_year, column)
                    allocated[key] = allocated.get(key, ZERO) + amount
        rows = []
        none = (ZERO,) * 3
        # Newest year first, then the programmes in their order (their column).
        for year, column in sorted(allocated, key=lambda key: (-key[0], key[1])):
            programme = self.programmes[column]
            transferred, reported, returned = self.trail.get((year, programme.pk), none)
            rows.append(
                TrailRow(
                    year,
                    programme,
                    allocated[(year, column)],
                    transferred,
                    reported,
                    returned,
                )
            )
        return rows

    def money_chart(self):
        """Allocated, transferred and reported as bars, three per fiscal year (oldest first),
        for the pages' money trail; empty when nothing was transferred."""
        years = {}
        for row in self.money_trail():
            total = years.setdefault(row.fiscal_year, TrailRow(row.fiscal_year, None))
            total.allocated += row.allocated
            total.transferred += row.transferred
            total.reported += row.reported
        bars = []
        for year in sorted(years):
            total = years[year]
            label = thai_calendar.fiscal_year_short(year)
            bars.append((label, [total.allocated, None, None]))
            bars.append((label, [None, total.transferred, None]))
            bars.append((label, [None, None, total.reported]))
        return stacked_bars(bars, [_("allocated"), _("transferred"), _("reported spent")])

    def by_region(self):
        """The amounts summed per region and fiscal year: newest year first, regions in their
        order."""
        regional = self.regrouped(by_region=True)
        regional.rows.sort(key=lambda r: (-r.fiscal_year, r.region.sort_order, r.region.code))
        return regional

    def regrouped(self, *, by_region):
        """The same amounts summed per region and fiscal year, or per fiscal year only."""
        rows = {}
        for row in self.rows:
            region = row.region if by_region else None
            key = (row.fiscal_year, region.pk if region else None)
            if key not in rows:
                rows[key] = BudgetRow(row.fiscal_year, [None] * len(self.programmes), None, region)
            for column, amount in enumerate(row.cells):
                if amount is not None:
                    rows[key].add(column, amount)
        return BudgetTable(self.programmes, list(rows.values()), self.trail)


# What a budget table shows of a programme (Programme's columns but its primary key).
PROGRAMME_FIELDS = ["code", "name_th", "name_en", "sort_order", "is_active"]


def budget_table(allocations, *, by_province=False) -> BudgetTable:
    """Pivot `allocations` to rows of fiscal year (and province) × programme columns, summed
    in the database. Rows come newest year first, then by province name. The whole country
    by region is national_budget_table()."""
    keys = ["fiscal_year", "province"] if by_province else ["fiscal_year"]
    sums = list(_sums_with_programmes(allocations, keys))
    programmes = _programmes_in(sums)
    provinces = (
        Province.objects.select_related("region").in_bulk({s["province"] for s in sums})
        if by_province
        else {}
    )
    return _pivot(sums, keys, programmes, provinces)


def _money():
    return {
        "amount": Sum("amount"),
        "transferred": Sum("transferred_amount"),
        "reported": Sum("reported_amount"),
        "returned": Sum("returned_amount"),
    }


def _sums_with_programmes(allocations, keys):
    # Each programme's columns come with its sums, in the same query: a query of their own
    # cost more than these few rows.
    columns = [f"programme__{field}" for field in PROGRAMME_FIELDS]
    return allocations.order_by().values(*keys, "programme", *columns).annotate(**_money())


def _programmes_in(sums):
    """The programmes named in `sums` (with their PROGRAMME_FIELDS), in programme order."""
    programmes = {}
    for s in sums:
        if s["programme"] not in programmes:
            fields = {field: s[f"programme__{field}"] for field in PROGRAMME_FIELDS}
            programmes[s["programme"]] = Programme(pk=s["programme"], **fields)
    return in_programme_order(programmes.values())


def in_programme_order(programmes):
    """`programmes` as the tables list them: by their sort order, then Thai name."""
    return sorted(programmes, key=lambda programme: (programme.sort_order, programme.name_th))


# A province's and a region's stored totals by fiscal year and programme: the same query on
# every province and region page, compiled once (records/compiled.py).
_province_sums = compiled(
    lambda province: _sums_with_programmes(
        BudgetTotal.objects.filter(province=province), ["fiscal_year"]
    )
)
_region_sums = compiled(
    lambda region: _stored_with_programmes(RegionBudgetTotal.objects.filter(region=region))
)
# The whole country by region, year and programme, with each region's columns.
REGION_FIELDS = ["code", "name_th", "name_en", "sort_order"]
_national_sums = compiled(
    lambda: _stored_with_programmes(
        RegionBudgetTotal.objects.all(), "region", *(f"region__{f}" for f in REGION_FIELDS)
    )
)
_national_sums_of = compiled(
    lambda programme: _stored_with_programmes(
        RegionBudgetTotal.objects.filter(programme=programme),
        "region",
        *(f"region__{f}" for f in REGION_FIELDS),
    )
)
# The amounts of every region's stored totals: the national total is their sum.
_national_amounts = compiled(lambda: RegionBudgetTotal.objects.order_by().values_list("amount"))


def _stored_with_programmes(totals, *keys):
    """Rows of stored RegionBudgetTotal `totals` as _pivot() takes them, each with its
    programme's columns: a few hundred rows read as they are, no GROUP BY."""
    columns = [f"programme__{field}" for field in PROGRAMME_FIELDS]
    return totals.order_by().values(
        "fiscal_year",
        *keys,
        "programme",
        *columns,
        "amount",
        transferred=F("transferred_amount"),
        reported=F("reported_amount"),
        returned=F("returned_amount"),
    )


def province_budget_table(province) -> BudgetTable:
    """budget_table(BudgetTotal.objects.filter(province=province)), its query compiled once."""
    return _compiled_table(_province_sums.fetch(province.pk))


def region_budget_table(region) -> BudgetTable:
    """budget_table() of the region's provinces' totals, read from the stored region totals
    (RegionBudgetTotal) by a query compiled once."""
    return _compiled_table(_region_sums.fetch(region.pk))


def national_budget_table(programme=None) -> BudgetTable:
    """The whole country (of one `programme`, when given) by fiscal year and region, newest
    year first, regions in their order: the stored region totals (RegionBudgetTotal) with their
    regions and programmes, read by one query compiled once, as they are."""
    sums = _national_sums.fetch() if programme is None else _national_sums_of.fetch(programme.pk)
    regions = {}
    for s in sums:
        if s["region"] not in regions:
            fields = {field: s[f"region__{field}"] for field in REGION_FIELDS}
            regions[s["region"]] = Region(pk=s["region"], **fields)
    table = _pivot(sums, ["fiscal_year", "region"], _programmes_in(sums), {}, regions)
    table.rows.sort(key=lambda r: (-r.fiscal_year, r.region.sort_order, r.region.code))
    return table


def national_budget_total() -> Decimal:
    """What is allocated in all, from the stored region totals (a few hundred rows)."""
    return sum((amount for (amount,) in _national_amounts.rows()), ZERO)


def _compiled_table(sums):
    return _pivot(sums, ["fiscal_year"], _programmes_in(sums), {})


def loaded_budget_table(allocations) -> BudgetTable:
    """budget_table() over allocations already loaded with their programme (e.g. prefetched
    on an agreement): rows per fiscal year, no query."""
    allocations = list(allocations)
    programmes = in_programme_order({a.programme_id: a.programme for a in allocations}.values())
    sums = [
        {
            "fiscal_year": a.fiscal_year,
            "programme": a.programme_id,
            "amount": a.amount,
            "transferred": a.transferred_amount,
            "reported": a.reported_amount,
            "returned": a.returned_amount,
        }
        for a in allocations
    ]
    return _pivot(sums, ["fiscal_year"], programmes, {})


def _pivot(sums, keys, programmes, provinces, regions=None):
    """Amounts ({key: value, "programme": pk, "amount": Decimal}) added up into rows of `keys`
    (fiscal year, and province or region when given) × a column per programme: a BudgetTable.
    With `regions` ({pk: Region}), each row's region is that of its "region" value."""
    column = {programme.pk: i for i, programme in enumerate(programmes)}
    rows = {}
    trail = {}
    for s in sums:
        money = trail.setdefault((s["fiscal_year"], s["programme"]), [ZERO, ZERO, ZERO])
        for i, name in enumerate(("transferred", "reported", "returned")):
            money[i] += s.get(name) or ZERO
        key = tuple(s[k] for k in keys)
        if key not in rows:
            province = provinces.get(s.get("province"))
            if regions is not None:
                region = regions[s["region"]]
            else:
                region = province.region if province else None
            rows[key] = BudgetRow(
                fiscal_year=s["fiscal_year"],
                cells=[None] * len(programmes),
                province=province,
                region=region,
            )
        rows[key].add(column[s["programme"]], s["amount"])

    ordered = sorted(
        rows.values(), key=lambda r: (-r.fiscal_year, r.province.name_th if r.province else "")
    )
    return BudgetTable(programmes=programmes, rows=ordered, trail=trail)
