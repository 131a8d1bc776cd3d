import pytest

from budgets.models import Allocation, Programme
from tests.budgets.money import no_money_rows
from tests.factories import (
    ActivityFactory,
    AgreementPartyFactory,
    AllocationFactory,
    OrganisationFactory,
    province,
)
from tests.queries import ADMIN_OVERHEAD, assert_constant_queries

pytestmark = pytest.mark.django_db


def allocation_post(**overrides):
    data = {
        "province": str(province("ratchaburi").pk),
        "fiscal_year": "2566",
        "programme": str(Programme.objects.get(code="baan-por-pieng").pk),
        "amount": "3508500.00",
        "agreement": "",
        "recipient": "",
        "public_note": "",
        "staff_note": "",
        **no_money_rows(),
    }
    data.update(overrides)
    return data


def test_staff_add_an_allocation(admin_client):
    response = admin_client.post("/admin/budgets/allocation/add/", allocation_post())
    assert response.status_code == 302
    assert str(Allocation.objects.get().amount) == "3508500.00"


def test_a_negative_allocation_is_refused_with_a_thai_message(admin_client):
    response = admin_client.post("/admin/budgets/allocation/add/", allocation_post(amount="-1"))
    assert response.status_code == 200
    assert "จำนวนเงินต้องไม่ติดลบ" in response.text
    assert not Allocation.objects.exists()


def test_a_ce_year_typed_as_fiscal_year_is_refused_with_a_thai_message(admin_client):
    response = admin_client.post(
        "/admin/budgets/allocation/add/", allocation_post(fiscal_year="2023")
    )
    assert response.status_code == 200
    assert "2540" in response.text
    assert not Allocation.objects.exists()


def test_the_allocation_list_shows_amounts_with_satang(admin_client):
    AllocationFactory(amount="6340120.00")
    assert "6,340,120.00" in admin_client.get("/admin/budgets/allocation/").text


def add_rows():
    for _ in range(15):
        AllocationFactory(recipient=OrganisationFactory())
        party = AgreementPartyFactory()
        ActivityFactory(agreement=party.agreement)


@pytest.mark.parametrize(
    ("url", "queries"),
    [
        # programmes for the filter; the user's regions; the count (never a second count of
        # the whole table: show_full_result_count is off); the page of allocations with their
        # relations; the fiscal years for the filter
        ("/admin/budgets/allocation/", 5),
        # the user's regions; the count; the page of organisations with their agreement counts
        ("/admin/partners/organisation/", 3),
        # the count; the page of people
        ("/admin/partners/person/", 2),
        # the user's regions; the count; the page of activities; the region filter's choices
        # and the date hierarchy
        ("/admin/agreements/activity/", 5),
        # the user's regions; the two counts; the regions of the list's editable column and
        # of its filter (3); the page of provinces
        ("/admin/geography/province/", 6),
        # the user's regions; the two counts; the page of sub-districts
        ("/admin/geography/subdistrict/", 4),
    ],
)
def test_admin_lists_make_the_same_number_of_queries_with_more_rows(admin_client, url, queries):
    add_rows()
    assert_constant_queries(admin_client, url, add_rows, exactly=ADMIN_OVERHEAD + queries)
