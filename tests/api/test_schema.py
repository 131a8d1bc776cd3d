import re

import pytest

pytestmark = pytest.mark.django_db


def test_the_schema_is_an_openapi_document_listing_every_endpoint(client):
    response = client.get("/api/schema/", {"format": "json"})
    assert response.status_code == 200
    schema = response.json()
    assert schema["openapi"].startswith("3.")
    assert schema["info"]["title"] == "CODI partnership registry open data"
    assert "สถาบันพัฒนาองค์กรชุมชน" in schema["info"]["description"]
    assert set(schema["paths"]) == {
        "/api/v1/activities/",
        "/api/v1/activities/{id}/",
        "/api/v1/agreements/",
        "/api/v1/agreements/{id}/",
        "/api/v1/allocations/",
        "/api/v1/allocations/{id}/",
        "/api/v1/attachments/",
        "/api/v1/attachments/{id}/",
        "/api/v1/coverage/",
        "/api/v1/coverage/{id}/",
        "/api/v1/duties/",
        "/api/v1/duties/{id}/",
        "/api/v1/events/",
        "/api/v1/events/{id}/",
        "/api/v1/organisations/",
        "/api/v1/organisations/{id}/",
        "/api/v1/proposals/",
        "/api/v1/proposals/{id}/",
        "/api/v1/provinces/",
        "/api/v1/provinces/{slug}/",
        "/api/v1/regions/",
        "/api/v1/regions/{code}/",
        "/api/v1/renewals/",
        "/api/v1/renewals/{id}/",
    }
    for operations in schema["paths"].values():
        assert set(operations) == {"get"}


def test_the_schema_documents_the_filters_and_the_code_lists(client):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    parameters = {p["name"] for p in schema["paths"]["/api/v1/agreements/"]["get"]["parameters"]}
    assert parameters == {
        "q",
        "region",
        "province",
        "status",
        "kind",
        "theme",
        "year",
        "partner",
        "partner_name",
        "partner_kind",
        "page",
        "page_size",
    }
    components = schema["components"]["schemas"]
    assert components["AgreementStatusEnum"]["enum"] == [
        "upcoming",
        "active",
        "expiring",
        "open_ended",
        "expired",
        "terminated",
    ]
    assert set(components["Agreement"]["properties"]) >= {"status", "iati_activity_status"}
    assert "email" not in str(components)
    assert "phone" not in str(components)


def test_the_schema_is_in_english_unless_thai_is_asked_for(client):
    # the partner_kind filter's label, translated in locale/th
    english = client.get("/api/schema/", {"format": "json"}).content.decode()
    assert "Kind of partner" in english
    assert "ประเภทภาคี" not in english
    thai = client.get("/api/schema/", {"format": "json", "lang": "th"}).content.decode()
    assert "ประเภทภาคี" in thai


def test_the_schema_is_served_as_yaml_by_default(client):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response.content.startswith(b"openapi: 3.")


def test_the_docs_page_loads_only_this_sites_own_files(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    # The canonical address names the page itself (absolute, as search engines ask); it loads
    # nothing.
    html = re.sub(r'<link rel="canonical" [^>]*>', "", html)
    # Every address on the page but in-page anchors and the empty data: icon, which load nothing.
    assets = [
        address
        for address in re.findall(r'(?:src|href)="([^"]+)"', html)
        if not address.startswith(("#", "data:"))
    ]
    assert assets, html
    for asset in assets:
        assert asset.startswith("/"), asset
        assert not asset.startswith("//"), asset
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in assets
    # Nothing inline, so a strict Content-Security-Policy needs no 'unsafe-inline'.
    assert "<script>" not in html
    assert "<style>" not in html
    # Link previews name the page and its image by absolute address (OpenGraph asks for it);
    # browsers load nothing from a <meta>.
    loaded = re.sub(r"<meta [^>]*>", "", html)
    assert "http://" not in loaded and "https://" not in loaded


def test_the_docs_start_up_script_points_at_the_local_schema_and_no_validator(client):
    response = client.get("/api/docs/", {"script": ""})
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/javascript")
    script = response.content.decode()
    assert '"/api/schema/"' in script
    assert '"validatorUrl": null' in script
    assert "http://" not in script and "https://" not in script


def test_the_api_root_lists_the_endpoints(client):
    body = client.get("/api/v1/").json()
    assert set(body) == {
        "activities",
        "agreements",
        "allocations",
        "attachments",
        "coverage",
        "duties",
        "events",
        "organisations",
        "proposals",
        "provinces",
        "regions",
        "renewals",
    }


def query_parameters(client, path):
    schema = client.get("/api/schema/", {"format": "json"}).json()
    return {p["name"]: p["schema"] for p in schema["paths"][path]["get"]["parameters"]}


def test_the_schema_states_the_bounds_the_server_enforces(client):
    duties = query_parameters(client, "/api/v1/duties/")
    assert duties["agreement"]["minimum"] == 1
    assert duties["page"]["minimum"] == 1
    assert duties["page_size"]["minimum"] == 1
    assert query_parameters(client, "/api/v1/events/")["year"]["minimum"] == 2400
    # No control character in text (codi_registry/middleware.py), and an empty code is no filter.
    level = query_parameters(client, "/api/v1/proposals/")["level"]
    assert level["pattern"] == "^[^\\x00-\\x1f\\x7f]*$"
    assert "" in level["enum"]
    assert client.get("/api/v1/proposals/", {"level": ""}).status_code == 200


@pytest.mark.parametrize("page_size", ["null", "0", "-5", "1.5", "๕"])
def test_a_page_size_that_is_not_a_whole_number_from_1_is_refused(client, page_size):
    response = client.get("/api/v1/provinces/", {"page_size": page_size})
    assert response.status_code == 400
    assert "page_size" in response.json()


def test_a_page_is_a_number_not_last(client):
    assert client.get("/api/v1/provinces/", {"page": "last"}).status_code == 404
    assert client.get("/api/v1/provinces/", {"page": ""}).status_code == 404


def test_a_page_size_past_the_maximum_gets_the_maximum(client):
    response = client.get("/api/v1/provinces/", {"page_size": "1000"})
    assert response.status_code == 200
    assert len(response.json()["results"]) == 77
