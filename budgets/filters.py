import django_filters
from django.utils.translation import gettext_lazy as _

from geography.filters import BilingualChoiceFilter, province_filter, region_filter
from thai.calendar import fiscal_year_label

from .models import Allocation, Programme


def fiscal_year_choices():
    years = (
        Allocation.objects.published()
        .order_by("-fiscal_year")
        .values_list("fiscal_year", flat=True)
    )
    return [(year, fiscal_year_label(year)) for year in dict.fromkeys(years)]


class AllocationFilter(django_filters.FilterSet):
    """The budget page's filters, shared by its exports and the open-data API."""

    region = region_filter()
    province = province_filter()
    fiscal_year = django_filters.ChoiceFilter(label=_("Fiscal year"), choices=fiscal_year_choices)
    programme = BilingualChoiceFilter(
        label=_("Programme"), to_field_name="code", queryset=Programme.objects.all()
    )

    class Meta:
        model = Allocation
        fields = []
