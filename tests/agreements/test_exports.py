import csv
import datetime
import io

import pytest
from django.utils import translation
from openpyxl import load_workbook
from pypdf import PdfReader

from agreements.models import Agreement, AgreementParty, Theme
from tests import downloads
from tests.factories import (
    TODAY,
    AgreementFactory,
    AgreementPartyFactory,
    OrganisationFactory,
    PersonFactory,
    ScopeClauseFactory,
    province,
)
from tests.queries import PUBLIC_OVERHEAD, assert_constant_queries

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

MUKDAHAN = "บันทึกข้อตกลงความร่วมมือว่าด้วย “การพัฒนาชุมชนท้องถิ่นเพื่อความเข้มแข็งของชุมชนอย่างบูรณาการ”"


def read_csv(response):
    body = downloads.body(response).decode("utf-8")
    assert body.startswith("\ufeff"), "Excel needs the byte-order mark to read Thai"
    return list(csv.reader(io.StringIO(body[1:])))


def read_xlsx(response):
    workbook = load_workbook(io.BytesIO(downloads.body(response)))
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
    assert "วิทยาลัยชุมชนมุกดาหาร" in mukdahan[14]
    assert "นายเอกราช มณีกรรณ์" in mukdahan[15]
    assert mukdahan[6:8] == ["2021-02-22", "22 กุมภาพันธ์ พ.ศ. 2564"]  # ISO, then Buddhist Era
    assert mukdahan[10:12] == ["", ""]  # open-ended


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


def add_agreements_in_bulk(n):
    """`n` agreements with a party each, made with bulk_create: enough rows for many chunks."""

    def add():
        kanchanaburi = province("kanchanaburi")
        agreements = Agreement.objects.bulk_create(
            AgreementFactory.build_batch(n, province=kanchanaburi)
        )
        organisation, person = OrganisationFactory(), PersonFactory()
        AgreementParty.objects.bulk_create(
            AgreementParty(agreement=a, organisation=organisation, signatory=person)
            for a in agreements
        )

    return add


EXPORTS = ["/agreements/export.csv", "/agreements/export.xlsx"]


@pytest.mark.parametrize("url", EXPORTS)
def test_export_query_count_is_the_same_with_5_and_50_agreements(client, url):
    add_agreements(5)()
    # one: the agreements with their status, province, region, parties, presiding officials,
    # witnesses and themes (the lists joined by the database)
    assert_constant_queries(client, url, add_agreements(45), exactly=PUBLIC_OVERHEAD + 1)


@pytest.mark.parametrize("url", EXPORTS)
def test_export_query_count_does_not_grow_with_chunks(client, url, monkeypatch):
    monkeypatch.setattr("agreements.exports.CHUNK_SIZE", 7)
    add_agreements(50)()
    # the same single query, read 7 rows at a time: 8 chunks, then 86
    assert_constant_queries(client, url, add_agreements_in_bulk(550), exactly=PUBLIC_OVERHEAD + 1)


def test_the_party_column_lists_parties_in_signing_order_with_signatory_and_position(client):
    agreement = AgreementFactory()
    second = OrganisationFactory(name_th="มหาวิทยาลัยที่สอง")
    first = OrganisationFactory(name_th="พอช.")
    AgreementPartyFactory(
        agreement=agreement,
        order=2,
        organisation=second,
        signatory=PersonFactory(name_th="นางสาวสอง"),
        signatory_title="",
    )
    AgreementPartyFactory(
        agreement=agreement,
        order=1,
        organisation=first,
        signatory=PersonFactory(name_th="นายหนึ่ง"),
        signatory_title="ผู้อำนวยการ",
    )
    AgreementPartyFactory(
        agreement=agreement,
        order=3,
        organisation=OrganisationFactory(name_th="เครือข่ายชุมชน"),
        signatory=None,
    )
    AgreementPartyFactory(
        agreement=agreement,
        role=AgreementParty.Role.WITNESS,
        organisation=None,
        signatory=PersonFactory(name_th="นายพยาน"),
        signatory_title="ปลัดจังหวัด",
    )
    row = read_csv(client.get("/agreements/export.csv"))[1]
    assert row[14] == "พอช.: นายหนึ่ง (ผู้อำนวยการ); มหาวิทยาลัยที่สอง: นางสาวสอง; เครือข่ายชุมชน"
    assert row[15] == ""
    assert row[16] == "นายพยาน (ปลัดจังหวัด)"


def test_the_english_export_uses_english_names_and_falls_back_to_thai(client):
    agreement = AgreementFactory(province=province("kanchanaburi"), title_en="")
    AgreementPartyFactory(
        agreement=agreement,
        order=1,
        organisation=OrganisationFactory(name_th="สถาบันพัฒนาองค์กรชุมชน", name_en="CODI"),
        signatory=PersonFactory(name_th="นายหนึ่ง", name_en="Mr One"),
        signatory_title="ผู้อำนวยการ",
        signatory_title_en="Director",
    )
    AgreementPartyFactory(
        agreement=agreement,
        order=2,
        organisation=OrganisationFactory(name_th="เครือข่ายชุมชนท่าม่วง", name_en=""),
        signatory=PersonFactory(name_th="นางสาวสอง"),
        signatory_title="ประธานเครือข่าย",
    )
    agreement.themes.add(
        Theme.objects.create(slug="english", title_th="ก ธีมทดสอบ", title_en="A test theme"),
        Theme.objects.create(slug="thai-only", title_th="ข ธีมภาษาไทย", title_en=""),
    )
    header, row = read_csv(client.get("/en/agreements/export.csv"))
    assert header[:3] == ["Reference", "Title (Thai)", "Title (English)"]
    assert row[2] == ""  # the English title column is the English title, even when empty
    assert (row[4], row[5]) == ("Kanchanaburi", agreement.province.region.name_en)
    assert row[14] == "CODI: Mr One (Director); เครือข่ายชุมชนท่าม่วง: นางสาวสอง (ประธานเครือข่าย)"
    assert row[17] == "A test theme, ข ธีมภาษาไทย"

    thai = read_csv(client.get("/agreements/export.csv"))[1]
    assert (thai[4], thai[14].split(";")[0]) == (
        "กาญจนบุรี",
        "สถาบันพัฒนาองค์กรชุมชน: นายหนึ่ง (ผู้อำนวยการ)",
    )


@pytest.mark.parametrize(
    "term",
    [
        {"term_mode": "dates"},
        {"term_mode": "duration", "term_length": 3, "term_unit": "years"},
        {"term_mode": "duration", "term_length": 18, "term_unit": "months"},
        {"term_mode": "fiscal_year", "term_fiscal_year": 2567, "ends_on": TODAY},
        {"term_mode": "open", "ends_on": None},
    ],
)
@pytest.mark.parametrize("language", ["", "/en"])
def test_the_term_and_status_columns_read_as_on_the_agreement_page(client, term, language):
    agreement = AgreementFactory(**term)
    row = read_csv(client.get(f"{language}/agreements/export.csv"))[1]
    with translation.override(language.strip("/") or "th"):
        assert row[12] == agreement.term_text()
        assert row[13] == str(agreement.status.label)
        assert row[3] == agreement.get_kind_display()


def test_xlsx_dates_are_real_dates_shown_in_the_buddhist_era(client):
    AgreementFactory(signed_on=datetime.date(2024, 5, 23), term_mode="open", ends_on=None)
    sheet, rows = read_xlsx(client.get("/agreements/export.xlsx"))
    header, row = [cell.value for cell in rows[0]], rows[1]
    signed, starts = row[header.index("วันที่ลงนาม")], row[header.index("วันเริ่มต้น")]
    for cell in (signed, starts):
        # A date value (a serial number in the file) that sorts and filters as a date...
        assert cell.is_date and cell.data_type == "d"
        assert cell.value.date() == datetime.date(2024, 5, 23)
        # ...shown by Excel's Thai locale (041E) in its Buddhist calendar (07): 23/5/2567.
        assert cell.number_format == "[$-107041E]d/m/yyyy"
    assert row[header.index("วันสิ้นสุด")].value is None  # open-ended: an empty cell
    assert row[0].number_format == "General"  # text is plain


@pytest.mark.parametrize("language", ["", "/en"])
def test_the_csv_gives_each_date_in_iso_with_its_buddhist_era_beside_it(client, language):
    AgreementFactory(
        signed_on=datetime.date(2024, 5, 23),
        starts_on=datetime.date(2024, 6, 1),
        ends_on=datetime.date(2027, 5, 31),
    )
    header, row = read_csv(client.get(f"{language}/agreements/export.csv"))
    dates = dict(zip(header[6:12], row[6:12], strict=True))
    if language:
        assert dates == {
            "Signed on": "2024-05-23",
            "Signed on (BE)": "23 พฤษภาคม พ.ศ. 2567",
            "Starts on": "2024-06-01",
            "Starts on (BE)": "1 มิถุนายน พ.ศ. 2567",
            "Ends on": "2027-05-31",
            "Ends on (BE)": "31 พฤษภาคม พ.ศ. 2570",
        }
    else:
        assert dates == {
            "วันที่ลงนาม": "2024-05-23",
            "วันที่ลงนาม (พ.ศ.)": "23 พฤษภาคม พ.ศ. 2567",
            "วันเริ่มต้น": "2024-06-01",
            "วันเริ่มต้น (พ.ศ.)": "1 มิถุนายน พ.ศ. 2567",
            "วันสิ้นสุด": "2027-05-31",
            "วันสิ้นสุด (พ.ศ.)": "31 พฤษภาคม พ.ศ. 2570",
        }
