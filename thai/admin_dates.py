"""Dates in the admin's own displays in BE on Thai pages.

Django's admin writes the date and date-time columns of change lists and the read-only fields
of change forms with `display_for_field`, which formats them with the locale's DATE_FORMAT:
CE years ("21 พฤศจิกายน 2026"), and no format string can say BE. The admin modules import
that function by name, so `install()` (ThaiConfig.ready) replaces it in each of them with one
that writes dates and date-times as `thai.calendar` does and leaves every other value, and
every value on English pages, to Django.
"""

import datetime

from django.contrib.admin import helpers, utils
from django.contrib.admin.templatetags import admin_list
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language

from . import calendar as thai_calendar

_django_display_for_field = utils.display_for_field


def local_moment(value):
    """A date or date-time as Thai pages write it; None for anything else, or on English pages."""
    if get_language() == "en":
        return None
    if isinstance(value, datetime.datetime):
        return thai_calendar.thai_datetime(timezone.template_localtime(value))
    if isinstance(value, datetime.date):
        return thai_calendar.thai_date(value)
    return None


def display_for_field(value, field, empty_value_display, avoid_link=False):
    dated = isinstance(field, models.DateField) and not getattr(field, "flatchoices", None)
    shown = local_moment(value) if dated else None
    if shown is None:
        return _django_display_for_field(value, field, empty_value_display, avoid_link)
    return shown


def install():
    for module in (utils, helpers, admin_list):
        module.display_for_field = display_for_field
