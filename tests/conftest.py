import io

import pytest
from django.core.cache import cache

from records.derived import forget_all


@pytest.fixture(autouse=True)
def _plain_static_files(settings):
    # Production uses WhiteNoise's manifest storage, which needs `collectstatic` first; tests
    # render templates straight from the source files instead.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Production redirects http to https; the test client speaks http, and
    # tests/site/test_security.py checks the redirect and the https-only headers itself.
    settings.SECURE_SSL_REDIRECT = False
    # Public pages are cached per data version (pagecache/). Rows a test rolled back can come
    # back with the same ids in the next test, so every test starts with an empty cache; the
    # cache itself stays on, as in production.
    cache.clear()
    # Derived data left stale by the last test's rolled-back rows is not this test's.
    forget_all()


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="central", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.fixture
def demo(db):
    """The four real agreements of domain.md, as `make run` shows them."""
    from django.core.management import call_command

    call_command("load_demo_data", stdout=io.StringIO())


@pytest.fixture
def pinned_today(today_is):
    """The registry thinks it is tests.factories.TODAY (use with pytest.mark.usefixtures)."""
    from tests.factories import TODAY

    today_is(TODAY)
    return TODAY


@pytest.fixture
def today_is(monkeypatch):
    """Pin the date the registry thinks it is (status depends on it)."""

    def pin(day):
        monkeypatch.setattr("django.utils.timezone.localdate", lambda *args, **kwargs: day)

    return pin


@pytest.fixture(scope="session")
def live_site(tmp_path_factory):
    """`make run`'s site in its own process and database, shared by the whole session."""
    from tests.live import demo_site

    with demo_site(tmp_path_factory.mktemp("live")) as site:
        yield site


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, driven by Playwright, shared by the session's browser tests."""
    from tests.live import CHROMIUM, CHROMIUM_ARGS, require_chromium

    require_chromium()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()
