"""The page cache (pagecache/) in one process: what it serves, what it never keeps, and how a
save() anywhere in the audited data is seen on the very next request."""

import pytest
from django.db import connection
from django.http import HttpResponse
from django.test import Client
from django.test.utils import CaptureQueriesContext

from agreements.models import Agreement
from pagecache.middleware import is_cacheable_response
from pagecache.version import data_version, history_tables
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

PROVINCE = "/provinces/ratchaburi/"


def ratchaburi_agreement():
    return Agreement.objects.filter(province__slug="ratchaburi").order_by("pk").first()


def test_the_second_anonymous_visit_is_served_from_the_cache(client, demo):
    first = client.get(PROVINCE)
    second = client.get(PROVINCE)

    assert first.status_code == second.status_code == 200
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == first["Content-Type"]


def test_a_cached_page_costs_one_query_the_data_version(client, demo):
    client.get(PROVINCE)

    with CaptureQueriesContext(connection) as queries:
        response = client.get(PROVINCE)

    assert response["X-Cache"] == "hit"
    assert len(queries) == 1
    assert "MAX(" in queries[0]["sql"]


def test_a_hit_still_carries_the_security_headers(client, demo):
    client.get(PROVINCE)
    response = client.get(PROVINCE)

    assert response["X-Cache"] == "hit"
    assert "frame-ancestors 'none'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"
    assert response["Content-Language"] == "th"


def test_a_save_is_seen_on_the_next_request(client, demo):
    client.get(PROVINCE)
    agreement = ratchaburi_agreement()
    agreement.title_th = "ชื่อใหม่หลังแก้ไขในระบบ"
    agreement.save()

    response = client.get(PROVINCE)

    assert response["X-Cache"] == "miss"
    assert "ชื่อใหม่หลังแก้ไขในระบบ" in response.text


def test_a_delete_is_seen_on_the_next_request(client, demo):
    extra = AgreementFactory(title_th="ข้อตกลงที่จะถูกลบ", is_published=True)
    url = f"/provinces/{extra.province.slug}/"
    assert "ข้อตกลงที่จะถูกลบ" in client.get(url).text

    extra.delete()

    assert "ข้อตกลงที่จะถูกลบ" not in client.get(url).text


def test_the_data_version_is_one_query_and_moves_only_with_a_change(demo):
    with CaptureQueriesContext(connection) as queries:
        before = data_version()
    assert len(queries) == 1
    assert data_version() == before

    agreement = ratchaburi_agreement()
    agreement.save()

    assert data_version() != before


def test_the_data_version_covers_every_audited_model():
    tables = {table for table, _id in history_tables()}

    assert "agreements_historicalagreement" in tables
    assert "budgets_historicalallocation" in tables
    assert "geography_historicalprovince" in tables
    assert "partners_historicalorganisation" in tables


def test_each_language_has_its_own_copy(client, demo):
    thai = client.get(PROVINCE)
    english = client.get("/en" + PROVINCE)
    english_again = client.get("/en" + PROVINCE)

    assert (thai["X-Cache"], english["X-Cache"], english_again["X-Cache"]) == (
        "miss",
        "miss",
        "hit",
    )
    assert '<html lang="en">' in english_again.text
    assert '<html lang="th">' in client.get(PROVINCE).text


def test_the_root_stays_thai_from_the_cache_for_an_english_browser(client, demo):
    client.get("/")

    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")

    assert response["X-Cache"] == "hit"
    assert '<html lang="th">' in response.text


def test_each_query_string_has_its_own_copy(client, demo):
    client.get("/agreements/?q=ราชบุรี")

    other = client.get("/agreements/?q=มุกดาหาร")
    same = client.get("/agreements/?q=ราชบุรี")

    assert (other["X-Cache"], same["X-Cache"]) == ("miss", "hit")


def test_each_host_has_its_own_copy(client, demo, settings):
    # API pages print absolute links (pagination), so another name must not get them.
    settings.ALLOWED_HOSTS = ["registry.example.org", "mirror.example.org"]
    client.get("/api/v1/agreements/", HTTP_HOST="registry.example.org")

    mirror = client.get("/api/v1/agreements/", HTTP_HOST="mirror.example.org")
    again = client.get("/api/v1/agreements/", HTTP_HOST="registry.example.org")

    assert (mirror["X-Cache"], again["X-Cache"]) == ("miss", "hit")


def test_head_is_answered_from_what_get_stored(client, demo):
    client.get(PROVINCE)

    assert client.head(PROVINCE)["X-Cache"] == "hit"


@pytest.mark.parametrize("path", ["/admin/login/", "/en/admin/login/"])
def test_the_admin_is_never_cached(client, path):
    for _ in range(2):
        response = client.get(path)
        assert response.status_code == 200
        assert "X-Cache" not in response


def test_attachments_are_never_cached(client, demo):
    response = client.get("/attachments/999999/")

    assert response.status_code == 404
    assert "X-Cache" not in response


def test_a_request_with_a_session_cookie_bypasses_the_cache(client, settings, demo):
    client.get(PROVINCE)
    client.cookies[settings.SESSION_COOKIE_NAME] = "whatever-it-holds"

    response = client.get(PROVINCE)

    assert response.status_code == 200
    assert "X-Cache" not in response


def test_logged_in_staff_are_never_served_from_the_cache(client, superuser, demo):
    client.get(PROVINCE)
    staff = Client()
    staff.force_login(superuser)

    response = staff.get(PROVINCE)

    assert response.status_code == 200
    assert "X-Cache" not in response


def test_not_found_pages_are_not_kept(client, demo):
    first = client.get("/provinces/nowhere/")
    second = client.get("/provinces/nowhere/")

    assert first.status_code == second.status_code == 404
    assert second["X-Cache"] == "miss"


def test_the_expensive_budget_summary_pdf_is_cached(client, demo):
    first = client.get("/budgets/summary.pdf")
    second = client.get("/budgets/summary.pdf")

    assert first.status_code == 200
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first.content
    assert second["Content-Type"] == "application/pdf"
    assert second["Content-Disposition"] == first["Content-Disposition"]


@pytest.mark.parametrize("path", ["/agreements/export.csv", "/budgets/summary.xlsx"])
def test_small_streamed_exports_are_kept_as_they_pass(client, demo, path):
    first = client.get(path)
    first_body = b"".join(first.streaming_content)
    second = client.get(path)

    assert first.status_code == 200
    assert (first["X-Cache"], second["X-Cache"]) == ("miss", "hit")
    assert second.content == first_body
    assert second["Content-Disposition"] == first["Content-Disposition"]


def test_exports_above_the_size_limit_are_streamed_and_not_kept(client, demo, settings):
    settings.PAGE_CACHE_MAX_BYTES = 10
    first = client.get("/agreements/export.csv")
    first_body = b"".join(first.streaming_content)

    second = client.get("/agreements/export.csv")

    assert len(first_body) > 10
    assert second["X-Cache"] == "miss"
    assert b"".join(second.streaming_content) == first_body


def test_the_page_cache_can_be_turned_off(client, demo, settings):
    settings.PAGE_CACHE = False

    client.get(PROVINCE)
    response = client.get(PROVINCE)

    assert response.status_code == 200
    assert "X-Cache" not in response


def response_with(**headers):
    response = HttpResponse("page")
    for name, value in headers.items():
        response[name.replace("_", "-")] = value
    return response


def test_an_ordinary_page_may_be_kept():
    assert is_cacheable_response(response_with(Vary="Accept-Language, Cookie"))


def test_responses_that_set_a_cookie_are_not_kept():
    response = response_with()
    response.set_cookie("csrftoken", "secret")

    assert not is_cacheable_response(response)


@pytest.mark.parametrize("value", ["private", "no-store", "max-age=0, no-cache", "Private"])
def test_responses_marked_private_or_no_store_are_not_kept(value):
    assert not is_cacheable_response(response_with(Cache_Control=value))


def test_responses_that_vary_on_another_request_header_are_not_kept():
    assert not is_cacheable_response(response_with(Vary="User-Agent"))


def test_only_200_responses_are_kept():
    assert not is_cacheable_response(HttpResponse(status=302))
