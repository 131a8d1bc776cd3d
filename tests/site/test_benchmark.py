"""`manage.py benchmark` at a tiny scale on the test database: every URL answers, every figure
is a number, and the rows it makes follow the scale."""

import io
import json

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from benchmarking import data
from codi_registry.management.commands import benchmark

# 20 agreements: rows for every page, few enough for the suite (the budget summary PDF takes
# about a second per 20 rows, and it is fetched three times).
SCALE = 0.001
ROW_TOLERANCE = 0.3  # parties per agreement are drawn at random, so their total wanders


def run_benchmark(tmp_path, *extra):
    path = tmp_path / "bench.json"
    call_command(
        "benchmark",
        "--scale", str(SCALE),
        "--repeat", "1",
        "--export-repeat", "1",
        "--warmup", "1",
        "--json", str(path),
        benchmark.OVERRIDE_FLAG,
        *extra,
        stdout=io.StringIO(),
    )  # fmt: skip
    return json.loads(path.read_text(encoding="utf-8"))


def expected_urls(subjects):
    groups = [
        ("cold", benchmark.PAGES),
        ("search", [f"/agreements/?q={term}" for term in benchmark.SEARCH_TERMS]),
        ("export", [url for url, _ in benchmark.EXPORTS]),
        ("admin", benchmark.ADMIN_PAGES),
        ("warm", [*benchmark.PAGES, *benchmark.WARM_EXPORTS]),
    ]
    return {(group, url.format(**subjects)) for group, urls in groups for url in urls}


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.postgresql_once  # the benchmark's truth is PostgreSQL
def test_it_measures_every_url_with_numbers_on_rows_that_follow_the_scale(tmp_path):
    # One run checks everything: each run fetches every URL several times.
    report = run_benchmark(tmp_path)

    results = {(row["group"], row["url"]): row for row in report["results"]}
    assert set(results) == expected_urls(report["subjects"])
    for url, row in results.items():
        assert row["status"] == 200, (url, row["error"])
        assert row["error"] is None, url
        assert row["p95_ms"] >= row["p50_ms"], url
        if url[0] == "search":  # time in SQL only
            assert row["queries"] > 0, url
            continue
        for metric in ("queries", "bytes", "p50_ms", "p95_ms", "ratio_to_hello", "share_of_hello"):
            assert isinstance(row[metric], int | float), (url, metric)
        assert row["bytes"] > 0, url
        # A page's ratios are taken against the bare view timed around it, an export's against
        # the run's.
        assert isinstance(row["hello_p50_ms"], float) is (url[0] != "export"), url
    # Served from the primed page cache: no query.
    warm = [row for row in report["results"] if row["group"] == "warm"]
    assert warm and all(row["status"] == 200 for row in warm)

    exports = [row for row in report["results"] if row["group"] == "export"]
    on_postgresql = connection.vendor == "postgresql"
    for row in exports:
        assert isinstance(row["peak_mib"], float), row["url"]
        assert isinstance(row["ratio_to_copy"], float) is on_postgresql, row["url"]
        is_xlsx = row["url"].endswith(".xlsx")
        assert isinstance(row["ratio_to_plain_xlsx"], float) is is_xlsx, row["url"]

    assert report["debug"] is False  # the production path
    hello = report["baselines"]["hello"]
    assert hello["status"] == 200
    assert hello["p50_ms"] > 0
    assert report["scale"] == SCALE
    assert report["database"]["vendor"] == connection.vendor

    rows = report["generation"]["rows"]
    assert rows["agreements"] == 20
    assert rows["allocations"] == 60
    assert rows["clauses"] == 80
    assert rows["responsibilities"] == 50
    assert rows["activities"] == 30
    assert rows["people"] == 40
    # One hub per province plus ten others: the floor that tiny scales are raised to.
    assert rows["organisations"] == 87
    assert abs(rows["parties"] - 100) <= 100 * ROW_TOLERANCE
    # About nine in ten are published.
    assert 14 <= rows["published_agreements"] <= 20


@pytest.mark.django_db
@pytest.mark.slow
@pytest.mark.postgresql_once
def test_growth_measures_at_three_times_the_scale_and_compares_each_url(tmp_path):
    report = run_benchmark(tmp_path, "--growth", "--only", "cold,search")

    small, large = report["runs"]
    assert (small["scale"], large["scale"]) == (SCALE, SCALE * 3)
    assert large["generation"]["rows"]["agreements"] == 60
    compared = {(row["group"], row["url"]) for row in report["growth"]}
    assert compared == {("cold", url) for url in benchmark.PAGES} | {
        ("search", term) for term in benchmark.SEARCH_TERMS
    }
    for row in report["growth"]:
        assert isinstance(row["p50_growth"], float), row
        # pages are timed beside the bare view; the search's SQL is not
        assert isinstance(row["hello_growth"], float) == (row["group"] == "cold"), row


def test_growth_in_hellos_takes_out_a_machine_that_slowed_down_between_the_runs():
    def run(p50, hello):
        row = {"group": "cold", "template": "/", "url": "/", "queries": 7, "bytes": 100}
        return {"results": [{**row, "p50_ms": p50, "hello_p50_ms": hello}]}

    # Twice the time, but the bare view beside it also took twice as long: no growth.
    (row,) = benchmark.growth(run(6.0, 0.2), run(12.0, 0.4))
    assert (row["p50_growth"], row["hello_growth"]) == (2.0, 1.0)
    (row,) = benchmark.growth(run(6.0, 0.2), run(9.0, 0.2))
    assert (row["p50_growth"], row["hello_growth"]) == (1.5, 1.5)


@pytest.mark.django_db
def test_it_reuses_its_rows_and_fresh_deletes_them():
    data.fill(SCALE, log=lambda line: None)
    before = data.bench_row_counts()
    assert data.is_filled(SCALE)
    assert not data.is_filled(SCALE * 2)

    data.delete_bench_rows()

    assert set(data.bench_row_counts().values()) == {0}
    assert before["agreements"] == 20


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "postgresql", reason="on SQLite it brings its own file")
def test_it_refuses_a_postgresql_database_not_named_for_benchmarks():
    with pytest.raises(CommandError, match="make bench"):
        call_command("benchmark", "--scale", str(SCALE), stdout=io.StringIO())


@pytest.mark.skipif(connection.vendor != "sqlite", reason="only SQLite gets a throwaway file")
def test_on_sqlite_it_fills_its_own_throwaway_file_never_the_configured_database(monkeypatch):
    switched = []
    monkeypatch.setattr(benchmark.Command, "use_throwaway_sqlite", lambda self: switched.append(1))
    benchmark.Command().check_database(throwaway=False)
    assert switched == [1]
    assert str(benchmark.THROWAWAY_SQLITE).endswith("codi-bench.sqlite3")
