import pytest

from budgets.models import Allocation, Programme
from tests.factories import (
    ActivityFactory,
    AgreementPartyFactory,
    AllocationFactory,
    OrganisationFactory,
    province,
)
from tests.queries import assert_constant_queries

pytestmark = pytest.mark.django_db


def allocation_post(**overrides):
    data = {
        "province": str(province("ratchaburi").pk),
        "fiscal_year": "2566",
        "programme": str(Programme.objects.get(code="baan-por-pieng").pk),
        "amount": "3508500.00",
        "agreement": "",
        "recipient": "",
        "note": "",
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
    "url",
    [
        "/admin/budgets/allocation/",
        "/admin/partners/organisation/",
        "/admin/partners/person/",
        "/admin/agreements/activity/",
        "/admin/geography/province/",
        "/admin/geography/subdistrict/",
    ],
)
def test_admin_lists_make_the_same_number_of_queries_with_more_rows(admin_client, url):
    add_rows()
    assert_constant_queries(admin_client, url, add_rows, most=20)
