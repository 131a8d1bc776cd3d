"""The "needs follow-up" list of the admin: agreements in force with no published follow-up,
or commitments without progress, within PARTNERSHIP_FOLLOWUP_MONTHS (12: since 21 Nov 2025)."""

import datetime

import pytest
from django.test import Client

from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    AgreementPartyFactory,
    ResponsibilityFactory,
    ScopeClauseFactory,
    province,
)
from tests.queries import ADMIN_OVERHEAD, assert_constant_queries
from tracking.models import ProgressUpdate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

URL = "/admin/tracking/progressupdate/followup/"
CUTOFF = datetime.date(2025, 11, 21)  # 12 months before tests.factories.TODAY
DAY = datetime.timedelta(days=1)


def in_force(reference, slug="mukdahan", **fields):
    return AgreementFactory(reference=reference, province=province(slug), **fields)


def followed_up(agreement, on, **fields):
    return ActivityFactory(agreement=agreement, starts_on=on, **fields)


def listed(client, query=""):
    """The references on the list, in order."""
    response = client.get(URL + query)
    assert response.status_code == 200
    return [
        row["agreement"].reference for rows in response.context["groups"].values() for row in rows
    ]


def test_a_follow_up_on_the_cutoff_day_counts_and_the_day_before_does_not(staff_client):
    followed_up(in_force("ON-CUTOFF"), CUTOFF)
    followed_up(in_force("DAY-BEFORE"), CUTOFF - DAY)

    assert listed(staff_client) == ["DAY-BEFORE"]


def test_an_agreement_never_followed_up_is_listed_as_such(staff_client):
    in_force("NEVER", signed_on=datetime.date(2025, 1, 10))

    response = staff_client.get(URL)

    assert listed(staff_client) == ["NEVER"]
    assert "ยังไม่มี" in response.text
    assert "22 (นับจากวันลงนาม)" in response.text.replace('<span class="quiet">', "").replace(
        "</span>", ""
    )


def test_unpublished_and_future_follow_ups_do_not_count(staff_client):
    followed_up(in_force("HIDDEN"), datetime.date(2026, 6, 1), is_published=False)
    followed_up(in_force("PLANNED"), datetime.date(2026, 12, 1))

    assert sorted(listed(staff_client)) == ["HIDDEN", "PLANNED"]


def test_commitments_not_updated_within_the_threshold_list_the_agreement(staff_client):
    fresh = in_force("FRESH")
    followed_up(fresh, datetime.date(2026, 10, 1))
    clause = ScopeClauseFactory(agreement=fresh)
    ProgressUpdate.objects.create(clause=clause, status="in_progress", recorded_on=CUTOFF)

    stale = in_force("STALE")
    followed_up(stale, datetime.date(2026, 10, 1))
    ScopeClauseFactory(agreement=stale)  # never recorded
    duty = ResponsibilityFactory(party=AgreementPartyFactory(agreement=stale))
    ProgressUpdate.objects.create(responsibility=duty, status="done", recorded_on=CUTOFF - DAY)
    updated = ResponsibilityFactory(party=duty.party)
    ProgressUpdate.objects.create(responsibility=updated, status="done", recorded_on=CUTOFF)

    response = staff_client.get(URL)

    assert listed(staff_client) == ["STALE"]
    (row,) = response.context["groups"].popitem()[1]
    assert (row["agreement"].stale_commitments, row["agreement"].commitments) == (2, 3)
    assert "2 / 3" in response.text
    assert "1 ต.ค. 2569" in response.text  # its last follow-up


def test_only_published_agreements_in_force_are_listed(staff_client):
    in_force("DRAFT", is_published=False)
    in_force("ENDED", ends_on=datetime.date(2026, 1, 31))
    in_force("TERMINATED", terminated_on=datetime.date(2026, 3, 1))
    in_force("UPCOMING", signed_on=datetime.date(2026, 11, 1), starts_on=datetime.date(2027, 1, 1))
    in_force("OPEN", term_mode="open", ends_on=None)

    assert listed(staff_client) == ["OPEN"]


def test_regional_staff_see_only_their_region_and_central_staff_every_region(
    staff_client, superuser
):
    in_force("NORTHEAST-1")
    in_force("CENTRAL-1", slug="ratchaburi")
    central = Client()
    central.force_login(superuser)

    assert listed(staff_client) == ["NORTHEAST-1"]
    response = central.get(URL)
    assert [str(region) for region in response.context["groups"]] == [
        "สำนักงานภาคตะวันออกเฉียงเหนือ",
        "สำนักงานภาคกลางและตะวันตก",
    ]


def test_the_longest_waiting_come_first_with_links_to_track_them(staff_client):
    recent = in_force("RECENT-SIGNING", signed_on=datetime.date(2026, 5, 1))
    older = in_force("OLD-FOLLOW-UP")
    followed_up(older, datetime.date(2025, 3, 1))

    response = staff_client.get(URL)

    assert listed(staff_client) == ["OLD-FOLLOW-UP", "RECENT-SIGNING"]
    assert f"/admin/tracking/progressupdate/agreement/{recent.pk}/" in response.text
    assert f"/admin/tracking/progressupdate/agreement/{older.pk}/" in response.text


def test_nothing_to_follow_up_says_so(staff_client):
    followed_up(in_force("ALL-GOOD"), datetime.date(2026, 11, 1))
    assert "ทุกฉบับ" in staff_client.get(URL).text


def test_the_list_is_linked_from_the_admin_home_and_the_agreement_list(staff_client):
    assert URL in staff_client.get("/admin/").text
    assert URL in staff_client.get("/admin/agreements/agreement/").text


def test_the_list_is_for_staff_only(client):
    response = client.get(URL)
    assert response.status_code == 302 and "/admin/login/" in response["Location"]


def test_the_list_makes_the_same_queries_for_more_agreements(staff_client):
    def add(n, start):
        for i in range(start, start + n):
            agreement = in_force(f"MANY-{i}", slug="mukdahan" if i % 2 else "khon-kaen")
            clause = ScopeClauseFactory(agreement=agreement)
            ProgressUpdate.objects.create(clause=clause, status="done", recorded_on=CUTOFF - DAY)
            ResponsibilityFactory(party=AgreementPartyFactory(agreement=agreement))
            followed_up(agreement, CUTOFF - DAY)

    add(2, 0)
    # the user's permissions and their groups' permissions; the user's regions; how many
    # agreements need following up (for the pager); the page of agreements with their
    # province, region, last follow-up and commitment counts
    assert_constant_queries(staff_client, URL, lambda: add(15, 10), exactly=ADMIN_OVERHEAD + 5)
    assert len(listed(staff_client)) == 17


def test_the_list_is_cut_into_pages_the_longest_waiting_first(staff_client, monkeypatch):
    for i in range(5):
        agreement = in_force(f"PAGED-{i}", slug="mukdahan")
        followed_up(agreement, CUTOFF - DAY * (10 - i))  # PAGED-0 has waited longest
    monkeypatch.setattr("tracking.admin.FOLLOWUP_PAGE_SIZE", 2)
    assert listed(staff_client) == ["PAGED-0", "PAGED-1"]
    assert listed(staff_client, "?page=2") == ["PAGED-2", "PAGED-3"]
    assert listed(staff_client, "?page=99") == ["PAGED-4"]  # past the end: the last page
    assert "?page=2" in staff_client.get(URL).text
