"""Budget tables: allocations pivoted to rows × programmes, with row, column and grand totals.

Built from one aggregate query plus one query per kind of row label, so a table costs the same
number of queries whatever the number of allocations.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Sum

from geography.models import Province

from .models import Programme

ZERO = Decimal("0.00")


@dataclass
class BudgetRow:
    fiscal_year: int
    province: Province | None
    cells: list  # one Decimal or None per programme column
    total: Decimal = ZERO


@dataclass
class BudgetTable:
    programmes: list
    rows: list = field(default_factory=list)
    column_totals: list = field(default_factory=list)
    total: Decimal = ZERO

    def __bool__(self):
        return bool(self.rows)


def budget_table(allocations, *, by_province=False):
    """Pivot `allocations` to rows of fiscal year (and province) × programme columns."""
    keys = ["fiscal_year", "province"] if by_province else ["fiscal_year"]
    sums = list(allocations.order_by().values(*keys, "programme").annotate(amount=Sum("amount")))
    programmes = list(Programme.objects.filter(pk__in={s["programme"] for s in sums}))
    column = {programme.pk: i for i, programme in enumerate(programmes)}
    provinces = Province.objects.in_bulk({s["province"] for s in sums}) if by_province else {}

    rows = {}
    for s in sums:
        key = (s["fiscal_year"], s.get("province"))
        row = rows.get(key)
        if row is None:
            row = rows[key] = BudgetRow(
                fiscal_year=s["fiscal_year"],
                province=provinces.get(s.get("province")),
                cells=[None] * len(programmes),
            )
        row.cells[column[s["programme"]]] = s["amount"]
        row.total += s["amount"]

    ordered = sorted(
        rows.values(), key=lambda r: (-r.fiscal_year, r.province.name_th if r.province else "")
    )
    column_totals = [
        sum((r.cells[i] for r in ordered if r.cells[i] is not None), ZERO)
        for i in range(len(programmes))
    ]
    return BudgetTable(
        programmes=programmes,
        rows=ordered,
        column_totals=column_totals,
        total=sum(column_totals, ZERO),
    )
