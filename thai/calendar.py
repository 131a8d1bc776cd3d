"""Buddhist Era years, Thai fiscal years and term arithmetic: the one place for this maths.

- BE = CE + 543 (2567 = 2024).
- The Thai government fiscal year runs 1 October - 30 September and is named by the BE year in
  which it ends: FY 2566 = 1 Oct 2022 - 30 Sep 2023.
"""

import calendar
import datetime
import re

from django.utils import timezone
from django.utils.translation import get_language, gettext

BE_OFFSET = 543

# Fiscal years the registry accepts: CODI was founded in 2000 (BE 2543); leave room both ways.
MIN_FISCAL_YEAR = 2540
MAX_FISCAL_YEAR = 2700

THAI_MONTHS = [
    "มกราคม",
    "กุมภาพันธ์",
    "มีนาคม",
    "เมษายน",
    "พฤษภาคม",
    "มิถุนายน",
    "กรกฎาคม",
    "สิงหาคม",
    "กันยายน",
    "ตุลาคม",
    "พฤศจิกายน",
    "ธันวาคม",
]
THAI_MONTHS_SHORT = [
    "ม.ค.",
    "ก.พ.",
    "มี.ค.",
    "เม.ย.",
    "พ.ค.",
    "มิ.ย.",
    "ก.ค.",
    "ส.ค.",
    "ก.ย.",
    "ต.ค.",
    "พ.ย.",
    "ธ.ค.",
]
ENGLISH_MONTHS_SHORT = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


def be_year(ce_year: int) -> int:
    return ce_year + BE_OFFSET


def ce_year(be_year: int) -> int:
    return be_year - BE_OFFSET


def be_numeric_date(day: datetime.date) -> str:
    """A date as Thai forms write it, day/month/BE year: 2024-05-23 -> '23/5/2567'."""
    return f"{day.day}/{day.month}/{be_year(day.year)}"


def fiscal_year_of(day: datetime.date) -> int:
    """The BE fiscal year a date falls in (October starts the next fiscal year)."""
    return be_year(day.year + 1 if day.month >= 10 else day.year)


def fiscal_year_bounds(fiscal_year: int) -> tuple[datetime.date, datetime.date]:
    """First and last day of a BE fiscal year: 2566 -> (2022-10-01, 2023-09-30)."""
    end_year = ce_year(fiscal_year)
    return datetime.date(end_year - 1, 10, 1), datetime.date(end_year, 9, 30)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later, clamped to the month's end (31 Jan + 1 month = 28/29 Feb)."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def months_between(earlier: datetime.date, later: datetime.date) -> int:
    """Whole months from `earlier` to `later`: 14 from 2025-09-20 to 2026-11-21, 0 when
    `later` comes first."""
    months = (later.year - earlier.year) * 12 + later.month - earlier.month
    if add_months(earlier, months) > later:
        months -= 1
    return max(months, 0)


def term_end(start: datetime.date, months: int) -> datetime.date:
    """Last day of a term of `months` starting on `start`: 3 years from 2024-05-23 is 2027-05-22."""
    return add_months(start, months) - datetime.timedelta(days=1)


def thai_date(day: datetime.date, short: bool = False) -> str:
    """'23 พฤษภาคม 2567' (or '23 พ.ค. 2567' when short)."""
    months = THAI_MONTHS_SHORT if short else THAI_MONTHS
    return f"{day.day} {months[day.month - 1]} {be_year(day.year)}"


def thai_month(day: datetime.date) -> str:
    """'มิถุนายน 2562'."""
    return f"{THAI_MONTHS[day.month - 1]} {be_year(day.year)}"


def thai_datetime(moment: datetime.datetime, short: bool = False) -> str:
    """'21 พฤศจิกายน 2569 14:05' (the time as given: convert to local time first)."""
    return f"{thai_date(moment.date(), short=short)} {moment:%H:%M}"


def fiscal_year_span_en(fiscal_year: int) -> str:
    """'Oct 2022 – Sep 2023' for FY 2566."""
    first, last = fiscal_year_bounds(fiscal_year)
    months = ENGLISH_MONTHS_SHORT
    return f"{months[first.month - 1]} {first.year} – {months[last.month - 1]} {last.year}"


def fiscal_year_span_th(fiscal_year: int) -> str:
    """'1 ต.ค. 2565 – 30 ก.ย. 2566' for FY 2566."""
    first, last = fiscal_year_bounds(fiscal_year)
    return f"{thai_date(first, short=True)} – {thai_date(last, short=True)}"


ENGLISH_MONTHS = (
    "January February March April May June July August September October November December"
).split()


def english_date(day: datetime.date) -> str:
    """'23 May 2024'."""
    return f"{day.day} {ENGLISH_MONTHS[day.month - 1]} {day.year}"


def local_date(day: datetime.date | None, short: bool = False, language: str = "") -> str:
    """A date for people: BE with Thai month names in Thai, CE in English; '' for no date.
    In the active language, or in `language` when given (Bilingual.text says why)."""
    if day is None:
        return ""
    if (language or get_language()) == "en":
        return english_date(day)
    return thai_date(day, short=short)


def local_date_span(first: datetime.date, last: datetime.date | None) -> str:
    """Days from `first` to `last` for people: '10–11 กันยายน 2565' ('10–11 September 2022'
    in English) within a month, both dates in full otherwise; one date when `last` is none or
    the same day."""
    if last is None or last == first:
        return local_date(first)
    if (first.year, first.month) == (last.year, last.month):
        return f"{first.day}–{local_date(last)}"
    return f"{local_date(first)} – {local_date(last)}"


def local_datetime(moment: datetime.datetime) -> str:
    """A moment for people, in local time and the current language: '23 พฤษภาคม 2567 เวลา
    09:30 น.' in Thai, '23 May 2024 at 09:30' in English."""
    moment = timezone.localtime(moment)
    return gettext("%(date)s at %(time)s") % {
        "date": local_date(moment.date()),
        "time": f"{moment:%H:%M}",
    }


_DAY_MONTH_YEAR = re.compile(r"^(?P<d>\d{1,2})[/.-](?P<m>\d{1,2})[/.-](?P<y>\d{4})$")
_ISO_DATE = re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$")
_DATE_PATTERNS = [_DAY_MONTH_YEAR, _ISO_DATE]

# Years from here on are BE: BE 2400 is CE 1857, long before any record of the registry.
FIRST_BE_YEAR = 2400


class CEYearTyped(ValueError):
    """A day/month/year date typed with a CE year where a BE year is asked for (15/03/2025)."""

    def __init__(self, year: int, meant: str):
        super().__init__(f"{year} is a CE year; {meant} was probably meant")
        self.year = year
        self.meant = meant  # the same date written with its BE year: '15/03/2568'


def _match_date(value: str):
    """(year, month, day, pattern) of a typed date, or None."""
    value = value.strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(value)
        if match:
            return int(match["y"]), int(match["m"]), int(match["d"]), pattern
    return None


def _build_date(year: int, month: int, day: int) -> datetime.date | None:
    # The year is converted before the date is built, so 29/02/2567 (a CE leap year) is read.
    if year >= FIRST_BE_YEAR:
        year = ce_year(year)
    try:
        return datetime.date(year, month, day)
    except ValueError:
        return None


def parse_date_be(value: str) -> datetime.date | None:
    """Read a date as staff type it in the admin: 23/05/2567 (BE), or 2024-05-23 (ISO, CE:
    what English pages show). None when it is no date.

    A day/month/year date with a year below 2400 raises CEYearTyped: Thai staff write BE
    years, so 15/03/2025 is a slip to be corrected, not a date to be moved 543 years.
    """
    parts = _match_date(value)
    if parts is None:
        return None
    year, month, day, pattern = parts
    if pattern is _DAY_MONTH_YEAR and year < FIRST_BE_YEAR:
        raise CEYearTyped(year, f"{day:02d}/{month:02d}/{be_year(year)}")
    return _build_date(year, month, day)


def fiscal_year_short(fiscal_year: int) -> str:
    """'ปีงบ 2566' in Thai, 'FY 2566' in English: for chart axes and narrow headings."""
    return f"FY {fiscal_year}" if get_language() == "en" else f"ปีงบ {fiscal_year}"


def fiscal_year_label(fiscal_year: int) -> str:
    """'ปีงบประมาณ 2566 (1 ต.ค. 2565 – 30 ก.ย. 2566)' in Thai, 'FY 2566 (Oct 2022 – Sep 2023)'
    in English."""
    if get_language() == "en":
        return f"FY {fiscal_year} ({fiscal_year_span_en(fiscal_year)})"
    return f"ปีงบประมาณ {fiscal_year} ({fiscal_year_span_th(fiscal_year)})"
