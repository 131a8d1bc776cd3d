"""The stored province figures (tracking/figures.py) follow the records and the calendar: a
write rebuilds its province's row, and a day on which a date in the records changes a figure
rebuilds it on the first read."""

import datetime
import io

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from records.derived import flush_all
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    AgreementPartyFactory,
    OrganisationFactory,
    province,
)
from tracking.figures import province_figures, province_values
from tracking.models import ProvinceFigures
from tracking.partnership import PartnershipStatus, computed_figures, partnerships

pytestmark = pytest.mark.django_db

D = datetime.date
KORAT = "nakhon-ratchasima"


def figures(today, slug=KORAT):
    pk = province(slug).pk
    (row,) = province_figures(today, [pk])
    return row


def test_a_published_agreement_and_its_parties_are_counted_after_the_write(today_is):
    today_is(D(2026, 1, 10))
    agreement = AgreementFactory(
        province=province(KORAT), signed_on=D(2025, 6, 1), ends_on=D(2027, 6, 1)
    )
    university = OrganisationFactory(kind="university", name_th="ข มหาวิทยาลัย")
    AgreementPartyFactory(agreement=agreement, organisation=university)
    network = OrganisationFactory(kind="community_network", name_th="ก เครือข่าย")
    AgreementPartyFactory(agreement=agreement, organisation=network)
    other = AgreementFactory(province=province(KORAT), signed_on=D(2020, 1, 1))
    AgreementPartyFactory(agreement=other, organisation=university)

    row = figures(D(2026, 1, 10))
    assert (row.agreements, row.in_force) == (2, 1)
    assert row.partners_by_kind == {"university": 1, "community_network": 1}
    # most agreements there first, then by name
    assert (row.partners, row.top_partners) == (2, [university.pk, network.pk])

    agreement.is_published = False
    agreement.review_state = "draft"
    agreement.save()
    after = figures(D(2026, 1, 10))
    assert (after.agreements, after.partners, after.top_partners) == (1, 1, [university.pk])


def test_a_row_holds_until_the_first_day_a_date_changes_it_and_is_rebuilt_then(today_is):
    today_is(D(2026, 1, 10))
    AgreementFactory(
        province=province(KORAT),
        signed_on=D(2025, 6, 1),
        starts_on=D(2025, 6, 1),
        ends_on=D(2026, 3, 31),
    )
    row = figures(D(2026, 1, 10))
    assert row.in_force == 1
    assert row.valid_until == D(2026, 4, 1)  # the day after it ends

    assert figures(D(2026, 3, 31)).in_force == 1  # still valid: no query rebuilt it
    assert ProvinceFigures.objects.get(pk=row.pk).computed_on == D(2026, 1, 10)

    after = figures(D(2026, 4, 1))
    assert after.in_force == 0
    assert after.computed_on == D(2026, 4, 1)
    assert partnerships(today=D(2026, 4, 1))[row.province_id].status == PartnershipStatus.LAPSED


def test_chosen_columns_are_read_from_valid_rows_and_from_rebuilt_ones_alike(today_is):
    today_is(D(2026, 1, 10))
    AgreementFactory(
        province=province(KORAT),
        signed_on=D(2025, 6, 1),
        starts_on=D(2025, 6, 1),
        ends_on=D(2026, 3, 31),
    )
    korat, mukdahan = province(KORAT).pk, province("mukdahan").pk
    first = province_values(D(2026, 1, 10), [korat, mukdahan], "in_force", "valid_until")
    assert (first[korat].in_force, first[korat].valid_until) == (1, D(2026, 4, 1))
    assert first[mukdahan].in_force == 0

    # On 1 April Korat's row is rebuilt, Mukdahan's is read as it is: the same kind of row.
    later = province_values(D(2026, 4, 1), [korat, mukdahan], "in_force", "valid_until")
    assert set(later) == {korat, mukdahan}
    assert later[korat].in_force == 0
    assert later[korat] == (korat, 0, figures(D(2026, 4, 1)).valid_until)
    assert type(later[korat]) is type(later[mukdahan])


def test_a_follow_up_leaving_the_window_and_one_still_to_come_bound_the_row(today_is, settings):
    settings.PARTNERSHIP_FOLLOWUP_MONTHS = 12
    today_is(D(2026, 1, 10))
    agreement = AgreementFactory(
        province=province(KORAT), signed_on=D(2024, 1, 1), ends_on=D(2030, 1, 1)
    )
    ActivityFactory(agreement=agreement, starts_on=D(2025, 5, 20))
    ActivityFactory(agreement=agreement, starts_on=D(2026, 2, 14))  # planned

    row = figures(D(2026, 1, 10))
    assert (row.recent_followups, row.last_followup, row.followups) == (1, D(2025, 5, 20), 2)
    assert row.valid_until == D(2026, 2, 14)

    assert figures(D(2026, 2, 14)).last_followup == D(2026, 2, 14)
    later = figures(D(2027, 3, 1))
    assert later.recent_followups == 0
    status = partnerships(today=D(2027, 3, 1))[later.province_id].status
    assert status == PartnershipStatus.STALLED


def test_the_stored_figures_equal_those_computed_afresh(demo, today_is):
    today_is(D(2026, 11, 21))
    flush_all()
    stored = {row.province_id: row for row in province_figures(D(2026, 11, 21))}
    fresh = computed_figures(D(2026, 11, 21), list(stored))
    for pk, values in fresh.items():
        for name, value in values.items():
            assert getattr(stored[pk], name) == value, (pk, name)
    assert sum(row.agreements for row in stored.values()) == 4


def test_a_valid_row_is_read_without_recomputing_anything(today_is):
    today_is(D(2026, 1, 10))
    AgreementFactory(province=province(KORAT))
    province_figures(D(2026, 1, 10))
    with CaptureQueriesContext(connection) as captured:
        province_figures(D(2026, 1, 10))
    assert len(captured) == 2  # which provinces there are; their rows


def test_rebuild_derived_writes_every_province():
    call_command("rebuild_derived", stdout=io.StringIO())
    assert ProvinceFigures.objects.count() == 77


def test_the_counts_by_status_equal_the_live_ones_across_the_day_one_starts_expiring(
    today_is, settings
):
    settings.EXPIRING_WITHIN_DAYS = 30
    today_is(D(2026, 1, 10))
    make = AgreementFactory
    make(
        province=province(KORAT),
        signed_on=D(2025, 1, 1),
        starts_on=D(2025, 1, 1),
        ends_on=D(2026, 3, 1),
    )  # active until 2026-01-30, then expiring
    make(
        province=province(KORAT),
        signed_on=D(2025, 1, 2),
        starts_on=D(2025, 1, 2),
        ends_on=None,
        term_mode="open",
    )  # open-ended
    make(
        province=province(KORAT),
        signed_on=D(2026, 1, 2),
        starts_on=D(2026, 2, 1),
        ends_on=D(2027, 1, 1),
    )  # upcoming
    make(
        province=province(KORAT),
        signed_on=D(2020, 1, 1),
        starts_on=D(2020, 1, 1),
        ends_on=D(2021, 1, 1),
    )  # expired
    make(
        province=province("mukdahan"),
        signed_on=D(2025, 5, 1),
        starts_on=D(2025, 5, 1),
        ends_on=D(2028, 1, 1),
    )  # active elsewhere

    def live(today):
        from agreements.models import Agreement

        counted = {}
        for agreement in (
            Agreement.objects.published().with_status(today).filter(province=province(KORAT))
        ):
            counted[agreement.status_code] = counted.get(agreement.status_code, 0) + 1
        return counted

    row = figures(D(2026, 1, 10))
    assert (
        row.status_counts
        == live(D(2026, 1, 10))
        == {"active": 1, "open_ended": 1, "upcoming": 1, "expired": 1}
    )
    assert row.valid_until == D(2026, 1, 30)  # the day the first one enters the window
    for day in (D(2026, 1, 29), D(2026, 1, 30), D(2026, 2, 1), D(2026, 3, 2)):
        today_is(day)
        assert figures(day).status_counts == live(day), day
