import django_filters
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from geography.filters import BilingualChoiceFilter, province_filter, region_filter
from partners.models import Organisation
from records.filtersets import FormClassOnce
from records.years import YearChoiceFilter, published_years
from thai.calendar import be_year, ce_year
from thai.forms import LanguageMarkedSelect, SearchInput

from .models import SEARCH_CANDIDATES, Agreement, Theme


def signed_year_choices():
    return [(be_year(year), be_year(year)) for year in published_signing_years()]


def published_signing_years():
    """The years (CE) in which published agreements were signed, newest first, by a loose
    scan of the list-order index (records.years)."""
    return published_years(Agreement, "signed_on")


# ?status= values for a group of statuses, beside the statuses themselves.
IN_FORCE, ENDED = "in_force", "ended"


class ChosenOnlySelect(LanguageMarkedSelect):
    """A drop-down that renders only "All" and the chosen option.

    Listing every partner organisation would make the page grow with the registry (20,000
    organisations are 3 MB of <option>s). Visitors choose a partner on its own page, which
    links here, or find it with the search box; the chosen one stays visible and removable.
    """

    def render(self, name, value, attrs=None, renderer=None):
        field = self.choices.field
        options = [("", field.empty_label)] if field.empty_label is not None else []
        options += [(o.pk, o.name) for o in chosen(field, self.format_value(value))]
        full_choices, self.choices = self.choices, options
        try:
            return super().render(name, value, attrs, renderer)
        finally:
            self.choices = full_choices


def chosen(field, values):
    """The organisations `values` name, through the field's own lookup.

    The form was refused already when one is malformed, but it shows the raw value again. The
    field's lookup is `pk=` one at a time, which Django answers with "none" for an id past the
    database's integers; `pk__in` would send such an id to the database, which fails on it.
    """
    for value in values:
        if value in field.empty_values:
            continue
        try:
            yield field.to_python(value)
        except ValidationError:
            continue  # not an id, or no such partner: the form says so


class AgreementFilter(FormClassOnce, django_filters.FilterSet):
    """The public list's filters; every value travels in the query string (bookmarkable)."""

    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=SearchInput(attrs={"placeholder": _("e.g. ราชภัฏ")}),
    )
    region = region_filter()
    province = province_filter()
    status = django_filters.ChoiceFilter(
        label=_("Status"),
        choices=[
            (IN_FORCE, _("in force (active, expiring or open-ended)")),
            (ENDED, _("ended (expired or terminated)")),
            *Agreement.Status.choices,
        ],
        method="filter_status",
        widget=LanguageMarkedSelect,
    )
    kind = django_filters.ChoiceFilter(
        label=_("Kind"), choices=Agreement.Kind.choices, widget=LanguageMarkedSelect
    )
    theme = BilingualChoiceFilter(
        label=_("Theme"),
        field_name="themes",
        to_field_name="slug",
        queryset=Theme.objects.all(),
        label_attribute="title",
        by_name=True,
    )
    year = YearChoiceFilter(
        label=_("Year signed (BE)"),
        choices=signed_year_choices,
        method="filter_year",
        widget=LanguageMarkedSelect,
    )
    # ?partner=<id>, from a partner's own page; shown in the form only once chosen.
    partner = django_filters.ModelChoiceFilter(
        label=_("Chosen partner"),
        method="filter_partner",
        queryset=Organisation.objects.filter(agreement_roles__agreement__is_published=True)
        .distinct()
        .order_by("name_th"),
        widget=ChosenOnlySelect,
    )
    partner_name = django_filters.CharFilter(
        label=_("Partner organisation"),
        method="filter_partner_name",
        widget=SearchInput(attrs={"placeholder": _("name or short name")}),
    )
    partner_kind = django_filters.ChoiceFilter(
        label=_("Kind of partner"),
        choices=Organisation.Kind.choices,
        method="filter_partner_kind",
        widget=LanguageMarkedSelect,
    )

    class Meta:
        model = Agreement
        fields = []

    # Matches ranked at most (AgreementQuerySet.search); None for every match (exports).
    search_limit = SEARCH_CANDIDATES

    # Set by the apps above this one (public, opendata): how many published agreements there
    # are, from figures kept current with the data, so that an unfiltered list's pages need
    # no COUNT over every agreement (records.paging.KnownCountPaginator).
    published_total = None

    def filter_queryset(self, queryset):
        """Every other filter first, the search last: a broad word ranks the newest matches
        of the set the other filters chose, not of the whole registry. A search alone, of the
        lists whose unfiltered set is every published agreement (`published_total`), runs its
        queries compiled once (AgreementQuerySet.search, `published_only`)."""
        queryset = super().filter_queryset(queryset)
        data = self.form.cleaned_data
        alone = not any(value for name, value in data.items() if name != "q")
        return queryset.search(
            data.get("q") or "",
            limit=self.search_limit,
            published_only=alone and self.published_total is not None,
        )

    @property
    def qs(self):
        queryset = super().qs
        unfiltered = not self.is_bound or not any(self.form.cleaned_data.values())
        if self.published_total is not None and unfiltered:
            queryset.found_count = self.published_total  # asked only if a page is counted
        return queryset

    def filter_search(self, queryset, name, value):
        return queryset  # applied last, in filter_queryset

    @staticmethod
    def statuses_of(value):
        """The statuses a ?status= value stands for: a group's, or itself."""
        return {IN_FORCE: Agreement.IN_FORCE, ENDED: Agreement.ENDED}.get(value, {value})

    def filter_status(self, queryset, name, value):
        if value == IN_FORCE:
            return queryset.in_force()
        statuses = self.statuses_of(value)
        # The lists take the status they show from the dates, in Python (for_cards()): the
        # database is asked for it only here, where it filters.
        return queryset.with_status_in(statuses)

    def filter_year(self, queryset, name, value: str):
        return queryset.filter(signed_on__year=ce_year(int(value)))

    def filter_partner(self, queryset, name, value: Organisation):
        return queryset.filter(pk__in=value.agreement_roles.values("agreement"))

    def filter_partner_name(self, queryset, name, value):
        organisations = Organisation.objects.search(value).values("pk")
        return queryset.filter(
            pk__in=Agreement.objects.filter(parties__organisation__in=organisations).values("pk")
        )

    def filter_partner_kind(self, queryset, name, value):
        return queryset.filter(
            pk__in=Agreement.objects.filter(parties__organisation__kind=value).values("pk")
        )
