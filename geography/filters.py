"""The region and province filters every public list shares, addressed by code and slug."""

import django_filters
from django.utils.translation import gettext_lazy as _

from thai.forms import BilingualChoiceField

from .models import Province, Region


class BilingualChoiceFilter(django_filters.ModelChoiceFilter):
    """Options named in the page's language (`label_attribute`, a Bilingual: "name" by
    default), not by __str__, which is the Thai name for staff."""

    field_class = BilingualChoiceField


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
