"""The four ways a document states its term, all stored as starts_on/ends_on."""

import datetime

import pytest
from django.core.exceptions import ValidationError

from agreements.models import Agreement
from tests.factories import province

pytestmark = pytest.mark.django_db

D = datetime.date


def new_agreement(**fields):
    values = {
        "reference": "MOU-TEST-01",
        "title_th": "บันทึกข้อตกลงทดสอบ",
        "signed_on": D(2024, 5, 23),
        "province": province("nakhon-ratchasima"),
    }
    values.update(fields)
    return Agreement(**values)


def test_three_years_from_signing():
    agreement = new_agreement(term_mode="duration", term_length=3, term_unit="years")
    agreement.full_clean()
    assert (agreement.starts_on, agreement.ends_on) == (D(2024, 5, 23), D(2027, 5, 22))


def test_eighteen_months_from_signing():
    agreement = new_agreement(term_mode="duration", term_length=18, term_unit="months")
    agreement.full_clean()
    assert agreement.ends_on == D(2025, 11, 22)


def test_one_fiscal_year():
    agreement = new_agreement(
        signed_on=D(2023, 2, 28), term_mode="fiscal_year", term_fiscal_year=2566
    )
    agreement.full_clean()
    assert (agreement.starts_on, agreement.ends_on) == (D(2022, 10, 1), D(2023, 9, 30))


def test_explicit_dates_are_kept_as_entered():
    agreement = new_agreement(
        signed_on=D(2019, 6, 12), term_mode="dates", starts_on=D(2019, 6, 1), ends_on=D(2024, 5, 31)
    )
    agreement.full_clean()
    assert (agreement.starts_on, agreement.ends_on) == (D(2019, 6, 1), D(2024, 5, 31))


def test_no_stated_term_is_open_ended_from_signing():
    agreement = new_agreement(term_mode="open", ends_on=D(2030, 1, 1))
    agreement.full_clean()
    assert (agreement.starts_on, agreement.ends_on) == (D(2024, 5, 23), None)


def test_a_start_date_defaults_to_the_signing_date():
    agreement = new_agreement(term_mode="dates", ends_on=D(2025, 1, 1))
    agreement.full_clean()
    assert agreement.starts_on == D(2024, 5, 23)


def test_switching_mode_clears_what_belongs_to_the_other_modes():
    agreement = new_agreement(
        term_mode="fiscal_year", term_fiscal_year=2567, term_length=3, term_unit="years"
    )
    agreement.full_clean()
    assert (agreement.term_length, agreement.term_unit) == (None, "")


@pytest.mark.parametrize(
    ("fields", "field_with_error"),
    [
        ({"term_mode": "dates"}, "ends_on"),
        ({"term_mode": "duration", "term_length": 3}, "term_length"),
        ({"term_mode": "fiscal_year"}, "term_fiscal_year"),
    ],
)
def test_an_incomplete_term_is_reported_on_the_missing_field(fields, field_with_error):
    with pytest.raises(ValidationError) as caught:
        new_agreement(**fields).full_clean()
    assert field_with_error in caught.value.message_dict


def test_next_reference_counts_per_kind_year_and_province():
    korat = province("nakhon-ratchasima")
    first = Agreement.next_reference(kind="mou", signed_on=D(2024, 5, 23), province=korat)
    assert first == "MOU-2567-30-01"
    saved = new_agreement(reference=first, term_mode="open")
    saved.full_clean()
    saved.save()
    assert Agreement.next_reference(kind="mou", signed_on=D(2024, 1, 1), province=korat) == (
        "MOU-2567-30-02"
    )
    assert Agreement.next_reference(kind="budget", signed_on=D(2024, 1, 1), province=korat) == (
        "BUD-2567-30-01"
    )
