"""Per-client limits on PDFs and full exports (codi_registry/ratelimits.py)."""

import time
from types import SimpleNamespace

import pytest
from django.test import Client

from tests.factories import UserFactory

# The limits are counted in the cache, not the database: CI checks them once.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_once]

DOWNLOADS = [
    "/agreements/export.csv",
    "/agreements/export.xlsx",
    "/en/agreements/export.csv",
    "/budgets/export.csv",
    "/budgets/export.xlsx",
    "/budgets/summary.xlsx",
    "/budgets/summary.pdf",
    "/partnerships/export.csv",
    "/partnerships/export.xlsx",
]


@pytest.fixture
def limit(settings, monkeypatch):
    settings.DOWNLOAD_RATE_LIMIT = "3/m"
    # django-ratelimit counts in fixed windows of the wall clock: a test whose downloads straddle
    # the end of a minute would start counting again. Its clock stands still here.
    now = time.time()
    monkeypatch.setattr("django_ratelimit.core.time", SimpleNamespace(time=lambda: now))


def from_address(address):
    return Client(REMOTE_ADDR=address)


@pytest.mark.usefixtures("limit")
@pytest.mark.parametrize("address", DOWNLOADS)
def test_past_the_limit_a_client_gets_the_bilingual_429_page(address):
    client = from_address("198.51.100.1")
    for _ in range(3):
        assert client.get(address).status_code == 200
    response = client.get(address)
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    assert response["Cache-Control"] == "no-store"
    html = response.content.decode()
    assert "ขอดาวน์โหลดถี่เกินไป" in html and "Too many downloads" in html
    assert 'href="/api/docs/"' in html


@pytest.mark.usefixtures("limit")
def test_the_agreement_pdf_counts_even_when_served_from_the_page_cache(demo):
    from agreements.models import Agreement

    address = f"/agreements/{Agreement.objects.published().first().pk}/export.pdf"
    client = from_address("198.51.100.2")
    responses = [client.get(address) for _ in range(4)]
    assert [r.status_code for r in responses] == [200, 200, 200, 429]
    assert responses[1]["X-Cache"] == "hit"


@pytest.mark.usefixtures("limit")
def test_the_limit_is_per_client_and_all_downloads_share_it():
    first = from_address("198.51.100.3")
    for address in DOWNLOADS[:3]:
        assert first.get(address).status_code == 200
    assert first.get(DOWNLOADS[3]).status_code == 429
    assert from_address("198.51.100.4").get(DOWNLOADS[3]).status_code == 200


@pytest.mark.usefixtures("limit")
def test_pages_and_the_api_are_not_limited():
    client = from_address("198.51.100.5")
    for _ in range(6):
        assert client.get("/budgets/").status_code == 200
        assert client.get("/api/v1/allocations/").status_code == 200


@pytest.mark.usefixtures("limit")
def test_logged_in_staff_are_not_limited():
    client = from_address("198.51.100.6")
    client.force_login(UserFactory(is_staff=True))
    for _ in range(6):
        assert client.get("/budgets/export.csv").status_code == 200


@pytest.mark.usefixtures("limit")
def test_a_forged_session_cookie_does_not_lift_the_limit():
    client = from_address("198.51.100.7")
    client.cookies["sessionid"] = "forged"
    codes = [client.get("/budgets/export.csv").status_code for _ in range(4)]
    assert codes == [200, 200, 200, 429]


@pytest.mark.usefixtures("limit")
def test_behind_the_documented_proxy_the_limit_follows_the_forwarded_client(settings):
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]
    proxy = Client(REMOTE_ADDR="127.0.0.1")
    for _ in range(3):
        assert (
            proxy.get("/budgets/export.csv", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 200
        )
    assert proxy.get("/budgets/export.csv", HTTP_X_FORWARDED_FOR="203.0.113.1").status_code == 429
    # another client behind the same proxy has its own count
    assert proxy.get("/budgets/export.csv", HTTP_X_FORWARDED_FOR="203.0.113.2").status_code == 200


def test_an_empty_setting_turns_the_limit_off(settings):
    settings.DOWNLOAD_RATE_LIMIT = ""
    client = from_address("198.51.100.8")
    assert all(client.get("/budgets/export.csv").status_code == 200 for _ in range(40))


def test_the_default_limit_lets_a_reader_download_every_report_once(settings):
    client = from_address("198.51.100.9")
    assert all(client.get(address).status_code == 200 for address in DOWNLOADS)
