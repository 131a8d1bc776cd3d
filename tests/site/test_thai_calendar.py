import datetime

import pytest
from django.utils import translation

from thai import calendar as tc

# No database: CI runs these once (docs/development.md, Tests).
pytestmark = pytest.mark.sqlite_once

D = datetime.date


def test_be_is_ce_plus_543():
    assert tc.be_year(2024) == 2567
    assert tc.ce_year(2566) == 2023


@pytest.mark.parametrize(
    ("day", "fiscal_year"),
    [
        (D(2022, 9, 30), 2565),
        (D(2022, 10, 1), 2566),
        (D(2023, 2, 28), 2566),
        (D(2023, 9, 30), 2566),
        (D(2023, 10, 1), 2567),
        (D(2024, 5, 23), 2567),
    ],
)
def test_fiscal_year_turns_on_the_first_of_october(day, fiscal_year):
    assert tc.fiscal_year_of(day) == fiscal_year


def test_fiscal_year_2566_runs_october_2022_to_september_2023():
    assert tc.fiscal_year_bounds(2566) == (D(2022, 10, 1), D(2023, 9, 30))
    assert tc.fiscal_year_span_en(2566) == "Oct 2022 – Sep 2023"
    assert tc.fiscal_year_span_th(2566) == "1 ต.ค. 2565 – 30 ก.ย. 2566"


def test_a_fiscal_year_says_when_it_runs_in_both_languages():
    with translation.override("th"):
        assert tc.fiscal_year_label(2566) == "ปีงบประมาณ 2566 (1 ต.ค. 2565 – 30 ก.ย. 2566)"
    with translation.override("en"):
        assert tc.fiscal_year_label(2566) == "FY 2566 (Oct 2022 – Sep 2023)"


def test_three_years_from_signing_ends_the_day_before_the_anniversary():
    assert tc.term_end(D(2024, 5, 23), 36) == D(2027, 5, 22)


def test_add_months_clamps_to_the_end_of_the_month():
    assert tc.add_months(D(2024, 1, 31), 1) == D(2024, 2, 29)
    assert tc.add_months(D(2023, 1, 31), 1) == D(2023, 2, 28)
    assert tc.add_months(D(2023, 11, 15), 3) == D(2024, 2, 15)


def test_thai_dates_use_be_and_thai_month_names():
    assert tc.thai_date(D(2024, 5, 23)) == "23 พฤษภาคม 2567"
    assert tc.thai_date(D(2024, 5, 23), short=True) == "23 พ.ค. 2567"
    assert tc.thai_month(D(2019, 6, 1)) == "มิถุนายน 2562"


def test_local_date_follows_the_active_language():
    with translation.override("th"):
        assert tc.local_date(D(2024, 5, 23)) == "23 พฤษภาคม 2567"
    with translation.override("en"):
        assert tc.local_date(D(2024, 5, 23)) == "23 May 2024"
    assert tc.local_date(None) == ""


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("23/05/2567", D(2024, 5, 23)),
        ("2024-05-23", D(2024, 5, 23)),
        ("29/02/2567", D(2024, 2, 29)),
        ("31/02/2567", None),
        ("yesterday", None),
    ],
)
def test_dates_are_read_in_be_or_as_iso(text, expected):
    assert tc.parse_date_be(text) == expected


def test_a_day_month_year_date_with_a_ce_year_is_refused_naming_the_be_date_meant():
    with pytest.raises(tc.CEYearTyped) as refused:
        tc.parse_date_be("23/05/2024")
    assert (refused.value.year, refused.value.meant) == (2024, "23/05/2567")


def test_a_moment_is_shown_in_bangkok_time_in_the_language_of_the_page():
    # 02:30 UTC is 09:30 in Bangkok (the review history, e-mails and edit conflicts show it).
    moment = datetime.datetime(2024, 5, 23, 2, 30, tzinfo=datetime.UTC)
    with translation.override("th"):
        assert tc.local_datetime(moment) == "23 พฤษภาคม 2567 เวลา 09:30 น."
    with translation.override("en"):
        assert tc.local_datetime(moment) == "23 May 2024 at 09:30"
