"""Form pieces shared by every app's admin: dates typed and shown in the Buddhist Era."""

import datetime

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from . import calendar as thai_calendar
from .text import foreign_language


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


class LanguageMarkedSelect(forms.Select):
    """A drop-down whose options in another language than the page's carry `lang` (a Thai
    province name on an English page when no English name was entered), so that screen readers
    and fonts treat them as what they are."""

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        language = foreign_language(label, get_language())
        if language:
            option["attrs"]["lang"] = language
        return option


class BilingualChoiceField(forms.ModelChoiceField):
    """Options labelled by a Bilingual attribute (`name`, `title`): English on English pages
    where an English value exists. The label is read from the loaded row, so the number of
    queries stays the same."""

    widget = LanguageMarkedSelect

    def __init__(self, *args, label_attribute="name", **kwargs):
        self.label_attribute = label_attribute
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return getattr(obj, self.label_attribute)
