"""Status is derived from the date, in SQL and in Python, and both must agree at every boundary."""

import datetime

import pytest

from agreements.models import Agreement
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

D = datetime.date
S = Agreement.Status
END = D(2025, 6, 30)


def status_in_sql(agreement, today):
    return Agreement.objects.with_status(today=today).get(pk=agreement.pk).status_code


@pytest.fixture
def dated(settings):
    settings.EXPIRING_WITHIN_DAYS = 90
    return AgreementFactory(starts_on=D(2024, 7, 1), ends_on=END)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (D(2024, 6, 30), S.UPCOMING),
        (D(2024, 7, 1), S.ACTIVE),
        (END - datetime.timedelta(days=91), S.ACTIVE),
        (END - datetime.timedelta(days=90), S.EXPIRING),
        (END - datetime.timedelta(days=1), S.EXPIRING),
        (END, S.EXPIRING),
        (END + datetime.timedelta(days=1), S.EXPIRED),
    ],
)
def test_status_at_each_boundary_of_a_dated_term(dated, today, expected):
    assert dated.status_on(today) == expected
    assert status_in_sql(dated, today) == expected


def test_the_queryset_filters_match_the_status(dated):
    one_day = datetime.timedelta(days=1)
    day_before, last_day, day_after = END - one_day, END, END + one_day
    for today in (day_before, last_day):
        assert dated in Agreement.objects.in_force(today=today)
        assert dated in Agreement.objects.expiring(today=today)
        assert dated not in Agreement.objects.expired(today=today)
    assert dated not in Agreement.objects.in_force(today=day_after)
    assert dated in Agreement.objects.expired(today=day_after)
    assert dated in Agreement.objects.upcoming(today=D(2024, 6, 30))


def test_an_open_ended_agreement_stays_active():
    agreement = AgreementFactory(
        term_mode=Agreement.TermMode.OPEN, starts_on=D(2021, 2, 22), ends_on=None
    )
    today = D(2040, 1, 1)
    assert agreement.status_on(today) == S.OPEN_ENDED
    assert status_in_sql(agreement, today) == S.OPEN_ENDED
    assert agreement in Agreement.objects.in_force(today=today)
    assert agreement in Agreement.objects.open_ended(today=today)
    assert agreement not in Agreement.objects.expiring(today=today, within_days=10_000)


def test_a_terminated_agreement_is_terminated_from_that_day(dated):
    dated.terminated_on = D(2025, 1, 10)
    dated.save()
    assert dated.status_on(D(2025, 1, 9)) == S.ACTIVE
    assert status_in_sql(dated, D(2025, 1, 9)) == S.ACTIVE
    assert dated.status_on(D(2025, 1, 10)) == S.TERMINATED
    assert status_in_sql(dated, D(2025, 1, 10)) == S.TERMINATED
    assert dated not in Agreement.objects.in_force(today=D(2025, 1, 10))
    assert dated in Agreement.objects.terminated(today=D(2025, 1, 10))


def test_status_uses_the_expiring_window_from_settings(dated, settings):
    settings.EXPIRING_WITHIN_DAYS = 10
    today = END - datetime.timedelta(days=30)
    assert dated.status_on(today) == S.ACTIVE
    assert status_in_sql(dated, today) == S.ACTIVE


def test_status_property_reads_the_sql_annotation_when_present(dated):
    annotated = Agreement.objects.with_status(today=D(2030, 1, 1)).get(pk=dated.pk)
    assert annotated.status == S.EXPIRED
