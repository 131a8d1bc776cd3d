import csv
import io
from decimal import Decimal

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from budgets.models import Programme
from reports.columns import INTEGER, Column, Report
from reports.renderers import tables_pdf
from tests import downloads
from tests.factories import AgreementFactory, AllocationFactory, OrganisationFactory, province
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]


def csv_rows(response):
    body = downloads.body(response).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:])))


def workbook(response):
    return load_workbook(io.BytesIO(downloads.body(response)))


def test_ratchaburi_fy_2566_csv_has_four_rows_summing_to_the_budget(client, demo):
    response = client.get("/budgets/export.csv", {"province": "ratchaburi", "fiscal_year": "2566"})
    assert (
        response["Content-Disposition"] == 'attachment; filename="codi-allocations-2026-11-21.csv"'
    )
    rows = csv_rows(response)[1:]
    assert len(rows) == 4
    assert sum(Decimal(row[4]) for row in rows) == Decimal("6340120.00")
    assert {row[0] for row in rows} == {"ราชบุรี"}


def test_the_allocations_xlsx_has_numeric_amounts(client, demo):
    book = workbook(
        client.get("/budgets/export.xlsx", {"province": "ratchaburi", "fiscal_year": "2566"})
    )
    sheet = book.worksheets[0]
    amounts = [row[4].value for row in sheet.iter_rows(min_row=2)]
    assert len(amounts) == 4
    assert all(isinstance(a, int | float) for a in amounts)
    assert round(sum(amounts), 2) == 6340120.00
    assert sheet.cell(row=2, column=5).number_format == "#,##0.00"
    assert sheet.cell(row=2, column=3).value == 2566


def test_allocations_of_unpublished_agreements_are_not_exported(client):
    AllocationFactory(agreement=AgreementFactory(is_published=False), amount="777.77")
    AllocationFactory(amount="1.00")
    rows = csv_rows(client.get("/budgets/export.csv"))[1:]
    assert [row[4] for row in rows] == ["1.00"]


def test_a_formula_in_a_note_is_neutralised(client):
    AllocationFactory(public_note='=HYPERLINK("http://x","y")')
    assert csv_rows(client.get("/budgets/export.csv"))[1][7] == '\'=HYPERLINK("http://x","y")'
    sheet = workbook(client.get("/budgets/export.xlsx")).worksheets[0]
    assert sheet.cell(row=2, column=8).data_type == "s"


@pytest.mark.parametrize("note", ["-1", "+x", "@a", "\tb", "", "a,b", 'say "hi"', "two\nlines"])
def test_the_database_written_csv_is_the_python_written_one(client, monkeypatch, note):
    """On PostgreSQL COPY writes the allocations CSV (reports/copy.py): the same cells as the
    csv module writes, formulas neutralised, empty texts empty, quoting where needed."""
    from django.db import connection

    from reports import copy

    if connection.vendor != "postgresql":
        pytest.skip("COPY is PostgreSQL's; .ci/run runs the suite on PostgreSQL too")
    AllocationFactory(public_note=note, recipient=OrganisationFactory(name_th="=เครือข่าย"))
    AllocationFactory(public_note="ไม่มี", amount="12.50")
    copied = csv_rows(client.get("/budgets/export.csv"))
    monkeypatch.setattr(copy, "can_copy", lambda report: False)
    written = csv_rows(client.get("/budgets/export.csv"))
    assert copied == written
    assert {row[6] for row in copied[1:]} >= {"'=เครือข่าย"}


def test_the_summary_workbook_totals_by_province_region_and_nation(client):
    AllocationFactory(province=province("ratchaburi"), fiscal_year=2566, amount="100.00")
    AllocationFactory(province=province("kanchanaburi"), fiscal_year=2566, amount="50.50")
    AllocationFactory(province=province("mukdahan"), fiscal_year=2567, amount="10.00")
    book = workbook(client.get("/budgets/summary.xlsx"))
    by_province, by_region, national = book.worksheets
    assert by_province.max_row == 4  # header + 3 province-years
    regions = {row[0].value: row[-1].value for row in by_region.iter_rows(min_row=2)}
    assert regions == {"สำนักงานภาคกลางและตะวันตก": 150.5, "สำนักงานภาคตะวันออกเฉียงเหนือ": 10}
    rows = list(national.iter_rows(min_row=2, values_only=True))
    assert rows[-1][-1] == 160.5  # grand total of all years


def test_the_summary_pdf_renders_thai(client, demo):
    response = client.get("/budgets/summary.pdf", {"fiscal_year": "2566"})
    assert response["Content-Type"] == "application/pdf"
    text = "".join(p.extract_text() for p in PdfReader(io.BytesIO(response.content)).pages)
    assert "ราชบุรี" in text
    assert "6,340,120.00" in text


def test_malformed_filters_get_a_400(client):
    assert client.get("/budgets/export.csv", {"fiscal_year": "abc"}).status_code == 400
    assert client.get("/budgets/summary.pdf", {"province": "nowhere"}).status_code == 400


@pytest.mark.parametrize(
    "url, queries",
    [
        # the allocations with province, region, programme, agreement and recipient
        ("/budgets/export.csv", 1),
        ("/budgets/export.xlsx", 1),
        # the sums per fiscal year, province and programme, with the programmes; the
        # provinces with their regions
        ("/budgets/summary.xlsx", 2),
        ("/budgets/summary.pdf", 2),
    ],
)
def test_budget_exports_make_the_same_number_of_queries_with_more_rows(client, url, queries):
    def add_rows():
        for year in range(2560, 2570):
            AllocationFactory(fiscal_year=year, province=province("ratchaburi"))
            AllocationFactory(fiscal_year=year, province=province("mukdahan"))

    add_rows()
    assert_constant_queries(client, url, add_rows, exactly=PUBLIC_OVERHEAD + queries)


def test_the_allocation_export_reads_rows_in_chunks_with_one_query(client, monkeypatch):
    monkeypatch.setattr("budgets.exports.CHUNK_SIZE", 3)

    def add_rows():
        for year in range(2560, 2570):
            AllocationFactory(fiscal_year=year, amount="1.50")

    add_rows()
    assert_constant_queries(client, "/budgets/export.csv", add_rows, exactly=PUBLIC_OVERHEAD + 1)
    rows = csv_rows(client.get("/budgets/export.csv"))[1:]
    assert len(rows) == 20 and {row[4] for row in rows} == {"1.50"}


def test_money_cells_share_one_named_style(client):
    AllocationFactory(amount="1234.5")
    AllocationFactory(amount="10")
    sheet = workbook(client.get("/budgets/export.xlsx")).worksheets[0]
    for row in (2, 3):
        amount = sheet.cell(row=row, column=5)
        assert amount.style == "money"
        assert amount.number_format == "#,##0.00"
        assert amount.data_type == "n"
    assert sheet.cell(row=2, column=3).number_format == "General"  # a fiscal year is plain
    assert [c.value for c in sheet[1]][4] == "จำนวนเงิน (บาท)"


def test_the_english_allocation_export_uses_english_names_with_thai_fallback(client):
    agreement = AgreementFactory(reference="MOU-TEST-01")
    AllocationFactory(
        province=province("mukdahan"),
        agreement=agreement,
        recipient=OrganisationFactory(name_th="เครือข่ายชุมชน", name_en=""),
    )
    AllocationFactory(
        province=province("mukdahan"),
        recipient=OrganisationFactory(name_th="สถาบัน", name_en="The institute"),
    )
    header, *rows = csv_rows(client.get("/en/budgets/export.csv"))
    assert header[0] == "Province"
    programme = Programme.objects.get(code="community-welfare")
    region = province("mukdahan").region
    assert [row[:4] for row in rows] == [
        ["Mukdahan", region.name_en, "2566", programme.name_en or programme.name_th]
    ] * 2
    assert sorted((row[5], row[6]) for row in rows) == [
        ("", "The institute"),
        ("MOU-TEST-01", "เครือข่ายชุมชน"),
    ]


def test_a_summary_pdf_longer_than_a_page_repeats_the_header_on_every_page(client):
    for year in range(2540, 2570):
        for slug in ("ratchaburi", "mukdahan", "kanchanaburi"):
            AllocationFactory(fiscal_year=year, province=province(slug), amount="1000.00")
    response = client.get("/budgets/summary.pdf")
    pages = PdfReader(io.BytesIO(response.content)).pages
    assert len(pages) > 2
    texts = [page.extract_text() for page in pages]
    province_pages = [text for text in texts if "ราชบุรี" in text]
    assert len(province_pages) >= 2
    assert all("จังหวัด" in text for text in province_pages)  # the Province column header
    assert "90,000.00" in texts[-1]  # the national total of all years


def test_a_pdf_table_prints_a_repeated_region_and_province_once_per_page():
    report = Report(
        title="Grouped",
        columns=[Column("Region"), Column("Province"), Column("Year", INTEGER)],
        rows=[
            ["North", "Nan", 2566],
            ["North", "Nan", 2567],
            ["North", "Phrae", 2566],
            ["South", "Phrae", 2567],
        ],
    )
    text = PdfReader(io.BytesIO(tables_pdf([report], "Title"))).pages[0].extract_text()
    assert [text.count(name) for name in ("North", "South", "Nan", "Phrae")] == [1, 1, 1, 2]
    assert all(year in text for year in ("2566", "2567"))
