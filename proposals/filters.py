"""The public list of proposals' filters; every value travels in the query string."""

import datetime

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from agreements.models import Theme
from geography.filters import BilingualChoiceFilter, province_filter, region_filter
from records.filtersets import FormClassOnce
from records.years import YearChoiceFilter, published_years
from thai.calendar import be_year, ce_year
from thai.forms import LanguageMarkedSelect, SearchInput

from .models import Event, Proposal

# SARA AM (ำ) is also typed as NIKHAHIT + SARA AA (ํา): a search finds the text either way.
SARA_AM, NIKHAHIT_SARA_AA = "\u0e33", "\u0e4d\u0e32"


def proposed_year_choices():
    return [(be_year(year), be_year(year)) for year in published_years(Proposal, "proposed_on")]


def spellings(text):
    """`text` with every run of whitespace as one space, in each way SARA AM is written."""
    text = " ".join(text.split())
    return {text, text.replace(NIKHAHIT_SARA_AA, SARA_AM), text.replace(SARA_AM, NIKHAHIT_SARA_AA)}


class ProposalFilter(FormClassOnce, django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"),
        method="filter_search",
        widget=SearchInput(attrs={"placeholder": _("e.g. ธรรมนูญตำบล")}),
    )
    region = region_filter(field_name="region")
    province = province_filter()
    level = django_filters.ChoiceFilter(
        label=_("Level"), choices=Proposal.Level.choices, widget=LanguageMarkedSelect
    )
    status = django_filters.ChoiceFilter(
        label=_("Status"), choices=Proposal.Status.choices, widget=LanguageMarkedSelect
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
        label=_("Year proposed (BE)"),
        choices=proposed_year_choices,
        method="filter_year",
        widget=LanguageMarkedSelect,
    )
    # ?event=<id>, from an event's page when it has more proposals than it lists.
    event = django_filters.ModelChoiceFilter(
        queryset=Event.objects.published(), widget=forms.HiddenInput
    )

    class Meta:
        model = Proposal
        fields = []

    def filter_search(self, queryset, name, value):
        """A substring match on the titles and texts: Thai is written without spaces between
        words. Proposals are thousands of rows, not agreements' tens of thousands, so no search
        index is kept: the list walks its order's index and stops at a page of matches, and
        its count stops at its paginator's cap. Thai has no letter case, so its columns are
        matched as they are (a plain LIKE, which the planner estimates well enough to walk the
        index; UPPER() on every Thai text made it scan and sort the table); English ones
        without regard to case when the words searched for have any (a Thai word has none, so
        it is matched as it is there too)."""
        condition = Q()
        for text in spellings(value):
            for field in ("title_th", "text_th"):
                condition |= Q(**{f"{field}__contains": text})
            lookup = "icontains" if text.upper() != text.lower() else "contains"
            for field in ("title_en", "text_en"):
                condition |= Q(**{f"{field}__{lookup}": text})
        return queryset.filter(condition) if value.strip() else queryset

    def filter_year(self, queryset, name, value: str):
        # A range, not __year: the list order's index on the date serves it.
        year = ce_year(int(value))
        start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
        return queryset.filter(proposed_on__gte=start, proposed_on__lt=end)
