"""10,000 allocation rows: the preview and the import each take at most 20 times a bare
`bulk_create` of the same rows, measured in the same run (docs/performance.md, "Imports")."""

import io
import itertools
import time
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from agreements.models import Agreement
from budgets.models import Allocation, Programme
from geography.models import Province
from partners.models import Organisation
from records.derived import flush_all

# The ratio that matters is production's: CI measures it once, on PostgreSQL (run it on SQLite
# by hand with -m slow).
pytestmark = [pytest.mark.django_db, pytest.mark.slow, pytest.mark.postgresql_once]

ROWS = 10_000
MOST = 20
HEADERS = [
    "จังหวัด",
    "ปีงบประมาณ (พ.ศ.)",
    "โครงการ",
    "จำนวนเงิน (บาท)",
    "เลขที่ข้อตกลง",
    "ผู้รับงบประมาณ",
    "หมายเหตุ (เผยแพร่)",
]


def rows():
    """10,000 distinct keys (province, year, programme; some with an agreement and a
    recipient), written as staff write them."""
    provinces = list(Province.objects.order_by("code"))
    programmes = list(Programme.objects.order_by("code"))
    by_province = {a.province_id: a for a in Agreement.objects.order_by("reference")}
    organisations = list(Organisation.objects.without_aliases().order_by("pk")[:20])
    keys = itertools.product(range(2540, 2701), provinces, programmes)
    found = []
    for number, (year, province, programme) in enumerate(keys):
        if len(found) == ROWS:
            break
        agreement = by_province.get(province.pk) if number % 2 == 0 else None
        recipient = organisations[number % len(organisations)] if number % 3 == 0 else None
        found.append((province, year, programme, agreement, recipient, number))
    assert len(found) == ROWS
    return found


def write_file(path, found):
    book = Workbook(write_only=True)
    sheet = book.create_sheet()
    sheet.append(HEADERS)
    for province, year, programme, agreement, recipient, number in found:
        sheet.append(
            [
                province.name_th,
                year,
                programme.name_th,
                f"{1000 + number}.50",
                agreement.reference if agreement else "",
                recipient.name_th if recipient else "",
                f"แถว {number}",
            ]
        )
    book.save(path)
    return path


def bare_bulk_create(found):
    """Seconds to bulk_create the same rows, rolled back."""
    objects = [
        Allocation(
            province=province,
            fiscal_year=year,
            programme=programme,
            amount=Decimal(f"{1000 + number}.50"),
            agreement=agreement,
            recipient=recipient,
            public_note=f"แถว {number}",
        )
        for province, year, programme, agreement, recipient, number in found
    ]
    with transaction.atomic():
        started = time.perf_counter()
        Allocation.objects.bulk_create(objects, batch_size=500)
        seconds = time.perf_counter() - started
        transaction.set_rollback(True)
    return seconds


def timed(*args):
    out = io.StringIO()
    started = time.perf_counter()
    with CaptureQueriesContext(connection) as queries:
        call_command("import_allocations", *args, stdout=out)
        # What the commit would rebuild (BudgetTotal, search documents): the test's
        # transaction never commits, so it is rebuilt here, and timed.
        flush_all()
    return time.perf_counter() - started, len(queries), out.getvalue()


def test_10000_rows_preview_and_import_within_20_times_a_bare_bulk_create(demo, tmp_path):
    found = rows()
    path = write_file(tmp_path / "allocations.xlsx", found)
    before = Allocation.objects.count()
    # The bare bulk_create is timed before, between and after, and the slowest counts: CI runs
    # this beside another test process, whose load comes and goes; the preview, which writes
    # nothing, is timed twice and the faster counts.
    bares = [bare_bulk_create(found)]
    assert Allocation.objects.count() == before

    preview, preview_queries, out = timed(str(path), "--dry-run")
    assert out.count("ใหม่ (new)") == ROWS
    preview = min(preview, timed(str(path), "--dry-run")[0])
    assert Allocation.objects.count() == before
    bares.append(bare_bulk_create(found))
    imported, import_queries, out = timed(str(path))
    assert Allocation.objects.count() == before + ROWS
    bares.append(bare_bulk_create(found))
    bare = max(bares)
    assert Allocation.history.filter(history_change_reason__contains="allocations.xlsx").count()

    print(
        f"\n{ROWS:,} rows on {connection.vendor}: bare bulk_create {bare:.2f} s; "
        f"preview {preview:.2f} s ({preview / bare:.1f}×, {preview_queries} queries); "
        f"import {imported:.2f} s ({imported / bare:.1f}×, {import_queries} queries)"
    )
    assert preview <= MOST * bare
    assert imported <= MOST * bare
    # The queries do not grow with the rows: a lookup per kind of record, and writes per
    # batch (of 500 rows, or fewer where SQLite's limit on parameters says so).
    assert preview_queries < 60
    assert import_queries < ROWS // 20
