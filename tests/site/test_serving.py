"""Production serving: the settings `make serve` relies on, and two `make serve` processes
sharing one PostgreSQL database and one Redis cache (docs/deployment.md).

The two-process test needs PostgreSQL (DATABASE_URL pointing to it) and Redis on 127.0.0.1:6379.
Without them it is skipped and says why, except under CI=true, where it fails: .ci/run makes
sure both are there.
"""

import os
import re
import secrets
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
import uuid
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest

from tests.site.test_security import manage, production_env, settings_of

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
REDIS_URL = "redis://127.0.0.1:6379/14"  # a database number of its own, flushed by the test
PROVINCE = "/provinces/ratchaburi/"
START_SECONDS = 180  # migrate (nothing to do), collectstatic and gunicorn's start, on 2 cores

# Fresh processes and two servers: seconds each.
# Production's stack (gunicorn, Redis, PostgreSQL in CI): run once, in CI's PostgreSQL step.
pytestmark = [pytest.mark.slow, pytest.mark.postgresql_once]

HTTPS_ONLY = (
    "SECURE_SSL_REDIRECT",
    "SECURE_HSTS_SECONDS",
    "SESSION_COOKIE_SECURE",
    "CSRF_COOKIE_SECURE",
)


# Settings, as a fresh process sees them


def test_production_is_https_only_unless_told_otherwise():
    values = settings_of(production_env(), *HTTPS_ONLY)

    assert values == {
        "SECURE_SSL_REDIRECT": True,
        "SECURE_HSTS_SECONDS": 365 * 24 * 60 * 60,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
    }


def test_https_false_serves_plain_http_on_a_local_port():
    values = settings_of(production_env(HTTPS="false"), "DEBUG", *HTTPS_ONLY)

    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": False,
        "SECURE_HSTS_SECONDS": 0,
        "SESSION_COOKIE_SECURE": False,
        "CSRF_COOKIE_SECURE": False,
    }


def test_the_deploy_check_warns_when_https_is_turned_off():
    result = manage(production_env(HTTPS="false"), "check", "--deploy", "--fail-level", "WARNING")

    assert result.returncode != 0
    assert "security.W008" in result.stderr  # SECURE_SSL_REDIRECT


def test_sessions_stay_in_the_database():
    values = settings_of(production_env(CACHE_URL=REDIS_URL), "SESSION_ENGINE")

    assert values["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


def test_the_cache_is_local_memory_unless_cache_url_says_otherwise():
    local = settings_of(production_env(), "CACHES")["CACHES"]["default"]
    shared = settings_of(production_env(CACHE_URL=REDIS_URL), "CACHES")["CACHES"]["default"]

    assert local["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert shared["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert shared["LOCATION"] == REDIS_URL


def test_make_serve_honours_host_port_and_workers():
    result = subprocess.run(
        ["make", "-n", "serve", "HOST=127.0.0.2", "PORT=8123", "WEB_CONCURRENCY=3"],
        cwd=ROOT,
        env=make_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    commands = result.stdout
    assert commands.index("migrate --noinput") < commands.index("collectstatic --noinput")
    assert re.search(r"gunicorn codi_registry\.wsgi:application --bind 127\.0\.0\.2:8123", commands)
    assert "--workers 3" in commands


def test_make_run_honours_port():
    result = subprocess.run(
        ["make", "-n", "run", "PORT=8124"],
        cwd=ROOT,
        env=make_env(),
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 0, result.stderr
    assert "runserver 127.0.0.1:8124" in result.stdout


# Two servers, one database, one cache


def unavailable(reason):
    if os.environ.get("CI") == "true":
        pytest.fail(f"{reason}; .ci/run starts PostgreSQL and Redis")
    pytest.skip(reason)


@pytest.fixture(scope="module")
def redis_url():
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.flushdb()
    except redis.RedisError as error:
        unavailable(f"Redis is not reachable at {REDIS_URL}: {error}")
    yield REDIS_URL
    client.flushdb()


@pytest.fixture(scope="module")
def scratch_database():
    """A new, empty PostgreSQL database on the server DATABASE_URL names; dropped afterwards."""
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        pytest.skip("needs DATABASE_URL pointing to PostgreSQL (two servers share one database)")
    import psycopg

    name = f"codi_serve_{uuid.uuid4().hex[:10]}"
    server = urlunsplit(urlsplit(url)._replace(path="/postgres"))
    try:
        admin = psycopg.connect(server, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        unavailable(f"PostgreSQL is not reachable: {error}")
    with admin:
        admin.execute(f'CREATE DATABASE "{name}"')
        try:
            yield urlunsplit(urlsplit(url)._replace(path=f"/{name}"))
        finally:
            admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def make_env(**variables):
    """This environment without an outer make's flags (`make test` runs us) or our settings."""
    dropped = {"MAKEFLAGS", "MAKELEVEL", "MFLAGS", "HOST", "PORT", "WORKERS", "WEB_CONCURRENCY"}
    env = {name: value for name, value in os.environ.items() if name not in dropped}
    env.update(variables)
    return env


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def get(url):
    """(status, X-Cache header, body) of one GET, errors included.

    Always with the same Host, as nginx sends both servers the public name: the host is part of
    the cache key (API pages print absolute links).
    """
    request = urllib.request.Request(url, headers={"Host": "localhost"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("X-Cache"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache"), error.read().decode()


def wait_until_serving(url, process, log):
    deadline = time.monotonic() + START_SECONDS
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"make serve exited with {process.returncode}:\n{log.read_text()[-3000:]}")
        try:
            urllib.request.urlopen(url + "/robots.txt", timeout=2)
            return
        except urllib.error.HTTPError:
            return  # it answers; whatever it says, the test below checks
        except OSError:
            time.sleep(0.5)
    pytest.fail(f"{url} did not answer within {START_SECONDS}s:\n{log.read_text()[-3000:]}")


def stop(process):
    # make runs gunicorn, which runs its workers: end the whole process group.
    if process.poll() is None:
        os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)


@pytest.fixture(scope="module")
def two_servers(scratch_database, redis_url, tmp_path_factory):
    """Two `make serve` on free ports, sharing the scratch database and the Redis cache."""
    tmp_path = tmp_path_factory.mktemp("serving")
    env = make_env(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        HTTPS="false",
        DATABASE_URL=scratch_database,
        CACHE_URL=redis_url,
        PAGE_CACHE="true",
        MEDIA_ROOT=str(tmp_path / "media"),
    )
    for command in (["migrate", "--noinput", "-v0"], ["load_demo_data"]):
        subprocess.run(MANAGE + command, env=env, cwd=ROOT, check=True, capture_output=True)
    # `make serve` installs first when pyproject.toml is newer than the virtualenv; two servers
    # starting at once would both reinstall into it. Once here, then neither has to.
    subprocess.run(["make", "install"], env=env, cwd=ROOT, check=True, capture_output=True)

    servers, urls = [], []
    try:
        for name in ("a", "b"):
            port = free_port()
            log = tmp_path / f"serve-{name}.log"
            # Each its own STATIC_ROOT, so the two collectstatic runs never write the same files.
            server_env = {**env, "STATIC_ROOT": str(tmp_path / f"static-{name}")}
            with log.open("w") as output:
                process = subprocess.Popen(
                    ["make", "serve", "HOST=127.0.0.1", f"PORT={port}", "WORKERS=2"],
                    cwd=ROOT,
                    env=server_env,
                    stdout=output,
                    stderr=subprocess.STDOUT,
                    start_new_session=True,
                )
            servers.append((process, log))
            urls.append(f"http://127.0.0.1:{port}")
        for (process, log), url in zip(servers, urls, strict=True):
            wait_until_serving(url, process, log)
        yield env, urls
    finally:
        for process, _log in servers:
            stop(process)


# Run by `manage.py shell -c`, as staff saving the agreement in the admin would: through save().
RENAME_RATCHABURI_AGREEMENT = """
from agreements.models import Agreement
agreement = Agreement.objects.filter(province__slug="ratchaburi").order_by("pk").first()
agreement.title_th = "{title}"
agreement.save()
"""


def test_a_change_saved_anywhere_is_seen_by_both_servers_on_the_next_request(two_servers):
    env, (first, second) = two_servers

    status, cache_state, page = get(first + PROVINCE)
    assert (status, cache_state) == (200, "miss")
    assert get(second + PROVINCE)[:2] == (200, "hit")  # stored by the first server in Redis
    assert get(first + "/")[0] == 200
    title = f"ข้อตกลงที่แก้ไขแล้ว {uuid.uuid4().hex[:6]}"
    assert title not in page

    rename = RENAME_RATCHABURI_AGREEMENT.format(title=title)
    subprocess.run(
        MANAGE + ["shell", "-v0", "-c", rename], env=env, cwd=ROOT, check=True, timeout=120
    )

    for url in (second, first):
        status, _cache_state, page = get(url + PROVINCE)
        assert status == 200
        assert title in page, f"{url} still shows the old title"
    assert get(first + PROVINCE)[1] == "hit"


def test_static_files_are_served_by_gunicorn(two_servers):
    _env, (first, _second) = two_servers

    _status, _cache_state, page = get(first + "/")
    stylesheet = re.search(r'href="(/static/[^"]+\.css)"', page).group(1)

    status, _cache_state, css = get(first + stylesheet)
    assert status == 200
    assert css.strip()
