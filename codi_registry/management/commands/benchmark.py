"""Fill a throwaway database with a national×10 registry and measure every public page, export
and the main admin pages against baselines taken in the same run (docs/performance.md).

It measures the production path: run it with DEBUG off (`make bench` does), through the whole
middleware stack; every public page cold (page cache off) and warm (primed page cache) apart;
`--growth` measures at S and at 3 × S and compares each URL.

    DATABASE_URL=sqlite:////tmp/codi-bench.sqlite3 python manage.py migrate
    DATABASE_URL=sqlite:////tmp/codi-bench.sqlite3 python manage.py benchmark --scale 0.1

`make bench` does both. The rows it makes are marked (see benchmarking/data.py) and reused by
the next run at the same scale; `--fresh` makes them anew.
"""

import datetime
import json
import logging
import secrets
import tempfile
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.db.models import Count, Q
from django.test import Client, override_settings

from benchmarking import copy_sql, data, measure
from benchmarking.urls import HELLO_PATH
from partners.models import Organisation

# Thai search terms: broad ones that match a large share of the registry, the examples of the
# issue that made search bounded, and one that matches next to nothing.
SEARCH_TERMS = ["ชุมชน", "บ้านพอเพียง", "มั่นคง", "ราชภัฏ", "หนองบัวแดง"]
PAGES = [
    "/",
    "/en/",
    "/agreements/",
    *[f"/agreements/?q={term}" for term in SEARCH_TERMS],
    "/agreements/?status=active",
    "/agreements/{agreement}/",
    "/provinces/nakhon-ratchasima/",
    "/regions/NORTHEAST/",
    "/partners/",
    "/partners/?q=ราชภัฏ",
    "/partners/{partner}/",
    "/budgets/",
    "/partnerships/",
    "/partnerships/?region=NORTHEAST&sort=-last_followup",
    "/partnerships/export.csv",
    "/partnerships/export.xlsx",
    "/api/v1/agreements/",
    "/api/v1/agreements/?q=ชุมชน",
    "/api/v1/allocations/",
    "/proposals/",
    "/proposals/?q=ชุมชน",
    "/proposals/{proposal}/",
    "/api/v1/proposals/",
    "/sitemap.xml",
    "/sitemap-pages.xml",
    "/sitemap-regions.xml",
    "/sitemap-provinces.xml",
    "/sitemap-agreements.xml",
    "/sitemap-partners.xml",
]
# Each export with the SELECT that fetches the same rows, for the COPY baseline.
EXPORTS = [
    ("/agreements/export.csv", copy_sql.agreements),
    ("/agreements/export.xlsx", copy_sql.agreements),
    ("/agreements/{agreement}/export.pdf", copy_sql.agreement_sheet),
    ("/budgets/export.csv", copy_sql.allocations),
    ("/budgets/export.xlsx", copy_sql.allocations),
    ("/budgets/summary.xlsx", copy_sql.budget_summary),
    ("/budgets/summary.pdf", copy_sql.budget_summary),
]
ADMIN_PAGES = [
    "/admin/agreements/agreement/",
    "/admin/agreements/agreement/?q=ราชภัฏ",
    "/admin/agreements/agreement/{agreement}/change/",
    "/admin/tracking/progressupdate/agreement/{agreement}/",
    "/admin/tracking/progressupdate/followup/",
    "/admin/budgets/allocation/",
    "/admin/agreements/pendingreview/",
    "/admin/partners/organisation/",
    "/admin/budgets/allocation/import/",
    "/admin/proposals/proposal/",
    "/admin/autocomplete/?app_label=agreements&model_name=agreementparty"
    "&field_name=organisation&term=ราชภัฏ",
]
# Downloads also measured warm (from the page cache), besides every page.
WARM_EXPORTS = ["/budgets/summary.pdf"]
PAGE_REPEAT = 20
# Untimed requests of each URL before it is timed, as a serving process has made them before:
# each query is then a prepared statement whose plan PostgreSQL has chosen (it plans the first
# five runs of a prepared statement for their values before it may settle on one plan).
# "Cold" is about the page cache, which stays off.
WARMUP = 6
EXPORT_REPEAT = 3
HELLO_REPEAT = 200  # the bare view is fast: more samples cost nothing and steady its median
SUPERUSER = "bench-admin"
DATABASE_MARKER = "bench"
OVERRIDE_FLAG = "--i-know-this-is-a-throwaway-database"
THROWAWAY_SQLITE = Path(tempfile.gettempdir()) / "codi-bench.sqlite3"
GROWTH_FACTOR = 3
GROUP_TITLES = {
    "cold": "Public pages, cold (page cache off)",
    "search": "Search: time in SQL per request (p50, p95)",
    "export": "Exports",
    "admin": "Admin (logged in, never cached)",
    "warm": "Public pages, warm (from the primed page cache)",
}


@dataclass
class Result:
    url: str
    # cold (a public page with the page cache off), warm (the same from the primed page cache),
    # search (the SQL time of a search page), export, or admin
    group: str
    status: int | None = None
    queries: int | None = None
    bytes: int | None = None
    p50_ms: float | None = None
    p95_ms: float | None = None
    ratio_to_hello: float | None = None
    # The bare view's p50 timed just before and after this URL's requests (pages), which the
    # two ratios are taken against: this machine's speed wanders within minutes, and a
    # baseline timed at the start of the run would lend a page another minute's speed.
    hello_p50_ms: float | None = None
    # The bare view's p50 over this p50, in per cent: the share of the bare view's throughput
    # that this URL keeps (100 = as fast as a view that does nothing).
    share_of_hello: float | None = None
    # Exports only.
    peak_mib: float | None = None
    copy_p50_ms: float | None = None  # PostgreSQL only
    copy_bytes: int | None = None
    ratio_to_copy: float | None = None
    plain_xlsx_p50_ms: float | None = None  # XLSX only
    plain_xlsx_shape: list | None = None  # [rows, columns] of each sheet
    ratio_to_plain_xlsx: float | None = None
    error: str | None = None
    # The URL as listed above, before the agreement's and partner's ids are filled in: what
    # --growth compares, since the agreement measured differs between scales.
    template: str | None = None


def _ratio(value_ms, baseline_ms):
    if value_ms is None or not baseline_ms:
        return None
    return round(value_ms / baseline_ms, 1)


def _share(value_ms, baseline_ms):
    if not value_ms or baseline_ms is None:
        return None
    return round(100 * baseline_ms / value_ms, 2)


def growth(small, large):
    """Per URL measured in both runs: p50 at the larger scale over p50 at the smaller one, and
    the same of p50 in units of the bare view timed beside it (`hello_growth`): the two runs
    are minutes apart, and a machine that slows down meanwhile (the bare view from 0.24 to
    0.4 ms was seen) makes every page seem to grow with the data."""
    before = {(row["group"], row["template"]): row for row in small["results"]}
    rows = []
    for row in large["results"]:
        earlier = before.get((row["group"], row["template"]))
        if earlier is None:
            continue
        rows.append(
            {
                "url": row["template"],
                "group": row["group"],
                "p50_ms": [earlier["p50_ms"], row["p50_ms"]],
                "p50_growth": _ratio(row["p50_ms"], earlier["p50_ms"]),
                "hello_growth": _in_hellos_growth(earlier, row),
                "queries": [earlier["queries"], row["queries"]],
                "bytes_growth": _ratio(row["bytes"], earlier["bytes"]),
            }
        )
    return rows


def _in_hellos_growth(earlier, later):
    """p50 over the bare view's p50 of the same URL's run, at the larger scale over the
    smaller; None where a run has no bare view beside it (exports)."""
    if not (earlier.get("hello_p50_ms") and later.get("hello_p50_ms") and earlier["p50_ms"]):
        return None
    before = earlier["p50_ms"] / earlier["hello_p50_ms"]
    return round(later["p50_ms"] / later["hello_p50_ms"] / before, 1)


class Command(BaseCommand):
    help = (
        "Fill a throwaway database (its name must contain 'bench') with S × the national×10 "
        "registry and measure pages, search, exports and admin against same-run baselines."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--scale", type=float, default=0.1, help="1 = 20,000 agreements (default 0.1)."
        )
        parser.add_argument("--json", metavar="PATH", help="Also write every figure as JSON.")
        parser.add_argument(
            "--repeat", type=int, default=PAGE_REPEAT, help="Timed requests per page."
        )
        parser.add_argument(
            "--export-repeat", type=int, default=EXPORT_REPEAT, help="Timed requests per export."
        )
        parser.add_argument(
            "--warmup",
            type=int,
            default=WARMUP,
            help="Untimed requests of each URL before it is timed.",
        )
        parser.add_argument(
            "--fresh", action="store_true", help="Delete the benchmark rows and make them anew."
        )
        parser.add_argument(
            "--only",
            metavar="GROUPS",
            help=f"Measure only these groups, comma-separated, of {', '.join(GROUP_TITLES)} "
            "(the bare view is always measured).",
        )
        parser.add_argument(
            "--compare-with",
            metavar="JSON",
            help="The JSON of an earlier run (at a smaller scale, say, on another database): "
            "print each URL's growth from that run to this one.",
        )
        parser.add_argument(
            "--growth",
            action="store_true",
            help="Measure at --scale and again at 3 × --scale (refilling in between), and "
            "compare each URL's p50.",
        )
        parser.add_argument(
            OVERRIDE_FLAG,
            action="store_true",
            dest="throwaway",
            help="Run on a database whose name lacks 'bench' (the test database).",
        )

    def handle(self, *args, **options):
        self.check_database(options["throwaway"])
        # Pages and search are warmed up; exports, each a second or more, are not.
        self.warmup = options["warmup"]
        try:
            settings.SECRET_KEY  # noqa: B018 - Django refuses an empty key on first use
        except ImproperlyConfigured:
            # Production settings without a key (DEBUG off, no .env): the test client's logins
            # sign a session. The benchmark serves nobody, so a key of its own will do.
            settings.SECRET_KEY = secrets.token_urlsafe(50)
        if settings.DEBUG:
            self.stderr.write(
                "DEBUG is on: every query is logged and pages are slower than in production. "
                "Run with DEBUG=false (`make bench` does)."
            )
        # fontTools logs every font subset the PDF exports make, which would drown the table.
        logging.getLogger("fontTools").setLevel(logging.WARNING)
        scale = options["scale"]
        report = self.run(scale, options, fresh=options["fresh"])
        if options["growth"]:
            larger = self.run(scale * GROWTH_FACTOR, options, fresh=True)
            report = {"runs": [report, larger], "growth": growth(report, larger)}
            self.print_growth(report)
        elif options["compare_with"]:
            with open(options["compare_with"], encoding="utf-8") as file:
                earlier = json.load(file)
            earlier = earlier["runs"][-1] if "runs" in earlier else earlier
            report = {"runs": [earlier, report], "growth": growth(earlier, report)}
            self.print_growth(report)
        if options["json"]:
            with open(options["json"], "w", encoding="utf-8") as file:
                json.dump(report, file, ensure_ascii=False, indent=2)
            self.stdout.write(f"JSON written to {options['json']}")

    def run(self, scale, options, *, fresh):
        """Fill (or reuse) the registry of `scale`, measure everything, print the table."""
        generation = self.prepare_data(scale, fresh)
        agreement_pk, partner_pk, proposal_pk = self.subjects()
        staff = self.superuser()
        report = {
            "scale": scale,
            "database": {
                "vendor": connection.vendor,
                "name": str(connection.settings_dict["NAME"]),
            },
            "debug": settings.DEBUG,
            "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "repeat": {"pages": options["repeat"], "exports": options["export_repeat"]},
            "warmup": options["warmup"],
            "generation": generation,
            "subjects": {
                "agreement": agreement_pk,
                "partner": partner_pk,
                "proposal": proposal_pk,
            },
        }
        hosts = [*settings.ALLOWED_HOSTS, measure.HOST]
        # Static files from their folders, as in the tests: the manifest of hashed names
        # exists only after `collectstatic`, which a benchmark run should not need.
        storages = {
            **settings.STORAGES,
            "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
        }
        # Pages are measured cold first; the "warm" group turns the page cache on itself. The
        # download limit would answer the repeated downloads with 429s: it is off here.
        with override_settings(
            ROOT_URLCONF="benchmarking.urls",
            ALLOWED_HOSTS=hosts,
            STORAGES=storages,
            PAGE_CACHE=False,
            DOWNLOAD_RATE_LIMIT="",
        ):
            report["baselines"], results = self.measure_all(
                options, staff, agreement=agreement_pk, partner=partner_pk, proposal=proposal_pk
            )
        report["results"] = [asdict(result) for result in results]
        self.print_table(report)
        return report

    def check_database(self, throwaway):
        """Never fill a real registry. On SQLite the benchmark brings its own throwaway file
        (so `manage.py benchmark --scale 0.1` works on a fresh clone); elsewhere the database's
        name must say it is one."""
        name = str(connection.settings_dict["NAME"])
        if DATABASE_MARKER in name or throwaway:
            return
        if connection.vendor == "sqlite":
            self.use_throwaway_sqlite()
            return
        raise CommandError(
            f"Refusing to fill database {name!r}: the benchmark adds hundreds of thousands of "
            f"rows, so it only runs on a database whose name contains {DATABASE_MARKER!r}. "
            "Run `make bench` (SQLite in /tmp/codi-bench.sqlite3), or by hand:\n"
            "  export DATABASE_URL=sqlite:////tmp/codi-bench.sqlite3   "
            "# or postgres://postgres@127.0.0.1:5432/codi_bench after `createdb codi_bench`\n"
            "  python manage.py migrate && python manage.py benchmark --scale 0.1\n"
            f"({OVERRIDE_FLAG} skips this check, for a test database.)"
        )

    def use_throwaway_sqlite(self):
        connection.close()
        connection.settings_dict["NAME"] = str(THROWAWAY_SQLITE)
        self.stdout.write(f"Using the throwaway database {THROWAWAY_SQLITE} (migrating it)…")
        call_command("migrate", interactive=False, verbosity=0)

    def prepare_data(self, scale, fresh):
        """Reuse the rows of this scale, or delete the benchmark's rows and make them anew."""
        reused = data.is_filled(scale) and not fresh
        deleted = made = None
        if reused:
            self.stdout.write(f"Reusing the benchmark rows of scale {scale}.")
        else:
            started = time.perf_counter()
            data.delete_bench_rows()
            deleted = round(time.perf_counter() - started, 1)
            self.stdout.write(f"Making the registry of scale {scale}:")
            started = time.perf_counter()
            data.fill(scale, log=self.stdout.write)
            made = round(time.perf_counter() - started, 1)
            self.stdout.write(f"Made in {made} s (old benchmark rows deleted in {deleted} s).")
        started = time.perf_counter()
        data.after_fill()
        return {
            "reused": reused,
            "seconds": made,
            "delete_seconds": deleted,
            "after_fill_seconds": round(time.perf_counter() - started, 1),
            "rows_expected": data.target_counts(scale),
            "rows": data.bench_row_counts(),
        }

    def subjects(self):
        """The published bench agreement with the most parties, the busiest partner, and the
        published bench proposal with the most steps."""
        agreement = (
            data.bench_agreements()
            .filter(is_published=True)
            .annotate(party_count=Count("parties"))
            .order_by("-party_count", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        partner = (
            Organisation.objects.filter(website__startswith=data.WEBSITE_PREFIX)
            .annotate(
                agreement_count=Count(
                    "agreement_roles", filter=Q(agreement_roles__agreement__is_published=True)
                )
            )
            .order_by("-agreement_count", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        proposal = (
            data.bench_proposals()
            .filter(is_published=True)
            .annotate(step_count=Count("steps"))
            .order_by("-step_count", "pk")
            .values_list("pk", flat=True)
            .first()
        )
        return agreement, partner, proposal

    def superuser(self):
        user, _created = get_user_model().objects.get_or_create(
            username=SUPERUSER, defaults={"is_staff": True, "is_superuser": True}
        )
        if _created:
            user.set_unusable_password()  # logged in with force_login only
            user.save()
        return user

    def measure_all(self, options, staff, **pks):
        # A 500 is recorded as a status, not raised: one broken page must not stop the run.
        public = Client(raise_request_exception=False)
        admin = Client(raise_request_exception=False)
        admin.force_login(staff)

        self.stdout.write("Measuring the bare view…")
        status, body, queries = measure.fetch(public, HELLO_PATH)
        measure.warm_up(public, HELLO_PATH, self.warmup)
        hello = measure.time_requests(public, HELLO_PATH, max(HELLO_REPEAT, options["repeat"]))
        baselines = {
            "hello": {
                "url": HELLO_PATH,
                "status": status,
                "queries": queries,
                "bytes": len(body),
                **asdict(hello),
            }  # fmt: skip
        }
        groups = set(options["only"].split(",")) if options["only"] else set(GROUP_TITLES)
        results = []
        if "cold" in groups:
            for url in PAGES:
                results.append(
                    self.measure_page(public, url, "cold", options["repeat"], hello, pks)
                )
        if "search" in groups:
            for term in SEARCH_TERMS:
                results.append(self.measure_search_sql(public, term, options["repeat"]))
        if "export" in groups:
            for url, sql in EXPORTS:
                results.append(self.measure_export(public, url, sql, options["export_repeat"],
                                                   hello, pks))  # fmt: skip
        if "admin" in groups:
            for url in ADMIN_PAGES:
                results.append(
                    self.measure_page(admin, url, "admin", options["repeat"], hello, pks)
                )
        if "warm" in groups:
            with override_settings(PAGE_CACHE=True):
                cache.clear()  # primed by the first request of each URL, not an earlier run
                for url in [*PAGES, *WARM_EXPORTS]:
                    results.append(
                        self.measure_page(public, url, "warm", options["repeat"], hello, pks)
                    )
        return baselines, results

    def measure_search_sql(self, client, term, repeat):
        """The time a search page spends in SQL, summed over its queries, per request."""
        result = Result(url=f"/agreements/?q={term}", group="search", template=term)
        self.stdout.write(f"  {result.url} (SQL)")
        try:
            url = quote(result.url, safe="/?=&")
            result.status, _body, result.queries = measure.fetch(client, url)
            measure.warm_up(client, url, self.warmup)
            timing = measure.time_sql(client, url, repeat)
            result.p50_ms, result.p95_ms = timing.p50_ms, timing.p95_ms
        except Exception as error:  # noqa: BLE001 - recorded in the report, the run goes on
            result.error = repr(error)
        return result

    def measure_page(self, client, url, group, repeat, hello, pks):
        result = Result(url=url.format(**pks), group=group, template=url)
        self.stdout.write(f"  {result.url}")
        try:
            self.time_url(client, result, repeat, hello, warmup=self.warmup)
        except Exception as error:  # noqa: BLE001 - recorded in the report, the run goes on
            result.error = repr(error)
        return result

    def measure_export(self, client, url, sql, repeat, hello, pks):
        result = Result(url=url.format(**pks), group="export", template=url)
        self.stdout.write(f"  {result.url}")
        try:
            body = self.time_url(client, result, repeat, hello)
            if result.status != 200:
                return result
            result.peak_mib = measure.peak_memory_mib(client, quote(result.url, safe="/?=&"))
            if connection.vendor == "postgresql":
                query = sql(pks["agreement"]) if "{agreement}" in url else sql()
                timing, result.copy_bytes = measure.time_copy(query, repeat)
                result.copy_p50_ms = timing.p50_ms
                result.ratio_to_copy = _ratio(result.p50_ms, timing.p50_ms)
            if result.url.endswith(".xlsx"):
                shapes = measure.xlsx_shapes(body)
                timing = measure.time_plain_xlsx(shapes, repeat)
                result.plain_xlsx_shape = [list(shape) for shape in shapes]
                result.plain_xlsx_p50_ms = timing.p50_ms
                result.ratio_to_plain_xlsx = _ratio(result.p50_ms, timing.p50_ms)
        except Exception as error:  # noqa: BLE001 - recorded in the report, the run goes on
            result.error = repr(error)
        return result

    def time_url(self, client, result, repeat, hello, *, warmup=0):
        """Fill status, queries, bytes and timings of `result`; returns the body."""
        # Thai in a query string travels percent-encoded, as a browser sends it.
        url = quote(result.url, safe="/?=&")
        result.status, body, result.queries = measure.fetch(client, url)
        result.bytes = len(body)
        measure.warm_up(client, url, warmup)
        if warmup:
            # A page: the bare view timed just before and after it, over the same minute.
            timing, hello = measure.time_between(client, url, HELLO_PATH, repeat)
            result.hello_p50_ms = hello.p50_ms
        else:
            timing = measure.time_requests(client, url, repeat)
        result.p50_ms, result.p95_ms = timing.p50_ms, timing.p95_ms
        result.ratio_to_hello = _ratio(timing.p50_ms, hello.p50_ms)
        result.share_of_hello = _share(timing.p50_ms, hello.p50_ms)
        return body

    def print_table(self, report):
        hello = report["baselines"]["hello"]
        generation = report["generation"]
        self.stdout.write("")
        self.stdout.write(
            f"scale {report['scale']} on {report['database']['vendor']}, "
            f"{generation['rows']['agreements']:,} agreements, "
            f"{generation['rows']['parties']:,} parties, "
            f"{generation['rows']['allocations']:,} allocations; "
            f"repeat {report['repeat']['pages']} (pages) / {report['repeat']['exports']} (exports)"
        )
        self.stdout.write(
            f"bare view {hello['url']}: p50 {hello['p50_ms']} ms, p95 {hello['p95_ms']} ms, "
            f"{hello['queries']} queries; DEBUG {'on' if report['debug'] else 'off'}"
        )
        header = (
            f"{'url':62} {'status':>6} {'queries':>7} {'KiB':>8} {'p50 ms':>9} {'p95 ms':>9} "
            f"{'%hello':>7} {'×COPY':>6} {'×xlsx':>6} {'peak MiB':>8}"
        )
        for group, title in GROUP_TITLES.items():
            rows = [row for row in report["results"] if row["group"] == group]
            if rows:
                self.stdout.write(f"\n{title}")
                self.stdout.write(header)
                for row in rows:
                    self.stdout.write(self.table_row(row))

    def print_growth(self, report):
        small, large = (run["scale"] for run in report["runs"])
        self.stdout.write(f"\nGrowth of p50 from scale {small} to scale {large}")
        self.stdout.write(
            "(p50 ×: of the time; in hellos ×: of the time over the bare view timed beside it)"
        )
        self.stdout.write(
            f"{'url':62} {'group':>6} {'p50 ×':>7} {'in hellos ×':>12} {'queries':>9} {'KiB ×':>7}"
        )
        for row in report["growth"]:
            queries = f"{row['queries'][0]}→{row['queries'][1]}"
            in_hellos = "-" if row.get("hello_growth") is None else row["hello_growth"]
            self.stdout.write(
                f"{row['url']:62} {row['group']:>6} {row['p50_growth']!s:>7} {in_hellos!s:>12} "
                f"{queries:>9} {row['bytes_growth']!s:>7}"
            )

    @staticmethod
    def table_row(row):
        def cell(value, width, pattern="{}"):
            return f"{'-' if value is None else pattern.format(value):>{width}}"

        kib = None if row["bytes"] is None else row["bytes"] / 1024
        line = (
            f"{row['url']:62} {cell(row['status'], 6)} {cell(row['queries'], 7)} "
            f"{cell(kib, 8, '{:.1f}')} {cell(row['p50_ms'], 9, '{:.1f}')} "
            f"{cell(row['p95_ms'], 9, '{:.1f}')} {cell(row['share_of_hello'], 7, '{:.1f}')} "
            f"{cell(row['ratio_to_copy'], 6, '{:.1f}')} "
            f"{cell(row['ratio_to_plain_xlsx'], 6, '{:.1f}')} {cell(row['peak_mib'], 8, '{:.1f}')}"
        )
        return line + (f"  {row['error']}" if row["error"] else "")
