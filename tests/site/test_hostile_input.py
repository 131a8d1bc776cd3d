"""codi_registry/middleware.py: control characters and broken UTF-8 never get past the door.

tests/site/test_fuzz.py throws far more at every address; these are the cases named in the
middleware, each with the answer it must give.
"""

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


@pytest.fixture
def visitor():
    return Client(raise_request_exception=False)


@pytest.mark.parametrize(
    "path",
    [
        "/regions/%00/",
        "/provinces/%00/",
        "/en/regions/%0d%0a/",
        "/agreements/%7f/",
        "/regions/%ff%fe/",
    ],
)
def test_a_path_with_a_control_character_or_broken_utf8_is_not_found(visitor, demo, path):
    response = visitor.get(path)
    assert response.status_code == 404
    assert "Page not found" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        "q=%00",
        "q=a%0d%0aSet-Cookie:%20x=1",
        "q=%09",
        "q=%7f",
        "q=%ff%fe",
        "%00=1",
        "region=%e0%b8",  # a Thai letter cut in half
    ],
)
def test_a_query_with_a_control_character_or_broken_utf8_is_a_bad_request(visitor, query):
    response = visitor.get(f"/agreements/?{query}")
    assert response.status_code == 400
    html = response.content.decode()
    assert html.index("คำขอไม่ถูกต้อง") < html.index("Bad request")


@pytest.mark.parametrize("path", ["/api/v1/regions/%00/", "/api/v1/provinces/%00/"])
def test_the_api_answers_such_a_path_with_a_json_not_found(visitor, demo, path):
    response = visitor.get(path)
    assert response.status_code == 404
    assert response.json() == {"detail": "ไม่พบ"}


def test_the_api_answers_a_malformed_query_with_json_naming_the_query(visitor):
    response = visitor.get("/api/v1/agreements/?q=%00")
    assert response.status_code == 400
    # In the site's language: the check runs before the request's language is chosen.
    assert response.json() == {"query": ["สตริงคำค้นมีอักขระควบคุมหรือไม่ใช่ UTF-8 ที่ถูกต้อง"]}


def test_thai_text_in_the_path_and_the_query_still_reaches_the_views(visitor, demo):
    response = visitor.get("/agreements/", {"q": "ราชภัฏ"})
    assert response.status_code == 200
    assert "ราชภัฏ" in response.content.decode()
    # An unknown Thai slug names nothing, but it is asked for: the view answers, not the check.
    assert visitor.get("/provinces/กรุงเทพมหานคร/").status_code == 404
    assert visitor.get("/en/provinces/kanchanaburi/").status_code == 200


def test_the_bad_request_page_renders_without_a_request(settings):
    # Django renders 400.html with no context for an unknown host, before any middleware.
    settings.ALLOWED_HOSTS = ["registry.example"]
    response = Client(raise_request_exception=False).get("/", HTTP_HOST="elsewhere.example")
    assert response.status_code == 400
    assert "Bad request" in response.content.decode()


@pytest.mark.parametrize(
    "query",
    [
        {"version": "\r\nX"},
        {"version": "v2"},
        {"version": "1.0.0 (v1)"},
        {"lang": "xx"},
        {"lang": "th\r\n"},
    ],
)
def test_the_schema_refuses_unknown_versions_and_languages(visitor, query):
    response = visitor.get("/api/schema/", {"format": "json", **query})
    assert 400 <= response.status_code < 500


def test_the_schema_accepts_its_own_version_and_languages(visitor):
    response = visitor.get("/api/schema/", {"format": "json", "version": "v1", "lang": "th"})
    assert response.status_code == 200
    assert response.json()["info"]["version"] == "1.0.0 (v1)"
    response = visitor.get("/api/schema/", {"version": "v1"})
    assert response["Content-Disposition"].endswith('(v1).yaml"')
