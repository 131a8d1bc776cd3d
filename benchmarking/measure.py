"""Timing, query counts and memory of one URL, and the baselines they are compared with."""

import io
import math
import time
import tracemalloc
from dataclasses import dataclass

from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook, load_workbook

HOST = "127.0.0.1"
# What the bare openpyxl baseline writes in every cell: a short Thai text, like most cells.
PLAIN_CELL = "ข้อความทดสอบ 2567"


@dataclass
class Timing:
    p50_ms: float
    p95_ms: float
    samples: int

    @classmethod
    def of(cls, seconds):
        ordered = sorted(seconds)
        return cls(
            p50_ms=round(_percentile(ordered, 50) * 1000, 2),
            p95_ms=round(_percentile(ordered, 95) * 1000, 2),
            samples=len(ordered),
        )


def _percentile(ordered, percent):
    """Nearest-rank percentile: with few samples, p95 is the slowest one, never a blend."""
    rank = max(1, math.ceil(percent / 100 * len(ordered)))
    return ordered[rank - 1]


def read_body(response):
    """All the bytes of a response; a streamed export does its queries while being read.

    The test client closes a streamed response when its last byte is read. Closing it again
    here would send request_finished, whose close_old_connections drops the database connection.
    """
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def drain(response):
    """Read a response to its end without keeping it, as a client downloading it would: the
    peak of memory is then the server's, not the bytes of the whole file held here."""
    if response.streaming:
        for _chunk in response.streaming_content:
            pass
    else:
        response.content  # noqa: B018 - reading it is the point


def get(client, url):
    # Requests arrive as HTTPS, as in production behind TLS, so no redirect to https.
    return client.get(url, secure=True, HTTP_HOST=HOST)


def fetch(client, url):
    """One request: (status code, body, number of SQL queries). Also warms caches up."""
    reset_queries()  # Django's query log is a bounded deque: counting needs room in it
    with CaptureQueriesContext(connection) as queries:
        response = get(client, url)
        body = read_body(response)
    return response.status_code, body, len(queries)


def warm_up(client, url, times):
    """Request `url` `times` times untimed, reading each answer to its end."""
    for _ in range(times):
        drain(get(client, url))


def time_requests(client, url, repeat):
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        read_body(get(client, url))
        seconds.append(time.perf_counter() - started)
    return Timing.of(seconds)


def time_between(client, url, baseline_url, repeat, baseline_repeat=100):
    """(Timing of `url`, Timing of `baseline_url`), the baseline timed `baseline_repeat` times
    just before and just after the URL's requests, so that both are timed over the same minute
    of a machine whose speed wanders. In blocks, as the run's own baseline is timed: a bare view
    timed between a page's requests runs in caches the page has just filled with its own work
    (0.45-0.5 against 0.4 ms), which would flatter the page."""
    baseline = [_timed(client, baseline_url) for _ in range(baseline_repeat)]
    seconds = [_timed(client, url) for _ in range(repeat)]
    baseline.extend(_timed(client, baseline_url) for _ in range(baseline_repeat))
    return Timing.of(seconds), Timing.of(baseline)


def _timed(client, url):
    started = time.perf_counter()
    read_body(get(client, url))
    return time.perf_counter() - started


def time_sql(client, url, repeat):
    """Per request, the seconds spent in the database: every query's execution summed."""
    seconds = []
    for _ in range(repeat):
        clock = _QueryClock()
        with connection.execute_wrapper(clock):
            read_body(get(client, url))
        seconds.append(clock.seconds)
    return Timing.of(seconds)


class _QueryClock:
    """An execute wrapper that adds up the time of the queries it wraps."""

    def __init__(self):
        self.seconds = 0.0

    def __call__(self, execute, sql, params, many, context):
        started = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            self.seconds += time.perf_counter() - started


def peak_memory_mib(client, url):
    """Peak of Python memory during one request. A run of its own: tracemalloc slows
    allocation-heavy code several times over, so it must not be timed."""
    tracemalloc.start()
    try:
        drain(get(client, url))
        return round(tracemalloc.get_traced_memory()[1] / 2**20, 1)
    finally:
        tracemalloc.stop()


def time_copy(sql, repeat):
    """PostgreSQL sending the same data as CSV, read to the last byte: (Timing, bytes).

    The floor of an export: no Python objects, no formatting, only the query and the wire.
    """
    seconds = []
    size = 0
    for _ in range(repeat):
        started = time.perf_counter()
        size = 0
        with connection.cursor() as cursor:
            # The psycopg cursor under Django's wrapper: Django has no COPY of its own.
            with cursor.cursor.copy(f"COPY ({sql}) TO STDOUT WITH (FORMAT csv)") as copy:
                for block in copy:
                    size += len(block)
        seconds.append(time.perf_counter() - started)
    return Timing.of(seconds), size


def xlsx_shapes(body):
    """(rows, columns) of every sheet of an XLSX file."""
    workbook = load_workbook(io.BytesIO(body), read_only=True)
    shapes = []
    for sheet in workbook.worksheets:
        rows = columns = 0
        for row in sheet.iter_rows(values_only=True):
            rows += 1
            columns = max(columns, len(row))
        shapes.append((rows, columns))
    workbook.close()
    return shapes


def time_plain_xlsx(shapes, repeat):
    """openpyxl's write-only mode writing sheets of the same shapes with plain text cells:
    the floor of an XLSX export, without queries, types, styles or widths."""
    seconds = []
    for _ in range(repeat):
        started = time.perf_counter()
        workbook = Workbook(write_only=True)
        for rows, columns in shapes:
            sheet = workbook.create_sheet()
            row = [PLAIN_CELL] * columns
            for _ in range(rows):
                sheet.append(row)
        workbook.save(io.BytesIO())
        seconds.append(time.perf_counter() - started)
    return Timing.of(seconds)
