"""Form pieces shared by every app's admin: dates typed and shown in the Buddhist Era."""

import datetime
import functools

from django import forms
from django.contrib.admin.widgets import AdminDateWidget
from django.db import models
from django.forms.utils import flatatt
from django.utils.functional import lazy
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.text import format_lazy
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from . import calendar as thai_calendar
from .text import foreign_language, sorted_by_name


def date_format_hint():
    """How a date is typed on this page: BE day/month/year in Thai, ISO in English (the
    widget shows dates that way in each language)."""
    if get_language() == "en":
        return gettext("yyyy-mm-dd (CE) or dd/mm/yyyy (BE)")
    return gettext("dd/mm/yyyy (BE)")


def date_placeholder():
    return gettext("yyyy-mm-dd") if get_language() == "en" else gettext("dd/mm/yyyy")


# Read when the page is drawn, in its language: the widgets are made once, at start-up.
date_format_hint_lazy = lazy(date_format_hint, str)()
date_placeholder_lazy = lazy(date_placeholder, str)()


class ThaiDateWidget(AdminDateWidget):
    """The admin date input, showing dd/mm/BE-year in Thai and ISO dates in English.

    be-calendar.js makes Django's calendar pop-up and its "Today" link head the months with
    BE years and write BE dates on Thai pages (Django's own script writes CE years)."""

    class Media:
        # Listed whole: merged with the parent's list, Django would put be-calendar.js
        # between calendar.js and DateTimeShortcuts.js, before what it changes exists.
        extend = False
        js = [
            "admin/js/calendar.js",
            "admin/js/admin/DateTimeShortcuts.js",
            "js/be-calendar.js",
        ]

    def __init__(self, attrs=None, format=None):
        super().__init__({"placeholder": date_placeholder_lazy, **(attrs or {})}, format)

    def format_value(self, value):
        if isinstance(value, datetime.date):
            if get_language() == "en":
                return value.isoformat()
            return f"{value.day:02d}/{value.month:02d}/{thai_calendar.be_year(value.year)}"
        return super().format_value(value)


class ThaiDateField(forms.DateField):
    """A date typed in BE; its help text ends with the format to type."""

    widget = ThaiDateWidget
    default_error_messages = {
        "invalid": _("Enter a date as day/month/BE year, e.g. 23/05/2567."),
        "ce_year": _(
            "The year %(year)s looks like a CE year: did you mean BE %(be_year)s? "
            "Type the date with its BE year, e.g. %(meant)s."
        ),
    }

    def __init__(self, *, help_text="", **kwargs):
        hint = format_lazy(_("Format: {}."), date_format_hint_lazy)
        help_text = format_lazy("{} {}", help_text, hint) if help_text else hint
        super().__init__(help_text=help_text, **kwargs)

    def to_python(self, value):
        if value in self.empty_values:
            return None
        if isinstance(value, datetime.date):
            return value
        try:
            parsed = thai_calendar.parse_date_be(str(value))
        except thai_calendar.CEYearTyped as mistake:
            raise forms.ValidationError(
                self.error_messages["ce_year"],
                code="ce_year",
                params={
                    "year": mistake.year,
                    "be_year": thai_calendar.be_year(mistake.year),
                    "meant": mistake.meant,
                },
            ) from None
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
    and fonts treat them as what they are.

    Written out here rather than through Django's widget templates, the same HTML: those
    render two templates per option and copy each option's attributes, which made the public
    lists' filter forms (77 provinces, the years, the statuses, ...) a third of the time of a
    page. One option is selected at most, the first whose value matches, as in Django.
    """

    def render(self, name, value, attrs=None, renderer=None):
        chosen = tuple(self.format_value(value))
        attributes = flatatt(self.build_attrs(self.attrs, attrs))
        if isinstance(self.choices, BilingualChoiceIterator):
            options = self.choices.options()  # the same tuple for the same rows
        else:
            options = tuple(
                (str(v), tuple((str(w), str(t)) for w, t in label))
                if isinstance(label, list | tuple)  # an optgroup: (group name, [(value, label)])
                else (v, str(label))
                for v, label in self.choices
            )
        return select_html(name, attributes, options, chosen, get_language())


@functools.lru_cache(maxsize=256)
def select_html(name, attributes, options, chosen, language):
    """A <select> of `options` (its rows read afresh for every form: the HTML is remembered by
    what it is made of, so a changed option makes another). The public filter forms draw the
    same few drop-downs on every request; writing their 77 provinces out was a tenth of a list
    page."""
    chosen = set(chosen)
    html = [format_html('<select name="{}"{}>', name, attributes)]
    for option_value, label in options:
        if isinstance(label, tuple):
            html.append(format_html('<optgroup label="{}">', option_value))
            html.extend(option_html(v, text, chosen, language) for v, text in label)
            html.append("</optgroup>")
        else:
            html.append(option_html(option_value, label, chosen, language))
    html.append("</select>")
    return mark_safe("".join(html))  # noqa: S308 - every part is escaped


def option_html(value, label, chosen, language):
    """One <option>, escaped as Django's templates would; `chosen` loses the value it selects,
    so that one option is selected at most. Plain string formatting: format_html costs more
    than the rest of a drop-down of 77 provinces."""
    value = "" if value is None else str(value)
    selected = ""
    if value in chosen:
        chosen.discard(value)
        selected = " selected"
    label = str(label)
    foreign = foreign_language(label, language)
    lang = f' lang="{foreign}"' if foreign else ""
    return f'<option value="{escape(value)}"{selected}{lang}>{escape(label)}</option>'


class SearchInput(forms.TextInput):
    """A search box, written out directly (the same HTML as Django's input template, which
    costs a millisecond or two per field here)."""

    input_type = "search"

    def render(self, name, value, attrs=None, renderer=None):
        value = self.format_value(value)
        return format_html(
            '<input type="{}" name="{}"{}{}>',
            self.input_type,
            name,
            format_html(' value="{}"', value) if value is not None else "",
            flatatt(self.build_attrs(self.attrs, attrs)),
        )


class BilingualChoiceIterator(forms.models.ModelChoiceIterator):
    """The options of a BilingualChoiceField as (value, label) pairs from one values_list()
    query: no model instances, and no server-side cursor, which Django's `iterator()` declares
    on PostgreSQL (four round trips for a list of 77 provinces)."""

    def __iter__(self):
        field = self.field
        if field.empty_label is not None:
            yield ("", field.empty_label)
        yield from labelled_options(
            self.rows(self.columns()), get_language() == "en", field.by_name
        )

    def columns(self):
        field = self.field
        label = getattr(self.queryset.model, field.label_attribute)  # a Bilingual
        return (field.to_field_name or "pk", label.thai_field, label.english_field)

    def options(self):
        """What iterating gives, as text, in a tuple remembered by the rows it is made of:
        a drop-down of 77 provinces is then drawn without going through its options."""
        field = self.field
        empty = None if field.empty_label is None else str(field.empty_label)
        english = get_language() == "en"
        return options_as_text(self.rows(self.columns()), english, field.by_name, empty)

    def rows(self, columns):
        """The options' rows: (value, Thai label, English label)."""
        return tuple(self.queryset.values_list(*columns))


@functools.lru_cache(maxsize=256)
def labelled_options(rows, english, by_name):
    """(value, label) of `rows` (value, Thai, English): English on English pages where there is
    one, in the label's dictionary order when `by_name`. Remembered by the rows themselves, read
    afresh for every form."""
    options = [
        (value, english_text if english and english_text else thai)
        for value, thai, english_text in rows
    ]
    if by_name:
        options = sorted_by_name(
            options, lambda option: option[1], language="en" if english else "th"
        )
    return tuple(options)


@functools.lru_cache(maxsize=256)
def options_as_text(rows, english, by_name, empty):
    """BilingualChoiceIterator.options(): the options of `rows` with the `empty` one first
    (None: none), values and labels as text."""
    options = tuple(
        (str(value), str(label)) for value, label in labelled_options(rows, english, by_name)
    )
    return (("", empty), *options) if empty is not None else options


class BilingualChoiceField(forms.ModelChoiceField):
    """Options labelled by a Bilingual attribute (`name`, `title`): English on English pages
    where an English value exists, ordered by that label when `by_name`. The label is read
    from the loaded row, so the number of queries stays the same."""

    widget = LanguageMarkedSelect
    iterator = BilingualChoiceIterator

    def __init__(self, *args, label_attribute="name", by_name=False, **kwargs):
        self.label_attribute = label_attribute
        # Options by their label in the page's order (Thai dictionary order in Thai), not the
        # queryset's: the database orders text by code point (thai.text.sort_key).
        self.by_name = by_name
        super().__init__(*args, **kwargs)

    def label_from_instance(self, obj):
        return getattr(obj, self.label_attribute)
