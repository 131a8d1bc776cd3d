import django_filters
from django.utils.translation import gettext_lazy as _

from geography.filters import province_filter, region_filter
from thai.forms import LanguageMarkedSelect, SearchInput

from .models import Organisation


class PartnerFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=SearchInput,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Organisation.Kind.choices, widget=LanguageMarkedSelect
    )
    region = region_filter()
    province = province_filter()

    class Meta:
        model = Organisation
        fields = []

    def filter_search(self, queryset, name, value):
        return queryset.search(value)

    @property
    def qs(self):
        """The filtered partners; unfiltered (no query string at all, or empty values), the
        list's size is the stored partner total (records.paging.KnownCountPaginator), not a
        count of every partner."""
        queryset = super().qs
        if not self.is_bound or not any(self.form.cleaned_data.values()):
            queryset.found_count = Organisation.objects.public_partner_count
        return queryset
