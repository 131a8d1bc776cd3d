"""The region and province filters every public list shares, addressed by code and slug."""

import django_filters
from django.utils.translation import gettext_lazy as _

from records.compiled import compiled
from thai.forms import BilingualChoiceField, BilingualChoiceIterator

from .models import Province, Region


class ReferenceChoiceIterator(BilingualChoiceIterator):
    """The options of a drop-down of a whole table (regions, provinces, themes, programmes):
    their query is compiled once per process (records/compiled.py), as every list page and
    its English twin draw the same drop-downs on every request."""

    def rows(self, columns):
        queryset = self.queryset
        if not _whole_table(queryset):
            return super().rows(columns)
        key = (queryset.model, columns)
        if key not in _OPTION_ROWS:
            _OPTION_ROWS[key] = compiled(lambda: queryset.values_list(*columns))
        return _OPTION_ROWS[key].rows()


# (model, columns) -> its options' compiled query
_OPTION_ROWS = {}


def _whole_table(queryset):
    """Whether `queryset` is its model's every row in its default order, and nothing else."""
    query = queryset.query
    return not (
        query.where
        or query.is_sliced
        or query.order_by
        or query.extra_order_by
        or query.select_related
        or query.annotations
        or query.extra
        or query.distinct
        or query.values_select
        or query.combinator
        or query.deferred_loading[0]
        or not query.default_ordering
    )


class ReferenceChoiceField(BilingualChoiceField):
    iterator = ReferenceChoiceIterator


class BilingualChoiceFilter(django_filters.ModelChoiceFilter):
    """Options named in the page's language (`label_attribute`, a Bilingual: "name" by
    default), not by __str__, which is the Thai name for staff."""

    field_class = ReferenceChoiceField


def region_filter(field_name="province__region"):
    """?region=NORTHEAST"""
    return BilingualChoiceFilter(
        label=_("Region"),
        field_name=field_name,
        to_field_name="code",
        queryset=Region.objects.all(),
    )


def province_filter(field_name="province"):
    """?province=nakhon-ratchasima"""
    return BilingualChoiceFilter(
        label=_("Province"),
        field_name=field_name,
        to_field_name="slug",
        queryset=Province.objects.all(),
        by_name=True,  # Thai dictionary order on Thai pages, English order on English ones
    )
