"""Budget reports: allocation rows and the province / region / national summary."""

from django.utils.translation import gettext as _

from reports.columns import INTEGER, MONEY, Column, Report

from .tables import budget_table

CHUNK_SIZE = 2000


def allocation_report(queryset) -> Report:
    """One row per allocation."""
    columns = [
        Column(_("Province"), width=16),
        Column(_("Region"), width=28),
        Column(_("Fiscal year"), INTEGER, width=10),
        Column(_("Programme"), width=40),
        Column(_("Amount (THB)"), MONEY, width=16),
        Column(_("Agreement"), width=18),
        Column(_("Recipient"), width=36),
        Column(_("Note"), width=30),
    ]
    queryset = queryset.select_related(
        "province__region", "programme", "agreement", "recipient"
    ).order_by("-fiscal_year", "province__name_th", "programme__sort_order", "pk")

    def rows():
        for allocation in queryset.iterator(chunk_size=CHUNK_SIZE):
            yield [
                allocation.province.name,
                allocation.province.region.name,
                allocation.fiscal_year,
                allocation.programme.name,
                allocation.amount,
                allocation.agreement.reference if allocation.agreement else "",
                allocation.recipient.name if allocation.recipient else "",
                allocation.note,
            ]

    return Report(title=_("Budget allocations"), columns=columns, rows=rows())


def budget_summary(queryset) -> list:
    """Three reports from one pivot: by province, by region, national.

    Each has one column per programme and a total, rows per fiscal year.
    """
    by_province = budget_table(queryset, by_province=True)
    by_region = by_province.regrouped(by_region=True)
    national = by_province.regrouped(by_region=False)

    money_columns = [Column(p.name, MONEY, width=16) for p in by_province.programmes]
    money_columns.append(Column(_("Total"), MONEY, width=16))
    year = Column(_("Fiscal year"), INTEGER, width=10)
    region = Column(_("Region"), width=28)

    def amounts(row):
        return [*row.amounts(), row.total]

    province_rows = sorted(
        ([r.region.name, r.province.name, r.fiscal_year, *amounts(r)] for r in by_province.rows),
        key=lambda row: (row[0], row[1], -row[2]),
    )
    region_rows = sorted(
        ([r.region.name, r.fiscal_year, *amounts(r)] for r in by_region.rows),
        key=lambda row: (row[0], -row[1]),
    )
    national_rows = [
        [r.fiscal_year, *amounts(r)] for r in sorted(national.rows, key=lambda r: -r.fiscal_year)
    ]
    if national_rows:
        national_rows.append([None, *national.column_totals, national.total])

    return [
        Report(
            title=_("By province"),
            columns=[region, Column(_("Province"), width=16), year, *money_columns],
            rows=province_rows,
        ),
        Report(title=_("By region"), columns=[region, year, *money_columns], rows=region_rows),
        Report(
            title=_("National"),
            columns=[year, *money_columns],
            rows=national_rows,
            notes=[_("The last row is the total of all fiscal years shown.")],
        ),
    ]
