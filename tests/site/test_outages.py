"""The cache is an accelerator, never something the site needs to stay up; a database that does
not answer costs anonymous visitors nothing they had already seen.

A production server (gunicorn, DEBUG off) runs on a Redis and a PostgreSQL of the test's own,
on free ports, while threads ask it for pages. The test stops them under that load and counts
what the visitors got: with Redis gone every page still answers 200; with PostgreSQL gone a
page already cached answers 200 (marked stale), any other the Thai 503 page, never a 500; and
when each comes back the site recovers with no restart.

The servers' binaries come from Debian (redis-server, postgresql-15): without them these tests
are skipped and say why, except under CI=true, where .ci/run makes sure they are there.
"""

import contextlib
import os
import secrets
import shutil
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

import pytest

from tests.site.test_serving import free_port, make_env

pytestmark = [pytest.mark.outage, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
MANAGE = [sys.executable, str(ROOT / "manage.py")]
PAGES = ["/", "/provinces/ratchaburi/", "/regions/NORTHEAST/", "/agreements/", "/budgets/"]
# A limited download: it goes through the rate limiter, whose counters are in the cache too.
DOWNLOAD = "/agreements/export.csv"
START_SECONDS = 120
THAI_503 = "ขณะนี้ระบบไม่พร้อมให้บริการชั่วคราว"


def unavailable(reason):
    if os.environ.get("CI"):
        pytest.fail(f"{reason}; .ci/run installs it")
    pytest.skip(reason)


def postgres_bin():
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"))
    if not found:
        unavailable("PostgreSQL's server programs are not installed (postgresql-15)")
    return found[-1].parent


class Redis:
    """A redis-server of our own on a free port, keeping nothing on disk."""

    def __init__(self):
        if not shutil.which("redis-server"):
            unavailable("redis-server is not installed (apt-get install redis-server)")
        self.port = free_port()
        self.url = f"redis://127.0.0.1:{self.port}/0"
        self.process = None

    def start(self):
        self.process = subprocess.Popen(
            ["redis-server", "--port", str(self.port), "--bind", "127.0.0.1"]
            + ["--save", "", "--appendonly", "no"],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_for_port(self.port)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)


class Postgres:
    """A PostgreSQL cluster of our own in a temporary folder, on a free port, trust auth.

    PostgreSQL refuses to run as root: as root (CI) the cluster belongs to the postgres user."""

    def __init__(self):
        self.bin = postgres_bin()
        self.folder = Path(tempfile.mkdtemp(prefix="codi-pg-"))
        self.port = free_port()
        self.as_user = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        if self.as_user:
            shutil.chown(self.folder, "postgres", "postgres")
        self.data = self.folder / "data"
        self.url = f"postgres://postgres@127.0.0.1:{self.port}/codi"

    def run(self, program, *arguments):
        subprocess.run(
            [*self.as_user, str(self.bin / program), *arguments],
            check=True,
            capture_output=True,
            cwd=self.folder,
        )

    def create(self):
        self.run("initdb", "-D", str(self.data), "-U", "postgres", "--auth=trust", "-E", "UTF8")
        self.start()
        self.run("createdb", "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "codi")

    def start(self):
        options = f"-p {self.port} -k {self.folder} -c listen_addresses=127.0.0.1"
        self.run("pg_ctl", "-D", str(self.data), "-o", options, "-w", "-l", "log", "start")

    def stop(self):
        with contextlib.suppress(subprocess.CalledProcessError):
            self.run("pg_ctl", "-D", str(self.data), "-m", "immediate", "-w", "stop")

    def remove(self):
        self.stop()
        shutil.rmtree(self.folder, ignore_errors=True)


def wait_for_port(port):
    import socket

    deadline = time.monotonic() + 20
    while time.monotonic() < deadline:
        with socket.socket() as s:
            if s.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    pytest.fail(f"nothing listens on port {port}")


def get(url, cookie=None):
    """(status, X-Cache, body); never raises for an HTTP status."""
    headers = {"Host": "localhost"}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=30) as response:
            return response.status, response.headers.get("X-Cache"), response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers.get("X-Cache"), error.read().decode()


@contextlib.contextmanager
def server(env, tmp_path):
    """gunicorn with two workers, production settings, on a free port."""
    env = make_env(
        DEBUG="false",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1,localhost",
        HTTPS="false",
        PAGE_CACHE="true",
        MEDIA_ROOT=str(tmp_path / "media"),
        STATIC_ROOT=str(tmp_path / "static"),
        DOWNLOAD_RATE_LIMIT="100000/m",  # counted, never reached by the load below
        **env,
    )
    for command in (["migrate", "--noinput", "-v0"], ["load_demo_data"], ["collectstatic"]):
        subprocess.run(
            MANAGE + command + (["--noinput", "-v0"] if command == ["collectstatic"] else []),
            env=env,
            cwd=ROOT,
            check=True,
            capture_output=True,
        )
    port = free_port()
    log = tmp_path / "gunicorn.log"
    with log.open("w") as output:
        process = subprocess.Popen(
            [sys.executable, "-m", "gunicorn", "codi_registry.wsgi:application"]
            + ["--bind", f"127.0.0.1:{port}", "--workers", "2", "--no-control-socket"],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_SECONDS
        while get_or_none(url + "/robots.txt") is None:
            if process.poll() is not None or time.monotonic() > deadline:
                pytest.fail(f"gunicorn did not start:\n{log.read_text()[-3000:]}")
            time.sleep(0.2)
        yield url, log
    finally:
        process.terminate()
        process.wait(timeout=30)


def get_or_none(url):
    try:
        return get(url)
    except OSError:
        return None


class Load:
    """Threads asking for `paths` round and round until stopped; every answer is counted."""

    def __init__(self, url, paths, threads=6):
        self.url, self.paths = url, paths
        self.statuses = Counter()
        self.caching = Counter()
        self.lock = threading.Lock()
        self.running = threading.Event()
        self.threads = [threading.Thread(target=self.work, args=(n,)) for n in range(threads)]

    def work(self, offset):
        n = offset
        while self.running.is_set():
            path = self.paths[n % len(self.paths)]
            n += 1
            try:
                status, cache_state, _body = get(self.url + path)
            except OSError as error:
                status, cache_state = type(error).__name__, None
            with self.lock:
                self.statuses[status] += 1
                self.caching[cache_state] += 1

    def __enter__(self):
        self.running.set()
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running.clear()
        for thread in self.threads:
            thread.join(timeout=60)


@pytest.fixture
def redis():
    instance = Redis()
    instance.start()
    yield instance
    instance.stop()


@pytest.fixture
def postgres():
    instance = Postgres()
    try:
        instance.create()
    except subprocess.CalledProcessError as error:
        instance.remove()
        pytest.fail(f"could not make a PostgreSQL cluster: {error.stderr.decode()[-2000:]}")
    yield instance
    instance.remove()


def test_every_page_answers_while_redis_is_stopped_under_load(redis, tmp_path):
    database = f"sqlite:///{tmp_path / 'site.sqlite3'}"
    with server({"DATABASE_URL": database, "CACHE_URL": redis.url}, tmp_path) as (url, log):
        for path in PAGES:
            assert get(url + path)[0] == 200  # cached while Redis is up
        with Load(url, PAGES + [DOWNLOAD]) as load:
            time.sleep(2)
            redis.stop()
            time.sleep(5)
            during = dict(load.statuses)
        redis.start()
        after = [get(url + path) for path in PAGES for _twice in range(2)]

    assert set(during) == {200}, during
    assert sum(during.values()) > 20  # the load really ran
    assert load.caching["miss"] > 0  # pages were made afresh while the cache was gone
    assert {status for status, _cache, _body in after} == {200}
    assert "hit" in {cache for _status, cache, _body in after}  # and cached again
    # One warning when the cache stopped answering (per worker), not one per request.
    warnings = log.read_text().count("The cache does not answer")
    assert 1 <= warnings <= 4, log.read_text()[-2000:]


def test_with_postgresql_stopped_a_cached_page_is_served_stale_and_others_get_a_thai_503(
    redis, postgres, tmp_path
):
    cached, uncached = "/provinces/ratchaburi/", "/provinces/kanchanaburi/"
    env = {"DATABASE_URL": postgres.url, "CACHE_URL": redis.url}
    with server(env, tmp_path) as (url, log):
        assert get(url + cached)[:2] == (200, "miss")
        assert get(url + cached)[:2] == (200, "hit")
        postgres.stop()
        with Load(url, [cached, uncached, "/en" + uncached], threads=4) as load:
            time.sleep(4)
        stale = get(url + cached)
        refused = get(url + uncached)
        staff = get(url + uncached, cookie="sessionid=abc")  # never served from the cache
        postgres.start()
        deadline = time.monotonic() + 30
        while (recovered := get(url + uncached))[0] != 200 and time.monotonic() < deadline:
            time.sleep(0.5)

    assert 500 not in load.statuses and set(load.statuses) <= {200, 503}, load.statuses
    assert load.statuses[200] > 0 and load.statuses[503] > 0
    assert stale[:2] == (200, "stale")
    assert "ราชบุรี" in stale[2]
    assert refused[0] == 503 and THAI_503 in refused[2]
    assert staff[0] == 503 and THAI_503 in staff[2]
    assert recovered[0] == 200, recovered[:2]  # no restart needed
