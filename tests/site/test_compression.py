"""Public pages go out gzipped to clients that accept it; pages with a secret never do."""

import gzip

import pytest

pytestmark = pytest.mark.django_db


def test_the_home_page_comes_back_gzipped_and_smaller(client):
    plain = client.get("/")
    zipped = client.get("/", HTTP_ACCEPT_ENCODING="gzip")
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert len(zipped.content) < len(plain.content) / 3
    assert gzip.decompress(zipped.content) == plain.content
    assert "Accept-Encoding" in zipped["Vary"]
    assert "Accept-Encoding" in plain["Vary"]


def test_a_cached_page_is_served_compressed_and_uncompressed_alike(client):
    first = client.get("/budgets/", HTTP_ACCEPT_ENCODING="gzip")
    plain = client.get("/budgets/")
    zipped = client.get("/budgets/", HTTP_ACCEPT_ENCODING="gzip")
    assert (first["X-Cache"], plain["X-Cache"], zipped["X-Cache"]) == ("miss", "hit", "hit")
    assert "Content-Encoding" not in plain
    assert zipped["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped.content) == gzip.decompress(first.content) == plain.content
    assert "Accept-Encoding" in plain["Vary"]


def test_pages_with_a_csrf_token_are_not_compressed(client):
    # BREACH: the login form's token next to a `next=` the attacker chose.
    response = client.get("/admin/login/?next=/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "csrfmiddlewaretoken" in response.text
    assert "Content-Encoding" not in response


def test_staff_pages_are_not_compressed(admin_client):
    response = admin_client.get("/admin/", HTTP_ACCEPT_ENCODING="gzip")
    assert response.status_code == 200
    assert "Content-Encoding" not in response
