"""A real server process with the demo data, and Debian's Chromium to drive it.

The server is `manage.py runserver` on its own SQLite file with the demo data, exactly what
`make run` serves, plus two accounts whose passwords the tests know. The `live_site` fixture
in conftest.py starts one per test session.
"""

import atexit
import contextlib
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
STARTUP_SECONDS = 10


@dataclass(frozen=True)
class LiveSite:
    url: str
    admin: tuple[str, str]  # a superuser: (username, password)
    regional: tuple[str, str]  # Northeastern regional staff: (username, password)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def require_chromium():
    """Skip on a laptop without Chromium; fail under CI, which installs it."""
    if not shutil.which(CHROMIUM):
        if os.environ.get("CI"):
            pytest.fail(f"{CHROMIUM} is missing; .ci/run installs Debian's chromium package")
        pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)")


def _manage(env, *arguments):
    subprocess.run(
        [sys.executable, str(ROOT / "manage.py"), *arguments],
        env=env,
        check=True,
        capture_output=True,
    )


ADMIN = ("security", "live-site-admin-password-7305")
REGIONAL = ("ne_staff", "browser-test-password-4821")
# The migrated database with the demo data and the two accounts, made once per test process
# (migrating takes most of half a minute) and copied for each site, which may change its copy.
_prepared: Path | None = None


def _site_env(folder: Path):
    return {
        **os.environ,
        "DEBUG": "true",
        "DATABASE_URL": f"sqlite:///{folder / 'site.sqlite3'}",
        "MEDIA_ROOT": str(folder / "media"),  # uploads stay out of the working copy's media/
        "ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SUPERUSER_PASSWORD": ADMIN[1],
    }


def _prepared_site(folder: Path) -> None:
    """Fill `folder` with the site's database and media: the first time by migrating and
    loading the demo data, after that by copying what the first time made."""
    global _prepared
    if _prepared is None:
        prepared = Path(tempfile.mkdtemp(prefix="codi-demo-site-"))
        atexit.register(shutil.rmtree, prepared, ignore_errors=True)
        env = _site_env(prepared)
        create_regional = (
            "from django.contrib.auth import get_user_model; "
            f"get_user_model().objects.create_user({REGIONAL[0]!r}, password={REGIONAL[1]!r})"
        )
        _manage(env, "migrate", "--noinput", "-v0")
        _manage(env, "load_demo_data")
        _manage(
            env, "createsuperuser", "--noinput", f"--username={ADMIN[0]}", "--email=s@example.org"
        )
        _manage(env, "shell", "-v0", "-c", create_regional)
        _manage(env, "assign_region", REGIONAL[0], "NORTHEAST")
        _prepared = prepared
    shutil.copytree(_prepared, folder, dirs_exist_ok=True)


@contextlib.contextmanager
def demo_site(folder: Path):
    """`make run`'s site, serving a copy of the prepared database and media in `folder`."""
    _prepared_site(folder)
    env = _site_env(folder)
    admin, regional = ADMIN, REGIONAL

    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "manage.py"), "runserver", f"127.0.0.1:{port}", "--noreload"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_for(url)
        yield LiveSite(url=url, admin=admin, regional=regional)
    finally:
        process.terminate()
        process.wait(timeout=10)


def _wait_for(url):
    deadline = time.monotonic() + STARTUP_SECONDS
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/", timeout=1)
            return
        except OSError:
            time.sleep(0.1)
    pytest.fail("the development server did not start")


@contextlib.contextmanager
def checked_page(browser, **context_options):
    """A desktop page in a fresh browser context that fails the test on an uncaught script
    error, on any console error (Content-Security-Policy refusals and assets that fail to load
    are reported there) and on any request to another host than the test servers.

    A page the test itself opened with an error status (a 403 it expects) is the test's to
    check through the response `page.goto` returns, so the browser's report of it is not."""
    context = browser.new_context(**{"viewport": DESKTOP, **context_options})
    page = context.new_page()
    problems, console_errors, failed_pages = [], [], set()
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on(
        "console",
        lambda message: (
            console_errors.append((message.text, message.location.get("url")))
            if message.type == "error"
            else None
        ),
    )
    page.on(
        "response",
        lambda response: (
            failed_pages.add(response.url)
            if response.status >= 400 and response.request.is_navigation_request()
            else None
        ),
    )
    page.on(
        "request",
        lambda request: (
            None
            if request.url.startswith("http://127.0.0.1:")
            else problems.append(f"a request to another host: {request.url}")
        ),
    )
    yield page
    context.close()
    for text, url in console_errors:
        if not (text.startswith("Failed to load resource") and url in failed_pages):
            problems.append(text)
    assert not problems, problems
