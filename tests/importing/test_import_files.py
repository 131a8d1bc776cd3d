"""The files an import reads: hostile ones refused quickly with a Thai reason and nothing
written, and the CSV encodings Thai offices save (importing/files.py)."""

import io
import os
import subprocess
import sys
import time
import zipfile
from pathlib import Path

import pytest
from django.core.management.base import CommandError
from django.urls import reverse
from openpyxl import Workbook

from budgets.models import Allocation
from tests.imports import run, upload

# Reading a file is the same on any database (and nothing written is checked on either): CI
# runs these once, in its SQLite step.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_once]

ROOT = Path(__file__).resolve().parents[2]
HEADERS = ["จังหวัด", "ปีงบประมาณ (พ.ศ.)", "โครงการ", "จำนวนเงิน (บาท)"]
ROWS = [
    ["ราชบุรี", "2567", "โครงการบ้านพอเพียง", "3508500"],
    ["นครราชสีมา", "2567", "โครงการบ้านมั่นคง", "1500000.50"],
]
IMPORT_URL = reverse("admin:budgets_allocation_import")
MB = 1024 * 1024


def _skeleton():
    """The parts of a real one-sheet workbook, by name."""
    book = Workbook()
    book.active.append(HEADERS)
    buffer = io.BytesIO()
    book.save(buffer)
    with zipfile.ZipFile(buffer) as archive:
        return {name: archive.read(name) for name in archive.namelist()}


def write_workbook(path, sheet_chunks):
    """An XLSX whose first sheet's XML is the bytes of `sheet_chunks`, streamed into the ZIP
    (so the test never holds the unpacked sheet either)."""
    parts = _skeleton()
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, data in parts.items():
            if name == "xl/worksheets/sheet1.xml":
                with archive.open(name, "w", force_zip64=True) as sheet:
                    for chunk in sheet_chunks:
                        sheet.write(chunk)
            else:
                archive.writestr(name, data)
    return path


SHEET_START = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
)


def zip_bomb(path):
    """310 KB that unpack to one 300 MB cell."""

    def chunks():
        yield SHEET_START + b'<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>'
        for _ in range(300):
            yield b"A" * MB
        yield b"</t></is></c></row></sheetData></worksheet>"

    return write_workbook(path, chunks())


def million_rows(path, *, dimension):
    def chunks():
        yield SHEET_START
        if dimension:
            yield b'<dimension ref="A1:D1000001"/>'
        yield b"<sheetData>"
        batch = []
        for number in range(1, 1_000_002):
            batch.append(
                b'<row r="%d"><c r="A%d" t="inlineStr"><is><t>x%d</t></is></c></row>'
                % (number, number, number * 7919 % 1000003)
            )
            if len(batch) == 10_000:
                yield b"".join(batch)
                batch = []
        yield b"".join(batch) + b"</sheetData></worksheet>"

    return write_workbook(path, chunks())


def timed_refusal(path):
    """(seconds, the refusal) of `manage.py import_allocations path`."""
    started = time.monotonic()
    with pytest.raises(CommandError) as refusal:
        run("import_allocations", path)
    return time.monotonic() - started, str(refusal.value)


def peak_memory_of_command(path):
    """The most memory (MB, max RSS) `manage.py import_allocations path` takes, in a process
    of its own so that nothing else counts."""
    code = (
        "import os, resource, subprocess, sys\n"
        "process = subprocess.run(sys.argv[1:], capture_output=True)\n"
        "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)\n"
    )
    manage = [sys.executable, str(ROOT / "manage.py"), "import_allocations", str(path)]
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path.parent / 'unused.sqlite3'}"}
    answer = subprocess.run(
        [sys.executable, "-c", code, *manage], capture_output=True, env=env, check=True
    )
    return int(answer.stdout.decode().split()[-1])


@pytest.mark.slow
def test_the_zip_bomb_is_refused_within_5_s_and_200_mb_and_writes_nothing(demo, tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.xlsx")
    assert bomb.stat().st_size < 400 * 1024
    before = Allocation.objects.count()

    seconds, output = timed_refusal(bomb)

    assert seconds < 5
    assert Allocation.objects.count() == before
    assert output.startswith("ไม่ได้นำเข้า ไม่มีการบันทึกใด ๆ: ไฟล์ Excel นี้เมื่อคลายออก")
    with pytest.raises(Exception, match="คลายออกมีขนาดเกิน 50 MB"):
        run("import_allocations", bomb)
    # Its memory: against the same command refusing a small file.
    small = tmp_path / "small.txt"
    small.write_text("x")
    baseline = peak_memory_of_command(small)
    assert peak_memory_of_command(bomb) - baseline < 200


@pytest.mark.slow
@pytest.mark.parametrize("dimension", [True, False], ids=["declared", "undeclared"])
def test_a_million_row_sheet_is_refused_within_5_s(demo, tmp_path, settings, dimension):
    path = million_rows(tmp_path / "million.xlsx", dimension=dimension)
    before = Allocation.objects.count()

    seconds, refusal = timed_refusal(path)

    # Its 60 MB of XML are over the unpacked limit already.
    assert seconds < 5
    assert "คลายออกมีขนาดเกิน 50 MB" in refusal
    # With a limit that lets the XML through, the rows are counted, and counting stops at
    # the limit: the rows are never all read.
    settings.IMPORT_MAX_UNPACKED_BYTES = 200 * MB
    seconds, refusal = timed_refusal(path)
    assert seconds < 5
    assert "ไฟล์มีเกิน 50,000 แถว ให้แบ่งเป็นหลายไฟล์ ไฟล์ละไม่เกิน 50,000 แถว" in refusal
    assert Allocation.objects.count() == before


def test_a_sheet_over_the_row_limit_gets_the_rows_message(demo, tmp_path, settings):
    settings.IMPORT_MAX_ROWS = 3
    path = tmp_path / "four.xlsx"
    book = Workbook()
    book.active.append(HEADERS)
    for row in ROWS * 2:
        book.active.append(row)
    book.save(path)

    with pytest.raises(Exception, match="ไฟล์มีเกิน 3 แถว ให้แบ่งเป็นหลายไฟล์"):
        run("import_allocations", path)


def test_a_long_cell_and_a_large_file_are_refused(demo, tmp_path, settings):
    settings.IMPORT_MAX_CELL_CHARS = 20
    path = write_csv_bytes(tmp_path / "long.csv", csv_text([[*ROWS[0][:3], "1" * 21]]), "utf-8")
    with pytest.raises(Exception, match="แถว 2 มีช่องที่ยาวเกิน 20 ตัวอักษร"):
        run("import_allocations", path)

    settings.IMPORT_MAX_FILE_BYTES = 100
    path = write_csv_bytes(tmp_path / "large.csv", csv_text(ROWS * 5), "utf-8")
    with pytest.raises(Exception, match="ไฟล์มีขนาดเกิน"):
        run("import_allocations", path)
    assert not Allocation.objects.filter(fiscal_year=2567).exists()


# Encodings


def csv_text(rows):
    lines = [",".join(HEADERS)] + [",".join(row) for row in rows]
    return "\r\n".join(lines) + "\r\n"


def write_csv_bytes(path, text, encoding):
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "tis-620", "cp874"], ids=str)
def test_a_csv_in_each_encoding_thai_offices_save_is_read(demo, tmp_path, encoding):
    path = write_csv_bytes(tmp_path / "allocations.csv", csv_text(ROWS), encoding)
    if encoding == "tis-620":
        assert path.read_bytes().count(b"\xc3") > 0  # Thai bytes, not UTF-8

    started = time.monotonic()
    out = run("import_allocations", path)

    assert time.monotonic() - started < 5
    assert out.count("ใหม่ (new)") == 2
    assert set(
        Allocation.objects.filter(fiscal_year=2567).values_list("province__name_th", flat=True)
    ) == {"ราชบุรี", "นครราชสีมา"}


@pytest.mark.parametrize(
    "content",
    [
        "Province,Year\r\nCafé,2567\r\n".encode("cp1252"),
        "จังหวัด\r\nราชบุรี\r\n".encode("utf-16-le"),  # UTF-16 without its BOM
        b"\x81\x82\x83,\xff\xfe\xfd\r\n",
    ],
    ids=["windows-1252", "utf-16-without-bom", "garbage"],
)
def test_a_csv_in_another_encoding_is_named_in_thai_with_how_to_save_it(demo, tmp_path, content):
    path = tmp_path / "other.csv"
    path.write_bytes(content)

    with pytest.raises(Exception) as refusal:
        run("import_allocations", path)

    message = str(refusal.value)
    assert "บันทึกเป็น CSV UTF-8" in message
    assert "UnicodeDecodeError" not in message and "Traceback" not in message


def test_an_excel_file_named_csv_and_an_xls_are_named_plainly(demo, tmp_path):
    book = Workbook()
    book.active.append(HEADERS)
    book.save(tmp_path / "real.xlsx")
    (tmp_path / "named.csv").write_bytes((tmp_path / "real.xlsx").read_bytes())
    (tmp_path / "old.xlsx").write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 100)

    with pytest.raises(Exception, match="ไฟล์นี้เป็นไฟล์ Excel ไม่ใช่ไฟล์ CSV"):
        run("import_allocations", tmp_path / "named.csv")
    with pytest.raises(Exception, match=r"Excel รุ่นเก่า \(.xls\)"):
        run("import_allocations", tmp_path / "old.xlsx")


# The same in the admin


def test_the_admin_reads_a_tis_620_csv(admin_client, demo, tmp_path):
    path = write_csv_bytes(tmp_path / "thai-excel.csv", csv_text(ROWS), "cp874")

    response = upload(admin_client, IMPORT_URL, path, 1)

    assert response.status_code == 200
    preview = response.context["result"].preview
    assert [row.key for row in preview] == [
        "ราชบุรี / 2567 / โครงการบ้านพอเพียง / —",
        "นครราชสีมา / 2567 / โครงการบ้านมั่นคง / —",
    ]


def test_the_admin_names_an_unreadable_encoding_in_thai(admin_client, demo, tmp_path):
    path = tmp_path / "latin.csv"
    path.write_bytes("Province\r\nCafé\r\n".encode("cp1252"))

    response = upload(admin_client, IMPORT_URL, path, 1)

    html = response.content.decode()
    assert "บันทึกเป็น CSV UTF-8" in html
    assert "UnicodeDecodeError" not in html
    assert "confirm_form" not in response.context


@pytest.mark.slow
def test_the_admin_refuses_the_zip_bomb_within_5_s(admin_client, demo, tmp_path):
    bomb = zip_bomb(tmp_path / "bomb.xlsx")

    started = time.monotonic()
    response = upload(admin_client, IMPORT_URL, bomb, 0)

    assert time.monotonic() - started < 5
    assert "คลายออกมีขนาดเกิน" in response.content.decode()
    assert not Allocation.objects.filter(fiscal_year=2567).exists()
