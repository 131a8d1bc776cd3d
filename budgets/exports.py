"""Budget reports: allocation rows and the province / region / national summary."""

from collections import defaultdict
from decimal import Decimal

from django.db.models import Sum
from django.utils.translation import gettext as _

from codi_registry.pdf import RegistryPDF
from codi_registry.renderers import INTEGER, MONEY, Column, Report
from geography.models import Province, Region

from .models import Programme

CHUNK_SIZE = 2000
ZERO = Decimal("0.00")


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
    """Three reports from one aggregate query: by province, by region, national.

    Each has one column per programme and a total, rows per fiscal year.
    """
    sums = list(
        queryset.order_by()
        .values("province", "fiscal_year", "programme")
        .annotate(amount=Sum("amount"))
    )
    programmes = list(Programme.objects.filter(pk__in={s["programme"] for s in sums}))
    provinces = Province.objects.select_related("region").in_bulk({s["province"] for s in sums})
    regions = {r.pk: r for r in Region.objects.all()}
    index = {programme.pk: i for i, programme in enumerate(programmes)}

    by_province = defaultdict(lambda: [ZERO] * len(programmes))
    by_region = defaultdict(lambda: [ZERO] * len(programmes))
    national = defaultdict(lambda: [ZERO] * len(programmes))
    for s in sums:
        province = provinces[s["province"]]
        column = index[s["programme"]]
        by_province[(province.pk, s["fiscal_year"])][column] += s["amount"]
        by_region[(province.region_id, s["fiscal_year"])][column] += s["amount"]
        national[s["fiscal_year"]][column] += s["amount"]

    money_columns = [Column(p.name, MONEY, width=16) for p in programmes]
    money_columns.append(Column(_("Total"), MONEY, width=16))
    year = Column(_("Fiscal year"), INTEGER, width=10)

    def with_total(amounts):
        return [*amounts, sum(amounts, ZERO)]

    province_rows = sorted(
        (
            [
                regions[provinces[pk].region_id].name,
                provinces[pk].name,
                fy,
                *with_total(amounts),
            ]
            for (pk, fy), amounts in by_province.items()
        ),
        key=lambda row: (row[0], row[1], -row[2]),
    )
    region_rows = sorted(
        ([regions[pk].name, fy, *with_total(amounts)] for (pk, fy), amounts in by_region.items()),
        key=lambda row: (row[0], -row[1]),
    )
    national_rows = [[fy, *with_total(national[fy])] for fy in sorted(national, reverse=True)]
    if national_rows:
        width = len(national_rows[0])
        grand = [sum((row[i] for row in national_rows), ZERO) for i in range(1, width)]
        national_rows.append([None, *grand])

    return [
        Report(
            title=_("By province"),
            columns=[Column(_("Region"), width=28), Column(_("Province"), width=16), year]
            + money_columns,
            rows=province_rows,
        ),
        Report(
            title=_("By region"),
            columns=[Column(_("Region"), width=28), year] + money_columns,
            rows=region_rows,
        ),
        Report(
            title=_("National"),
            columns=[year] + money_columns,
            rows=national_rows,
            notes=[_("The last row is the total of all fiscal years shown.")],
        ),
    ]


def budget_summary_pdf(reports) -> bytes:
    pdf = RegistryPDF(title=_("Budget summary"), orientation="landscape")
    pdf.heading(_("CODI budget allocations: summary"))
    for report in reports:
        pdf.report_table(report)
    return pdf.render()
