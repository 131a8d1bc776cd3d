import django_filters
from django.utils.translation import gettext_lazy as _
from django_filters.views import FilterView

from codi_registry.thai_calendar import fiscal_year_label
from geography.models import Province, Region

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
    region = django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name="province__region",
        to_field_name="code",
        queryset=Region.objects.all(),
    )
    province = django_filters.ModelChoiceFilter(
        label=_("Province"), to_field_name="slug", queryset=Province.objects.all()
    )
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
