import pytest

from tests.factories import AgreementFactory, AllocationFactory, province
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries

pytestmark = pytest.mark.django_db


def test_budgets_filtered_to_ratchaburi_fy_2566_show_four_programmes_and_the_total(client, demo):
    response = client.get("/budgets/", {"province": "ratchaburi", "fiscal_year": "2566"})
    table = response.context["budget"]
    assert len(table.programmes) == 4
    assert str(table.total) == "6340120.00"
    for text in ("โครงการบ้านพอเพียง", "3,508,500.00", "6,340,120.00", "ปีงบประมาณ 2566"):
        assert text in response.text


def test_budget_table_has_row_and_column_totals(client):
    AllocationFactory(province=province("ratchaburi"), fiscal_year=2566, amount="100.00")
    AllocationFactory(province=province("ratchaburi"), fiscal_year=2567, amount="50.25")
    AllocationFactory(province=province("mukdahan"), fiscal_year=2567, amount="0.75")
    table = client.get("/budgets/", {"region": "CENTRAL_WEST"}).context["budget"]
    assert [(r.fiscal_year, r.province.slug, str(r.total)) for r in table.rows] == [
        (2567, "ratchaburi", "50.25"),
        (2566, "ratchaburi", "100.00"),
    ]
    table = client.get("/budgets/", {"fiscal_year": "2567"}).context["budget"]
    assert [(r.fiscal_year, r.province.slug, str(r.total)) for r in table.rows] == [
        (2567, "mukdahan", "0.75"),
        (2567, "ratchaburi", "50.25"),
    ]
    assert str(table.total) == "51.00"


def test_the_whole_country_is_a_row_per_region_and_year(client):
    AllocationFactory(province=province("ratchaburi"), fiscal_year=2566, amount="100.00")
    AllocationFactory(province=province("kanchanaburi"), fiscal_year=2566, amount="20.00")
    AllocationFactory(province=province("mukdahan"), fiscal_year=2567, amount="0.75")
    response = client.get("/budgets/")
    table = response.context["budget"]
    assert [(r.fiscal_year, r.region.code, str(r.total)) for r in table.rows] == [
        (2567, "NORTHEAST", "0.75"),
        (2566, "CENTRAL_WEST", "120.00"),
    ]
    assert str(table.total) == "120.75"
    assert "?region=NORTHEAST&amp;fiscal_year=2567" in response.text


def test_allocations_of_unpublished_agreements_are_hidden(client):
    AllocationFactory(agreement=AgreementFactory(is_published=False), amount="777.77")
    assert "777.77" not in client.get("/budgets/").text


def test_budget_page_in_english_names_the_fiscal_year_span(client, demo):
    assert "FY 2566 (Oct 2022 – Sep 2023)" in client.get("/en/budgets/").text


@pytest.mark.parametrize(
    "params", [{"fiscal_year": "abc"}, {"province": "nowhere"}, {"programme": "x"}]
)
def test_malformed_budget_filters_never_cause_a_server_error(client, params):
    assert client.get("/budgets/", params).status_code == 200


def test_budget_query_count_does_not_grow(client):
    def add_rows():
        for year in range(2560, 2570):
            AllocationFactory(fiscal_year=year, province=province("ratchaburi"))
            AllocationFactory(fiscal_year=year, province=province("mukdahan"))

    add_rows()
    # the stored region totals with their regions and programmes; the filters' regions,
    # provinces, fiscal years and programmes
    assert_constant_queries(client, "/budgets/", add_rows, exactly=PUBLIC_OVERHEAD + 5)
    # a region chosen: the province totals summed, their programmes and provinces; the same
    assert_constant_queries(
        client, "/budgets/?region=NORTHEAST", add_rows, exactly=PUBLIC_OVERHEAD + 7
    )
