import pytest

from geography.models import Province, Region
from tests.factories import RegionFactory
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries

pytestmark = pytest.mark.django_db


def test_provinces_are_listed_with_codes_and_region_in_pages(client):
    body = client.get("/api/v1/provinces/", {"page_size": 100}).json()
    assert body["count"] == 77
    korat = next(p for p in body["results"] if p["slug"] == "nakhon-ratchasima")
    assert korat == {
        "code": "30",
        "iso_code": "TH-30",
        "slug": "nakhon-ratchasima",
        "name_th": "นครราชสีมา",
        "name_en": "Nakhon Ratchasima",
        "region": "NORTHEAST",
    }
    assert len(client.get("/api/v1/provinces/").json()["results"]) == 50


def test_a_province_is_found_by_its_slug(client):
    assert client.get("/api/v1/provinces/mukdahan/").json()["code"] == "49"
    assert client.get("/api/v1/provinces/atlantis/").status_code == 404


def test_provinces_can_be_filtered_by_region(client):
    body = client.get("/api/v1/provinces/", {"region": "NORTHEAST", "page_size": 100}).json()
    northeast = Province.objects.filter(region__code="NORTHEAST")
    assert body["count"] == northeast.count()
    assert {p["region"] for p in body["results"]} == {"NORTHEAST"}
    assert client.get("/api/v1/provinces/", {"region": "ATLANTIS"}).json()["count"] == 0


def test_regions_are_one_unpaginated_list_with_their_province_codes(client):
    regions = client.get("/api/v1/regions/").json()
    assert isinstance(regions, list)
    assert len(regions) == Region.objects.count()
    northeast = next(r for r in regions if r["code"] == "NORTHEAST")
    assert "30" in northeast["provinces"] and "49" in northeast["provinces"]
    assert northeast["provinces"] == sorted(northeast["provinces"])
    assert sum(len(r["provinces"]) for r in regions) == 77
    assert client.get("/api/v1/regions/NORTHEAST/").json()["code"] == "NORTHEAST"


def test_region_query_count_does_not_grow_with_regions(client):
    # regions, their provinces
    def add_rows():
        for _ in range(5):
            RegionFactory()

    assert_constant_queries(client, "/api/v1/regions/", add_rows, exactly=PUBLIC_OVERHEAD + 2)


def test_province_query_count_does_not_grow_with_regions(client):
    # count, provinces with their region
    def add_rows():
        region = RegionFactory()
        for province in Province.objects.filter(code__in=["30", "49", "70", "71"]):
            province.region = region
            province.save()

    assert_constant_queries(
        client, "/api/v1/provinces/?page_size=100", add_rows, exactly=PUBLIC_OVERHEAD + 2
    )
