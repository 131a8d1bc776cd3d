import io
from collections import Counter

import pytest
from django.core.cache import cache
from django.core.management import call_command
from django.utils import translation

from records.derived import flush_all, forget_all


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
    # A request leaves its language active in the thread (LocaleMiddleware does not undo
    # it): after an English page, reverse() in the next test would give /en/ addresses.
    translation.deactivate()


@pytest.fixture
def database_queue(settings, monkeypatch):
    """Jobs wait in the database for `manage.py db_worker`, as in production (the tests'
    backend runs them at once), and every finished job e-mails its starter. The fixture's value
    runs the jobs waiting, as a worker would."""
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.IMPORT_EMAIL_AFTER_SECONDS = settings.EXPORT_EMAIL_AFTER_SECONDS = 0
    # The worker closes a connection that is not in autocommit mode, as the test's own
    # transaction is (Django's test client leaves it open between requests the same way).
    monkeypatch.setattr(
        "django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None
    )
    return lambda: call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)


@pytest.fixture
def superuser(db):
    from tests.factories import UserFactory

    return UserFactory(username="central", is_staff=True, is_superuser=True)


@pytest.fixture
def admin_client(client, superuser):
    client.force_login(superuser)
    return client


# Staff personas, named like the demo data's accounts (demo/management/commands/load_demo_data.py).


@pytest.fixture
def central(db):
    """Central staff: every region, and they publish (with `superuser`, the same account)."""
    from tests.factories import central_staff

    return central_staff("central")


@pytest.fixture
def northeast(db):
    """Regional staff of the Northeast."""
    from tests.factories import regional_staff

    return regional_staff("northeast", "NORTHEAST")


@pytest.fixture
def centralwest(db):
    """Regional staff of the Central West."""
    from tests.factories import regional_staff

    return regional_staff("centralwest", "CENTRAL_WEST")


@pytest.fixture
def nogroup(db):
    """Staff in no group and no region: logged in to the admin, allowed nothing in it."""
    from tests.factories import UserFactory

    return UserFactory(username="nogroup", is_staff=True)


@pytest.fixture
def staff_client(client, northeast):
    """The test client logged in as Northeastern staff."""
    client.force_login(northeast)
    return client


@pytest.fixture
def media_in_tmp(settings, tmp_path):
    """Uploads go to this test's own folder (returned), never to the checkout's media/."""
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def pytest_collection_modifyitems(items):
    # pytest-xdist tells tests apart by id: of tests sharing one, it would run only one.
    repeated = sorted(
        nodeid for nodeid, n in Counter(item.nodeid for item in items).items() if n > 1
    )
    if repeated:
        raise pytest.UsageError(f"tests share an id, so -n would run one of each: {repeated}")
    # Within each module the tests that read the demo data run last: `demo` loads it once for
    # them and it stays until the module ends, where the module's other tests must not see it.
    # Modules with a slow test go first: `-n 2 --dist loadfile` hands modules to the workers in
    # this order, and a minute-long module handed out last leaves the other worker idle.
    modules = {}
    slow = set()
    for item in items:
        module = item.nodeid.split("::")[0]
        modules.setdefault(module, len(modules))
        if item.get_closest_marker("slow"):
            slow.add(module)

    def order(item):
        module = item.nodeid.split("::")[0]
        return (module not in slow, modules[module], "demo" in item.fixturenames)

    items.sort(key=order)


@pytest.fixture(autouse=True)
def _check_compiled_queries(settings):
    """Every query compiled once and reused (records/compiled.py) is also compiled as Django
    would, and must give the same SQL and parameters."""
    settings.COMPILED_QUERIES_CHECK = True


@pytest.fixture(scope="module")
def _demo_for_the_module(django_db_setup, django_db_blocker):
    """The demo data, loaded once per module in a transaction rolled back after its last test.

    Each test still runs in its own transaction (a savepoint inside this one), so what a test
    changes is undone before the next, as for any test.
    """
    from django.core.management import call_command
    from django.db import transaction

    with django_db_blocker.unblock():
        module_transaction = transaction.atomic()
        module_transaction.__enter__()
        call_command("load_demo_data", stdout=io.StringIO())
        # Its search documents, as the commit that never comes here would have rebuilt them.
        flush_all()
    yield
    with django_db_blocker.unblock():
        transaction.set_rollback(True)
        module_transaction.__exit__(None, None, None)


@pytest.fixture
def demo(_demo_for_the_module, db):
    """The four real agreements of domain.md, as `make run` shows them."""


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


@pytest.fixture
def page(browser):
    """A fresh desktop page; see tests.live.checked_page for what fails the test."""
    from tests.live import checked_page

    with checked_page(browser) as page:
        yield page
