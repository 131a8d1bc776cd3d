"""Hardening: headers, cookies, idle sessions, login lock-out, error pages and `check --deploy`.

The test settings are production's (DEBUG off) except that http is not redirected to https
(tests/conftest.py); requests that need HTTPS behaviour say `secure=True`.
"""

import io
import json
import os
import re
import secrets
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings as django_settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.db.models import F
from django.test import Client
from django.utils import timezone

from tests.factories import StaffUserFactory
from tests.live import CHROMIUM, CHROMIUM_ARGS, DESKTOP, LiveSite, require_chromium

ROOT = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery staple"  # tests/factories.py


@pytest.fixture
def staff(db):
    return StaffUserFactory(username="somchai")


def log_in(client, password, username="somchai", **extra):
    return client.post(
        "/admin/login/", {"username": username, "password": password}, secure=True, **extra
    )


def test_a_login_whose_next_leads_off_site_lands_on_the_admin_index(client, staff):
    response = log_in(client, PASSWORD, QUERY_STRING="next=https://evil.example/")
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/", secure=True).status_code == 200


def lock_out(client):
    for _ in range(6):
        log_in(client, "wrong password")


def let_minutes_pass(minutes):
    """Age the recorded login attempts as if `minutes` had gone by."""
    AccessAttempt.objects.update(attempt_time=F("attempt_time") - timedelta(minutes=minutes))


def policy(response):
    """The Content-Security-Policy header as {directive: [sources]}."""
    directives = (d.split() for d in response["Content-Security-Policy"].split(";"))
    return {d[0]: d[1:] for d in directives if d}


# Security headers


@pytest.mark.django_db
def test_a_public_page_sends_the_security_headers(client):
    response = client.get("/", secure=True)

    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    csp = policy(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]  # no 'unsafe-inline', no other host
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    assert csp["base-uri"] == ["'self'"]
    assert csp["form-action"] == ["'self'"]


# A <script> with no src runs inline, which the policy blocks; JSON data blocks do not run.
INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*application/json)[^>]*>", re.I)


@pytest.mark.parametrize(
    "url",
    [
        "/",
        "/agreements/",
        "/en/partners/",
        "/budgets/",
        "/api/docs/",
        "/admin/",
        "/admin/agreements/agreement/",
        "/admin/agreements/agreement/add/",
        "/admin/agreements/agreement/{pk}/change/",
        "/admin/tracking/progressupdate/agreement/{pk}/",
        "/admin/tracking/progressupdate/followup/",
        "/admin/agreements/activity/add/",
    ],
)
def test_pages_have_no_inline_script_for_the_policy_to_block(admin_client, demo, url):
    from agreements.models import Agreement

    response = admin_client.get(url.format(pk=Agreement.objects.first().pk))

    assert response.status_code == 200
    assert "Content-Security-Policy" in response
    assert INLINE_SCRIPT.findall(response.content.decode()) == []


# Cookies and sessions


def test_after_an_admin_login_the_session_and_csrf_cookies_are_secure_and_http_only(client, staff):
    client.get("/admin/login/", secure=True)
    response = log_in(client, PASSWORD)

    assert response.status_code == 302
    for name in (django_settings.SESSION_COOKIE_NAME, django_settings.CSRF_COOKIE_NAME):
        cookie = response.cookies[name]
        assert cookie["secure"] is True, name
        assert cookie["httponly"] is True, name
    # No expiry date: the browser forgets the session when it closes.
    session_cookie = response.cookies[django_settings.SESSION_COOKIE_NAME]
    assert session_cookie["expires"] == "" and session_cookie["max-age"] == ""


def test_a_staff_session_ends_after_thirty_idle_minutes_and_each_request_restarts_the_clock(
    client, staff
):
    log_in(client, PASSWORD)
    expires_in = Session.objects.get().expire_date - timezone.now()
    assert timedelta(minutes=29) < expires_in <= timedelta(minutes=30)

    Session.objects.update(expire_date=timezone.now() + timedelta(minutes=5))  # 25 idle minutes
    assert client.get("/admin/").status_code == 200
    expires_in = Session.objects.get().expire_date - timezone.now()
    assert timedelta(minutes=29) < expires_in <= timedelta(minutes=30)

    Session.objects.update(expire_date=timezone.now() - timedelta(seconds=1))  # 30 idle minutes
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


# Login lock-out (django-axes)


def test_six_failed_logins_lock_the_account_even_for_the_right_password(client, staff):
    for attempt in range(1, 6):
        assert log_in(client, "wrong password").status_code == 200, attempt  # the form again
    assert log_in(client, "wrong password").status_code == 429  # the sixth locks

    response = log_in(client, PASSWORD)

    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert django_settings.SESSION_COOKIE_NAME not in response.cookies
    page = response.content.decode()
    assert "โปรดลองใหม่อีกครั้งใน 30 นาที" in page
    assert "Please try again in 30 minutes" in page


def test_five_failed_logins_do_not_lock_the_account(client, staff):
    for _ in range(5):
        log_in(client, "wrong password")

    response = log_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)


def test_the_lock_counts_attempts_on_the_account_from_any_address_and_browser(client, staff):
    # Why settings.py silences axes.W006 (lock by address too): rotating them does not help.
    for n in range(6):
        log_in(
            Client(), "wrong password", REMOTE_ADDR=f"198.51.100.{n}", HTTP_USER_AGENT=f"bot/{n}"
        )

    response = log_in(client, PASSWORD, REMOTE_ADDR="203.0.113.7")

    assert response.status_code == 429


def test_a_lock_on_one_account_does_not_lock_other_accounts(client, staff):
    StaffUserFactory(username="malee")
    lock_out(client)

    assert log_in(client, PASSWORD, username="malee").status_code == 302


def test_the_lock_lifts_after_thirty_minutes_without_attempts(client, staff):
    lock_out(client)

    let_minutes_pass(29)
    assert log_in(client, PASSWORD).status_code == 429  # ... which restarts the wait
    let_minutes_pass(29)
    assert log_in(client, PASSWORD).status_code == 429
    let_minutes_pass(31)
    response = log_in(client, PASSWORD)

    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(staff.pk)
    assert not AccessAttempt.objects.exists()  # a success forgets the failures


def test_an_administrator_can_unlock_an_account_at_once(client, staff):
    lock_out(client)

    call_command("axes_reset_username", "somchai", stdout=io.StringIO())

    assert log_in(client, PASSWORD).status_code == 302


def test_without_a_declared_proxy_x_forwarded_for_is_not_believed(client, staff):
    log_in(client, "wrong", REMOTE_ADDR="198.51.100.20", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert AccessAttempt.objects.get().ip_address == "198.51.100.20"


def test_behind_the_documented_nginx_the_clients_address_is_recorded(client, settings, staff):
    # What AXES_IPWARE_PROXY_COUNT=0 sets (see test_the_proxy_settings_follow_the_environment).
    settings.AXES_IPWARE_PROXY_COUNT = 0
    settings.AXES_IPWARE_META_PRECEDENCE_ORDER = ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"]

    log_in(client, "wrong", REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="203.0.113.9")

    assert AccessAttempt.objects.get().ip_address == "203.0.113.9"


# Error pages


@pytest.mark.urls("tests.site.error_urls")
def test_a_server_error_shows_a_plain_page_with_no_traceback_secret_or_settings(db, settings):
    settings.DEBUG = False
    client = Client(raise_request_exception=False)

    response = client.get("/crash/")

    assert response.status_code == 500
    page = response.content.decode()
    assert "ระบบขัดข้อง" in page and "Server error" in page
    for leak in (settings.SECRET_KEY, "Traceback", "RuntimeError", "password", "DATABASES"):
        assert leak not in page, leak


@pytest.mark.urls("tests.site.error_urls")
def test_a_refusal_says_so_without_saying_why(client, db, settings):
    settings.DEBUG = False

    response = client.get("/forbidden/")

    assert response.status_code == 403
    page = response.content.decode()
    assert "ไม่มีสิทธิ์เข้าถึงหน้านี้" in page and "Access denied" in page
    assert "region 7" not in page


@pytest.mark.django_db
def test_an_unknown_address_shows_the_sites_not_found_page_without_the_url_list(client, settings):
    settings.DEBUG = False

    response = client.get("/no-such-page/")

    assert response.status_code == 404
    page = response.content.decode()
    assert "ไม่พบหน้านี้" in page and "Page not found" in page
    assert "URLconf" not in page and "agreements/&lt;int:pk&gt;" not in page


# Production settings, as a fresh process sees them


def env_example_names():
    text = (ROOT / ".env.example").read_text()
    return set(re.findall(r"^(?:# )?([A-Z][A-Z0-9_]+)=", text, re.M))


def production_env(**variables):
    """This shell's environment without anything the settings read, then only `variables`."""
    dropped = env_example_names() | {"DJANGO_SETTINGS_MODULE"}
    env = {name: value for name, value in os.environ.items() if name not in dropped}
    env.update(
        DEBUG="false", SECRET_KEY=secrets.token_urlsafe(50), ALLOWED_HOSTS="registry.example.org"
    )
    env.update(variables)
    return env


def manage(env, *arguments):
    return subprocess.run(
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def settings_of(env, *names):
    code = (
        "import json; from django.conf import settings; "
        f"print(json.dumps({{n: getattr(settings, n, None) for n in {names!r}}}))"
    )
    result = manage(env, "shell", "--no-imports", "-c", code)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow
@pytest.mark.sqlite_once  # settings and processes, no test database
def test_production_settings_pass_the_deploy_check_with_only_a_key_and_hosts():
    result = manage(production_env(), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout
    assert "WARNING" not in result.stdout + result.stderr


@pytest.mark.slow
@pytest.mark.sqlite_once  # settings and processes, no test database
def test_the_deploy_check_fails_when_a_protection_is_turned_off():
    env = production_env(SECURE_HSTS_SECONDS="0")

    result = manage(env, "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "security.W004" in result.stderr


@pytest.mark.sqlite_once  # settings and processes, no test database
def test_the_env_example_documents_the_security_variables():
    assert env_example_names() >= {
        "SECURE_SSL_REDIRECT",
        "SECURE_PROXY_SSL_HEADER",
        "SECURE_HSTS_SECONDS",
        "SECURE_HSTS_INCLUDE_SUBDOMAINS",
        "SECURE_HSTS_PRELOAD",
        "SESSION_IDLE_MINUTES",
        "AXES_COOLOFF_MINUTES",
        "AXES_IPWARE_PROXY_COUNT",
        "DOWNLOAD_RATE_LIMIT",
    }


@pytest.mark.sqlite_once  # settings and processes, no test database
def test_debug_turns_off_only_what_plain_http_on_a_laptop_cannot_have():
    env = production_env(DEBUG="true")
    del env["SECRET_KEY"], env["ALLOWED_HOSTS"]

    values = settings_of(
        env,
        "SECURE_SSL_REDIRECT",
        "SECURE_HSTS_SECONDS",
        "SESSION_COOKIE_SECURE",
        "CSRF_COOKIE_SECURE",
        "MIDDLEWARE",
        "AXES_FAILURE_LIMIT",
    )

    assert values["SECURE_SSL_REDIRECT"] is False
    assert values["SECURE_HSTS_SECONDS"] == 0
    assert values["SESSION_COOKIE_SECURE"] is False
    assert values["CSRF_COOKIE_SECURE"] is False
    assert "csp.middleware.CSPMiddleware" in values["MIDDLEWARE"]
    assert values["MIDDLEWARE"][-1] == "axes.middleware.AxesMiddleware"
    assert values["AXES_FAILURE_LIMIT"] == 6


@pytest.mark.slow
@pytest.mark.sqlite_once  # settings and processes, no test database
def test_the_proxy_settings_follow_the_environment():
    names = (
        "SECURE_PROXY_SSL_HEADER",
        "AXES_IPWARE_PROXY_COUNT",
        "AXES_IPWARE_META_PRECEDENCE_ORDER",
    )

    direct = settings_of(production_env(), *names)
    proxied = settings_of(
        production_env(SECURE_PROXY_SSL_HEADER="true", AXES_IPWARE_PROXY_COUNT="0"), *names
    )

    assert direct == {
        "SECURE_PROXY_SSL_HEADER": None,
        "AXES_IPWARE_PROXY_COUNT": None,
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["REMOTE_ADDR"],
    }
    assert proxied == {
        "SECURE_PROXY_SSL_HEADER": ["HTTP_X_FORWARDED_PROTO", "https"],
        "AXES_IPWARE_PROXY_COUNT": 0,
        "AXES_IPWARE_META_PRECEDENCE_ORDER": ["HTTP_X_FORWARDED_FOR", "REMOTE_ADDR"],
    }


# In a real browser: nothing the admin or the API docs need is blocked by the policy


def browse_the_admin_and_the_api_docs(site: LiveSite):
    """Log in, use an agreement's date widgets and autocomplete, open the API docs.

    Returns the policy violations and the script errors that the browser reported.
    """
    from playwright.sync_api import sync_playwright

    violations, errors = [], []

    def note_violation(message):
        if "Content Security Policy" in message.text:
            violations.append(message.text)

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=DESKTOP)
        page.on("console", note_violation)
        page.on("pageerror", lambda error: errors.append(str(error)))

        response = page.goto(site.url + "/admin/login/")
        assert "script-src 'self';" in response.headers["content-security-policy"] + ";"
        page.fill("#id_username", site.admin[0])
        page.fill("#id_password", site.admin[1])
        page.locator("input[type=submit]").click()
        page.wait_for_url("**/admin/")

        page.goto(site.url + "/admin/agreements/agreement/")
        page.locator("#result_list tbody th a").first.click()
        page.wait_for_url("**/change/")
        # The date widgets and the autocomplete only exist once the admin's scripts have run.
        page.locator("#calendarlink0").click()
        assert page.locator("#calendarbox0").is_visible()
        page.keyboard.press("Escape")
        page.locator(".select2-selection").first.click()
        page.locator(".select2-results__option:not(.loading-results)").first.wait_for()
        page.keyboard.press("Escape")

        page.goto(site.url + "/api/docs/")
        title = page.locator(".swagger-ui .info .title")
        title.wait_for()
        assert "CODI partnership registry open data" in title.inner_text()
        page.locator(".opblock-summary").first.click()
        page.locator(".opblock-body").first.wait_for()
        browser.close()
    return violations, errors


@pytest.mark.browser
def test_the_admin_and_the_api_docs_work_under_the_content_security_policy(live_site):
    require_chromium()
    # Playwright's sync API runs one instance per thread, and test_browser.py keeps its own
    # open for the whole session: this one gets a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        violations, errors = pool.submit(browse_the_admin_and_the_api_docs, live_site).result()

    assert violations == []
    assert errors == []


def bare_env(**extra):
    """This machine's environment without any of the project's settings."""
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG", "DATABASE_URL")}
    env.update(extra)
    return env


@pytest.mark.sqlite_once  # settings and processes, no test database
def test_the_site_refuses_to_start_in_production_mode_without_a_secret_key():
    for module in ("codi_registry.wsgi", "codi_registry.asgi"):
        result = subprocess.run(
            [sys.executable, "-c", f"import {module}"],
            env=bare_env(),
            cwd=ROOT,
            capture_output=True,
            text=True,
        )
        assert result.returncode != 0
        assert "SECRET_KEY must be set when DEBUG is off" in result.stderr


@pytest.mark.slow
@pytest.mark.sqlite_once  # settings and processes, no test database
def test_tooling_runs_on_a_bare_checkout_without_a_secret_key():
    result = subprocess.run(
        [sys.executable, "manage.py", "makemigrations", "--check", "--dry-run"],
        env=bare_env(),
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stderr
    assert "No changes detected" in result.stdout
