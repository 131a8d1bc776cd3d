"""Template filters for Thai pages: BE dates, fiscal years and baht (`{% load thai %}`)."""

import re

from django import template
from django.utils.safestring import SafeString
from django.utils.translation import get_language

from thai import admin_dates
from thai import calendar as thai_calendar
from thai.text import escape, foreign_language

register = template.Library()


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
    """2566 -> 'ปีงบประมาณ 2566 (1 ต.ค. 2565 – 30 ก.ย. 2566)' in Thai,
    'FY 2566 (Oct 2022 – Sep 2023)' in English."""
    if year in (None, ""):
        return ""
    return thai_calendar.fiscal_year_label(int(year))


@register.filter
def fiscal_year_short(year):
    """2566 -> 'ปีงบ 2566' in Thai, 'FY 2566' in English."""
    if year in (None, ""):
        return ""
    return thai_calendar.fiscal_year_short(int(year))


@register.filter(is_safe=True)
def lang(text, language=None):
    """{{ agreement.title|lang }}: the text, inside <span lang="th"> on an English page when it
    is Thai (a record with no English value), or <span lang="en"> on a Thai page when it is
    English only. For text between tags, never inside an attribute. Code writing out many
    texts passes the page's `language` (Bilingual.text says why)."""
    if text in (None, ""):
        return ""
    shown = text.__html__() if hasattr(text, "__html__") else escape(text)
    foreign = foreign_language(text, language or get_language())
    if not foreign:
        return shown
    return SafeString(f'<span lang="{foreign}">{shown}</span>')


@register.filter
def local_datetime(value):
    """{{ record.history_date|local_datetime }}: a date or date-time in BE with Thai month
    names on Thai pages ('21 พฤศจิกายน 2569 14:05', in local time); anything else, and every
    value on English pages, as Django writes it."""
    shown = admin_dates.local_moment(value)
    return value if shown is None else shown
