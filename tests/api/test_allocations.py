from decimal import Decimal

import pytest

from budgets.models import Programme
from tests.factories import AgreementFactory, AllocationFactory, OrganisationFactory, province
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries

pytestmark = pytest.mark.django_db


def test_ratchaburi_fy_2566_has_four_allocations_summing_to_the_agreed_budget(client, demo):
    body = client.get(
        "/api/v1/allocations/", {"province": "ratchaburi", "fiscal_year": "2566"}
    ).json()
    assert body["count"] == 4
    rows = body["results"]
    assert sum(Decimal(row["amount"]) for row in rows) == Decimal("6340120.00")
    assert {row["programme"]["code"] for row in rows} == {
        "capacity-building",
        "community-welfare",
        "low-income-quality-of-life",
        "baan-por-pieng",
    }
    baan_por_pieng = next(row for row in rows if row["programme"]["code"] == "baan-por-pieng")
    assert baan_por_pieng["amount"] == "3508500.00"  # a string, never a float
    assert baan_por_pieng["fiscal_year"] == 2566
    assert baan_por_pieng["province"]["slug"] == "ratchaburi"
    assert baan_por_pieng["region"] == "CENTRAL_WEST"
    assert baan_por_pieng["agreement"]["reference"] == "BUD-2566-70-01"
    assert (
        baan_por_pieng["programme"]["name_th"]
        == Programme.objects.get(code="baan-por-pieng").name_th
    )


def test_an_allocation_names_its_recipient_and_keeps_two_decimals(client):
    recipient = OrganisationFactory(name_th="เครือข่ายผู้รับงบ", name_en="Recipient network")
    AllocationFactory(recipient=recipient, amount="1234.5")
    [row] = client.get("/api/v1/allocations/").json()["results"]
    assert row["amount"] == "1234.50"
    assert row["recipient"] == {
        "id": recipient.pk,
        "name_th": "เครือข่ายผู้รับงบ",
        "name_en": "Recipient network",
    }
    assert row["agreement"] is None


def test_allocations_of_unpublished_agreements_are_absent(client):
    AllocationFactory(agreement=AgreementFactory(is_published=False), amount="777.77")
    AllocationFactory(agreement=AgreementFactory(reference="PUB-1"), amount="1.00")
    content = client.get("/api/v1/allocations/").content
    assert b"777.77" not in content
    body = client.get("/api/v1/allocations/").json()
    assert [row["agreement"]["reference"] for row in body["results"]] == ["PUB-1"]
    assert body["count"] == 1


@pytest.mark.parametrize(
    ("params", "count"),
    [
        ({"region": "CENTRAL_WEST"}, 4),
        ({"region": "NORTHEAST"}, 0),
        ({"programme": "baan-por-pieng"}, 1),
        ({"fiscal_year": "2566", "programme": "community-welfare"}, 1),
    ],
)
def test_allocation_filters_are_honoured(client, demo, params, count):
    assert client.get("/api/v1/allocations/", params).json()["count"] == count


@pytest.mark.parametrize(
    "params", [{"fiscal_year": "2545"}, {"programme": "x"}, {"province": "nowhere"}]
)
def test_a_well_formed_value_that_names_nothing_is_an_empty_list(client, demo, params):
    response = client.get("/api/v1/allocations/", params)
    assert response.status_code == 200
    assert (response.json()["count"], response.json()["results"]) == (0, [])


@pytest.mark.parametrize("fiscal_year", ["abc", "2539", "2701"])
def test_a_fiscal_year_outside_the_registry_s_bounds_is_a_400(client, demo, fiscal_year):
    response = client.get("/api/v1/allocations/", {"fiscal_year": fiscal_year})
    assert response.status_code == 400
    assert set(response.json()) == {"fiscal_year"}


@pytest.mark.parametrize(
    "params",
    [
        {"fiscal_year": "abc"},
        {"fiscal_year": "1999"},
        {"province": "nowhere"},
        {"programme": "x"},
        {"region": "ATLANTIS"},
        {"page": "x"},
        {"page": "99"},
        {"page_size": "0"},
    ],
)
def test_malformed_allocation_parameters_never_cause_a_server_error(client, demo, params):
    response = client.get("/api/v1/allocations/", params)
    assert response.status_code in (200, 400, 404)
    response.json()


def test_allocation_query_count_does_not_grow(client):
    # count, allocations (with province, region, programme, agreement and recipient),
    # and the fiscal years of the filter's choices
    def add_rows():
        for year in range(2560, 2570):
            AllocationFactory(
                fiscal_year=year,
                province=province("ratchaburi"),
                agreement=AgreementFactory(),
                recipient=OrganisationFactory(),
            )
            AllocationFactory(fiscal_year=year, province=province("mukdahan"))

    add_rows()
    # count; allocations with province, region, programme, agreement and recipient
    assert_constant_queries(
        client, "/api/v1/allocations/?page_size=500", add_rows, exactly=PUBLIC_OVERHEAD + 2
    )
    # the region of the filter; the fiscal years of the filter's choices; count; allocations
    assert_constant_queries(
        client,
        "/api/v1/allocations/?region=CENTRAL_WEST&fiscal_year=2565",
        add_rows,
        exactly=PUBLIC_OVERHEAD + 4,
    )
