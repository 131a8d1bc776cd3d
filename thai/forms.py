"""Form pieces shared by every app's admin: dates typed and shown in the Buddhist Era."""

import datetime

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import calendar as thai_calendar


class ThaiDateWidget(AdminDateWidget):
    """The admin date input, showing dd/mm/BE-year in Thai and ISO dates in English."""

    def format_value(self, value):
        if isinstance(value, datetime.date):
            if get_language() == "en":
                return value.isoformat()
            return f"{value.day:02d}/{value.month:02d}/{thai_calendar.be_year(value.year)}"
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    widget = ThaiDateWidget
    default_error_messages = {
        "invalid": _("Enter a date as day/month/year, e.g. 23/05/2567 (BE) or 23/05/2024 (CE)."),
    }

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        parsed = thai_calendar.parse_date_be_or_ce(str(value))
        if parsed is None:
            raise forms.ValidationError(self.error_messages["invalid"], code="invalid")
        return parsed


# For ModelAdmin and inline classes: every date field typed and shown in BE.
THAI_DATE_OVERRIDES = {
    models.DateField: {"form_class": ThaiDateField, "widget": ThaiDateWidget},
}
