import csv
import datetime
import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from agreements.models import Agreement
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    ScopeClauseFactory,
    province,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

MUKDAHAN = 'บันทึกข้อตกลงความร่วมมือว่าด้วย "การพัฒนาชุมชนท้องถิ่นเพื่อความเข้มแข็งของชุมชนอย่างบูรณาการ"'


def read_csv(response):
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte-order mark to read Thai"
    return list(csv.reader(io.StringIO(body[1:])))


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    sheet = workbook.worksheets[0]
    return sheet, [[cell for cell in row] for row in sheet.iter_rows(min_row=1)]


def compact(text):
    """Text without spaces, line breaks and dots, to compare what a PDF gives back.

    A long name may wrap anywhere, and text extraction returns a shaped SARA AM (ำ) followed
    by a stray space or dot, although the page shows it correctly.
    """
    return "".join(text.split()).replace(".", "")


def pdf_text(document):
    return compact("".join(p.extract_text() for p in PdfReader(io.BytesIO(document)).pages))


def test_the_agreements_csv_has_one_row_per_published_agreement(client, demo):
    AgreementFactory(title_th="ร่างที่ยังไม่เผยแพร่", is_published=False)
    response = client.get("/agreements/export.csv")
    assert (
        response["Content-Disposition"] == 'attachment; filename="codi-agreements-2026-11-21.csv"'
    )
    rows = read_csv(response)
    assert rows[0][:3] == ["เลขที่อ้างอิง", "ชื่อเรื่อง (ภาษาไทย)", "ชื่อเรื่อง (ภาษาอังกฤษ)"]
    titles = [row[1] for row in rows[1:]]
    assert len(titles) == 4
    assert "ร่างที่ยังไม่เผยแพร่" not in titles
    mukdahan = next(row for row in rows if row[1] == MUKDAHAN)
    assert "วิทยาลัยชุมชนมุกดาหาร" in mukdahan[11]
    assert "นายเอกราช มณีกรรณ์" in mukdahan[12]
    assert mukdahan[6] == "2021-02-22"
    assert mukdahan[8] == ""  # open-ended


def test_the_export_honours_the_list_filters(client, demo):
    rows = read_csv(client.get("/agreements/export.csv", {"region": "NORTHEAST"}))
    assert len(rows) == 3
    rows = read_csv(client.get("/agreements/export.csv", {"q": "ราชภัฏ", "status": "expired"}))
    assert {row[4] for row in rows[1:]} == {"กาญจนบุรี", "ราชบุรี"}


def test_malformed_filters_get_a_400_not_a_file(client):
    assert client.get("/agreements/export.csv", {"status": "dormant"}).status_code == 400


def test_the_agreements_xlsx_has_typed_cells(client, demo):
    sheet, rows = read_xlsx(client.get("/agreements/export.xlsx"))
    header, data = rows[0], rows[1:]
    assert len(data) == 4
    signed = header.index(next(c for c in header if c.value == "วันที่ลงนาม"))
    korat = next(r for r in data if r[0].value == "MOU-2567-30-01")
    assert korat[signed].value.date() == datetime.date(2024, 5, 23)
    assert korat[signed].is_date


@pytest.mark.parametrize("title", ['=HYPERLINK("http://x","y")', "+1+2", "-3", "@SUM(A1)", "\tcmd"])
def test_formulas_in_text_are_neutralised_in_csv_and_xlsx(client, title):
    AgreementFactory(title_th=title)
    rows = read_csv(client.get("/agreements/export.csv"))
    assert rows[1][1] == "'" + title
    sheet, rows = read_xlsx(client.get("/agreements/export.xlsx"))
    cell = rows[1][1]
    assert cell.data_type == "s"
    assert cell.value == "'" + title


def test_no_xlsx_cell_is_ever_a_formula(client, demo):
    AgreementFactory(title_th="=1+1", title_en="=cmd|' /C calc'!A0")
    sheet, rows = read_xlsx(client.get("/agreements/export.xlsx"))
    assert all(cell.data_type != "f" for row in rows for cell in row)


def test_the_agreement_pdf_shows_all_seven_parties_in_thai(client, demo):
    agreement = Agreement.objects.get(title_th=MUKDAHAN)
    response = client.get(f"/agreements/{agreement.pk}/export.pdf")
    assert response["Content-Type"] == "application/pdf"
    text = pdf_text(response.content)
    parties = agreement.parties.filter(role="party")
    assert parties.count() == 7
    for party in parties:
        assert compact(party.organisation.name_th) in text
    assert "นายเอกราช" in text  # presiding
    assert compact("ไม่กำหนดระยะเวลา") in text


def test_the_pdf_of_an_unpublished_agreement_is_404(client):
    hidden = AgreementFactory(is_published=False)
    assert client.get(f"/agreements/{hidden.pk}/export.pdf").status_code == 404


def add_agreements(n):
    def add():
        for _ in range(n):
            agreement = AgreementFactory(province=province("mukdahan"))
            AgreementPartyFactory(agreement=agreement)
            AgreementPartyFactory(agreement=agreement, role="witness")
            ScopeClauseFactory(agreement=agreement)

    return add


@pytest.mark.parametrize("url", ["/agreements/export.csv", "/agreements/export.xlsx"])
def test_export_query_count_does_not_grow_with_rows(client, url):
    add_agreements(5)()

    def count():
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
            b"".join(response.streaming_content)  # the queries run while streaming
        return len(queries)

    before = count()
    add_agreements(45)()
    assert count() == before
