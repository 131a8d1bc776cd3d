"""Budget reports: allocation rows and the province / region / national summary."""

from django.utils.translation import gettext as _

from reports.columns import DATE, INTEGER, MONEY, Column, Report
from thai.bilingual import in_language

from .tables import budget_table, loaded_budget_table

# Rows are read this many at a time from one query (see agreements.exports.CHUNK_SIZE).
CHUNK_SIZE = 5000

# Wide enough for "ปีงบประมาณ", one word, on one line of the summary's PDF tables.
FISCAL_YEAR_WIDTH = 13


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
        # The money trail (contract): the stored sums, amounts only, never a finance reference.
        Column(_("Transferred (THB)"), MONEY, width=16),
        Column(_("Reported spent (THB)"), MONEY, width=16),
        Column(_("Returned (THB)"), MONEY, width=16),
    ]
    selected = queryset.order_by(
        "-fiscal_year", "province__name_th", "programme__sort_order", "pk"
    ).values_list(
        in_language("province__name_th"),
        in_language("province__region__name_th"),
        "fiscal_year",
        in_language("programme__name_th"),
        "amount",
        "agreement__reference",  # None (an empty cell) without an agreement
        in_language("recipient__name_th"),
        "public_note",
        "transferred_amount",
        "reported_amount",
        "returned_amount",
    )
    # The rows are the values as the database gives them, in the columns' order.
    return Report(
        title=_("Budget allocations"),
        columns=columns,
        rows=selected.iterator(chunk_size=CHUNK_SIZE),
        source=selected,
    )


def _money_columns(programmes) -> list:
    columns = [Column(p.name, MONEY, width=16) for p in programmes]
    columns.append(Column(_("Total"), MONEY, width=16))
    return columns


def _by_year(table, title, notes=()) -> Report:
    """`table` (rows per fiscal year) newest year first, then a row of totals labelled "Total"
    in the year column."""
    rows = [
        [r.fiscal_year, *r.amounts(), r.total]
        for r in sorted(table.rows, key=lambda r: -r.fiscal_year)
    ]
    if rows:
        rows.append([_("Total"), *table.column_totals, table.total])
    columns = [
        Column(_("Fiscal year"), INTEGER, width=FISCAL_YEAR_WIDTH),
        *_money_columns(table.programmes),
    ]
    return Report(title=title, columns=columns, rows=rows, notes=list(notes))


def budget_summary(queryset) -> list:
    """Three reports from one pivot: by province, by region, national.

    Each has one column per programme and a total, rows per fiscal year.
    """
    by_province = budget_table(queryset, by_province=True)
    by_region = by_province.by_region()
    national = by_province.regrouped(by_region=False)

    money_columns = _money_columns(by_province.programmes)
    year = Column(_("Fiscal year"), INTEGER, width=FISCAL_YEAR_WIDTH)
    region = Column(_("Region"), width=28)

    def amounts(row):
        return [*row.amounts(), row.total]

    province_rows = sorted(
        ([r.region.name, r.province.name, r.fiscal_year, *amounts(r)] for r in by_province.rows),
        key=lambda row: (row[0], row[1], -row[2]),
    )
    region_rows = [
        [r.region.name, r.fiscal_year, *amounts(r)]
        for r in sorted(by_region.rows, key=lambda r: (r.region.sort_order, r.region.code))
    ]

    reports = [
        Report(
            title=_("By province"),
            columns=[region, Column(_("Province"), width=16), year, *money_columns],
            rows=province_rows,
        ),
        Report(title=_("By region"), columns=[region, year, *money_columns], rows=region_rows),
        _by_year(
            national,
            _("National"),
            notes=[_("The last row is the total of all fiscal years shown.")],
        ),
    ]
    trail = money_trail_report(by_province)
    if trail is not None:
        reports.append(trail)
    return reports


def money_trail_report(table):
    """Allocated, transferred, reported spent and returned per fiscal year and programme, from
    a BudgetTable (its own query's sums): None when nothing was transferred. Amounts only."""
    rows = table.money_trail()
    if not rows:
        return None
    columns = [
        Column(_("Fiscal year"), INTEGER, width=FISCAL_YEAR_WIDTH),
        Column(_("Programme"), width=40),
        Column(_("Allocated"), MONEY, width=16),
        Column(_("Transferred"), MONEY, width=16),
        Column(_("Reported spent"), MONEY, width=16),
        Column(_("Returned"), MONEY, width=16),
    ]
    return Report(
        title=_("Where the money went"),
        columns=columns,
        rows=[
            [r.fiscal_year, r.programme.name, r.allocated, r.transferred, r.reported, r.returned]
            for r in rows
        ],
    )


def agreement_budget(allocations) -> Report:
    """The allocations of one agreement (loaded with their programme) by fiscal year and
    programme, with totals: the money on its printable sheet."""
    return _by_year(loaded_budget_table(allocations), _("Budget"))


def awaiting_report(transfers, *, today, cutoff, with_ids=False) -> Report:
    """Staff report: transfers (TransferQuerySet.awaiting_report()) with no spending report,
    by region, the oldest first, each with its age in days and whether it is overdue (made on
    or before `cutoff`). Staff only: it carries the finance document numbers. `with_ids` adds
    the allocation's and the transfer's ids after the columns, for the admin page's links."""
    columns = [
        Column(_("Region"), width=28),
        Column(_("Province"), width=16),
        Column(_("Fiscal year"), INTEGER, width=10),
        Column(_("Programme"), width=36),
        Column(_("Agreement"), width=18),
        Column(_("Recipient"), width=36),
        Column(_("Transfer date"), DATE, width=14),
        Column(_("Amount (THB)"), MONEY, width=16),
        Column(_("Finance document no."), width=18),
        Column(_("Age (days)"), INTEGER, width=10),
        Column(_("Overdue"), width=10),
    ]
    selected = transfers.order_by(
        "allocation__province__region__sort_order", "transferred_on", "pk"
    ).values_list(
        in_language("allocation__province__region__name_th"),
        in_language("allocation__province__name_th"),
        "allocation__fiscal_year",
        in_language("allocation__programme__name_th"),
        "allocation__agreement__reference",
        in_language("recipient__name_th"),
        "transferred_on",
        "amount",
        "reference",
        "allocation_id",
        "pk",
    )
    overdue, waiting = _("overdue"), ""

    def rows():
        for *values, allocation_id, pk in selected.iterator(chunk_size=CHUNK_SIZE):
            transferred_on = values[6]
            age = (today - transferred_on).days
            row = [*values, age, overdue if transferred_on <= cutoff else waiting]
            yield [*row, allocation_id, pk] if with_ids else row

    return Report(title=_("Transfers awaiting a spending report"), columns=columns, rows=rows())
