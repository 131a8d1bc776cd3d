"""The region and province filters every public list shares, addressed by code and slug."""

import django_filters
from django.utils.translation import gettext_lazy as _

from .models import Province, Region


def region_filter(field_name="province__region"):
    """?region=NORTHEAST"""
    return django_filters.ModelChoiceFilter(
        label=_("Region"),
        field_name=field_name,
        to_field_name="code",
        queryset=Region.objects.all(),
    )


def province_filter(field_name="province"):
    """?province=nakhon-ratchasima"""
    return django_filters.ModelChoiceFilter(
        label=_("Province"),
        field_name=field_name,
        to_field_name="slug",
        queryset=Province.objects.all(),
    )
