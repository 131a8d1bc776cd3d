"""Query parameters every endpoint of the open-data API checks, whatever its own filters, and
how it answers a filter value that names nothing the registry holds."""

import django_filters
from django import forms
from django.db import models
from django.utils.translation import gettext as _
from django_filters.rest_framework import DjangoFilterBackend
from django_filters.utils import translate_validation
from rest_framework.exceptions import ValidationError
from rest_framework.filters import BaseFilterBackend

from records.years import YearChoiceFilter

# What an id may be: the database's integers, from 1 (an id past 64 bits would overflow the
# database driver instead of finding nothing).
FIRST_ID, LAST_ID = 1, 2**63 - 1


class QueryChecks(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        check_query(request)
        return queryset


def check_query(request):
    """400 for what would otherwise be answered wrongly without a word:

    - `?search=`, what many APIs call their text search; here it is `?q=`. Ignored, it would
      answer every row as if they all matched.
    - a parameter given twice (`?year=2566&year=2567`): every parameter takes one value, and
      all but the last would be ignored.
    """
    params = request.query_params
    if "search" in params:
        raise ValidationError({"search": [_("Unknown parameter: search by text with ?q=.")]})
    repeated = sorted(name for name in params if len(params.getlist(name)) > 1)
    if repeated:
        raise ValidationError({name: [_("Give this parameter only once.")] for name in repeated})


class OpenDataFilterBackend(DjangoFilterBackend):
    """The list's filters, with one difference from django-filter: see filter_or_refuse()."""

    def filter_queryset(self, request, queryset, view):
        filterset = self.get_filterset(request, queryset, view)
        if filterset is None:
            return queryset
        return filter_or_refuse(filterset)


def filter_or_refuse(filterset):
    """The rows `filterset` chooses; none when a value names nothing the registry holds; a 400
    naming the parameters otherwise not valid.

    A province slug, region code, theme slug, programme code, id or year of the right form that
    matches no record answers an empty list, as the public pages do (and as an id of a record
    deleted since the client read it should). A value of the wrong form (a word for an id, a
    year outside its bounds, a code not in a fixed code list) is a 400 as before: the OpenAPI
    document says which values are of the right form (value_form()), and a client can tell
    "nothing matches" from "you asked wrongly".
    """
    if filterset.is_valid():
        return filterset.qs
    if all(
        names_nothing(filterset, name, errors)
        for name, errors in filterset.form.errors.as_data().items()
    ):
        return filterset.queryset.none()
    raise translate_validation(filterset.errors)


def names_nothing(filterset, name, errors):
    """Whether parameter `name` was refused only because no record has its value, which is of
    the right form."""
    if name not in filterset.filters or any(e.code != "invalid_choice" for e in errors):
        return False
    form = value_form(filterset.filters[name])
    if form is None:
        return False
    try:
        form.clean(filterset.form.data.get(filterset.form.add_prefix(name)))
    except forms.ValidationError:
        return False
    return True


def value_form(filter_):
    """A form field that takes the values of the right form for `filter_`, when its choices are
    records (a ModelChoiceFilter: any text for a slug or code, an id for an id) or years the
    data holds (YearChoiceFilter: a year within its bounds); None for a fixed code list, whose
    every value the OpenAPI document lists."""
    if isinstance(filter_, YearChoiceFilter):
        return forms.IntegerField(min_value=filter_.first, max_value=filter_.last)
    if isinstance(filter_, django_filters.ModelChoiceFilter):
        model = filter_.queryset.model
        key = model._meta.get_field(filter_.extra.get("to_field_name") or model._meta.pk.name)
        if isinstance(key, models.IntegerField):
            return forms.IntegerField(min_value=FIRST_ID, max_value=LAST_ID)
        return forms.CharField(strip=False)
    return None


class UnfilteredCount:
    """For a viewset whose unfiltered list has a size kept current with the data
    (`unfiltered_count`, a function asked only when a page is counted): with no filter named in
    the query string (a first page, a record), the filter set is not built (it would change
    nothing, and its form costs a tenth of a small answer's time), and the paginator takes that
    size instead of a COUNT over every row (records.paging.KnownCountPaginator)."""

    unfiltered_count = None

    def filter_queryset(self, queryset):
        check_query(self.request)  # what QueryChecks refuses, which this skips
        if self.filterset_class.base_filters.keys() & self.request.query_params.keys():
            return super().filter_queryset(queryset)
        queryset.found_count = self.unfiltered_count
        return queryset
