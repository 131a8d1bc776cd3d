import django_filters
from django.utils.translation import gettext_lazy as _

from geography.filters import province_filter, region_filter
from records.filtersets import FormClassOnce
from thai.forms import LanguageMarkedSelect, SearchInput

from .models import Organisation

# A filtered partner list holds at most this many (and says "more than" past it).
MATCHES_LISTED = 300


class PartnerFilter(FormClassOnce, django_filters.FilterSet):
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
        count of every partner.

        Filtered, the list is the first MATCHES_LISTED + 1 matches the database finds, in the
        list's order: a walk in name order to the first page of a common word stopped only
        where its matches begin in the alphabet (ราชภัฏ, under ม, after half the partners),
        so it grew with the registry. The list's count stops there too ("more than 300")."""
        queryset = super().qs
        if not self.is_bound or not any(self.form.cleaned_data.values()):
            queryset.found_count = Organisation.objects.public_partner_count
            return queryset
        found = queryset.order_by().values("pk")[: MATCHES_LISTED + 1]
        return queryset.filter(pk__in=found)
