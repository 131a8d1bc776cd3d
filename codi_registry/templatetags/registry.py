import re

from django import template
from django.urls import translate_url as _translate_url
from django.utils.translation import get_language

from codi_registry import thai_calendar

register = template.Library()


@register.simple_tag
def translate_url(url, lang_code):
    """The same page in another language (used by the language switch).

    Call it while the page's own language is active: the path is resolved in that language.
    """
    return _translate_url(url, lang_code)


@register.filter
def local_date(day, style=""):
    """{{ agreement.signed_on|local_date }} -> '23 พฤษภาคม 2567' / '23 May 2024'."""
    return thai_calendar.local_date(day, short=(style == "short"))


_CE_YEAR = re.compile(r"\b(19\d\d|20\d\d|21\d\d)\b")


@register.filter
def be_years(text):
    """Turn CE years inside a text into BE years on Thai pages (for Django's own labels)."""
    if get_language() == "en":
        return text
    return _CE_YEAR.sub(lambda m: str(thai_calendar.be_year(int(m.group(1)))), str(text))


@register.filter
def money(amount):
    """6340120 -> '6,340,120.00' (baht with satang); '' for no amount."""
    if amount is None or amount == "":
        return ""
    return f"{amount:,.2f}"


@register.filter
def fiscal_year(year):
    """2566 -> 'ปีงบประมาณ 2566' in Thai, 'FY 2566 (Oct 2022 – Sep 2023)' in English."""
    if year in (None, ""):
        return ""
    return thai_calendar.fiscal_year_label(int(year))


@register.simple_tag(takes_context=True)
def query_string(context, **changes):
    """The current query string with some parameters changed (None or '' removes one)."""
    params = context["request"].GET.copy()
    for key, value in changes.items():
        if value in (None, ""):
            params.pop(key, None)
        else:
            params[key] = value
    encoded = params.urlencode()
    return f"?{encoded}" if encoded else "?"
