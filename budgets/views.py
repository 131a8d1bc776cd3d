import django_filters
from django.http import HttpResponseBadRequest
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET
from django_filters.views import FilterView

from codi_registry import renderers
from codi_registry.thai_calendar import fiscal_year_label
from geography.filters import province_filter, region_filter

from . import exports
from .models import Allocation, Programme
from .tables import budget_table


def fiscal_year_choices():
    years = (
        Allocation.objects.published()
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
    )
    return [(year, fiscal_year_label(year)) for year in dict.fromkeys(years)]


class AllocationFilter(django_filters.FilterSet):
    region = region_filter()
    province = province_filter()
    fiscal_year = django_filters.ChoiceFilter(label=_("Fiscal year"), choices=fiscal_year_choices)
    programme = django_filters.ModelChoiceFilter(
        label=_("Programme"), to_field_name="code", queryset=Programme.objects.all()
    )

    class Meta:
        model = Allocation
        fields = []


class BudgetView(FilterView):
    """Allocations by province × fiscal year × programme, with totals."""

    filterset_class = AllocationFilter
    template_name = "budgets/budget_list.html"

    def get_queryset(self):
        return Allocation.objects.published()

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["budget"] = budget_table(context["object_list"], by_province=True)
        return context


def _filtered(request):
    filterset = AllocationFilter(request.GET, queryset=Allocation.objects.published())
    return filterset.qs if filterset.is_valid() else None


def _bad_filters():
    return HttpResponseBadRequest(_("The filters are not valid; check the budgets page."))


@require_GET
def allocation_export(request, extension):
    queryset = _filtered(request)
    if queryset is None:
        return _bad_filters()
    report = exports.allocation_report(queryset)
    if extension == "csv":
        return renderers.csv_response(report, "allocations")
    return renderers.xlsx_response([report], "allocations")


@require_GET
def budget_summary_export(request, extension):
    queryset = _filtered(request)
    if queryset is None:
        return _bad_filters()
    reports = exports.budget_summary(queryset)
    if extension == "pdf":
        return renderers.pdf_response(exports.budget_summary_pdf(reports), "budget-summary")
    return renderers.xlsx_response(reports, "budget-summary")
