"""An allocation's public note goes out with it; its staff note never leaves the admin."""

import io

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from tests import downloads
from tests.factories import AgreementFactory, AllocationFactory, province

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

PUBLIC = "งบซ่อมบ้านรอบสอง public-note-marker"
STAFF = "โทรหาคุณสมศรี 081-000-0000 staff-note-marker"


@pytest.fixture
def allocation():
    agreement = AgreementFactory(is_published=True, province=province("ratchaburi"))
    return AllocationFactory(
        agreement=agreement,
        province=province("ratchaburi"),
        fiscal_year=2566,
        public_note=PUBLIC,
        staff_note=STAFF,
    )


def text_of(response):
    raw = downloads.body(response)
    content_type = response["Content-Type"]
    if content_type.startswith("application/pdf"):
        return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(raw)).pages)
    if "spreadsheetml" in content_type:
        book = load_workbook(io.BytesIO(raw))
        return "\n".join(
            str(cell) for sheet in book for row in sheet.iter_rows(values_only=True) for cell in row
        )
    return raw.decode("utf-8")


PUBLIC_ADDRESSES = [
    "/budgets/",
    "/en/budgets/",
    "/budgets/export.csv",
    "/budgets/export.xlsx",
    "/en/budgets/export.csv",
    "/budgets/summary.xlsx",
    "/budgets/summary.pdf",
    "/provinces/ratchaburi/",
    "/agreements/export.csv",
    "/agreements/export.xlsx",
    "/api/v1/allocations/",
    "/api/v1/agreements/",
    "/partnerships/export.csv",
]


@pytest.mark.parametrize("address", PUBLIC_ADDRESSES)
def test_the_staff_note_is_in_no_public_page_export_or_api_response(client, allocation, address):
    response = client.get(address)
    assert response.status_code == 200
    assert "staff-note-marker" not in text_of(response)


def test_the_agreement_page_pdf_and_api_detail_leave_the_staff_note_out(client, allocation):
    pk = allocation.agreement.pk
    for address in (
        f"/agreements/{pk}/",
        f"/agreements/{pk}/export.pdf",
        f"/api/v1/agreements/{pk}/",
        f"/api/v1/allocations/{allocation.pk}/",
    ):
        response = client.get(address)
        assert response.status_code == 200, address
        assert "staff-note-marker" not in text_of(response), address


def test_the_public_note_is_exported_and_in_the_open_data(client, allocation):
    assert PUBLIC in text_of(client.get("/budgets/export.csv"))
    assert PUBLIC in text_of(client.get("/budgets/export.xlsx"))
    api = client.get(f"/api/v1/allocations/{allocation.pk}/").json()
    assert api["note"] == PUBLIC
    assert "staff_note" not in api


def test_the_admin_labels_which_note_is_published(admin_client, allocation):
    page = admin_client.get(f"/admin/budgets/allocation/{allocation.pk}/change/")
    html = page.content.decode()
    assert "หมายเหตุที่เผยแพร่" in html
    assert "หมายเหตุภายใน (ไม่เผยแพร่)" in html
    assert STAFF in html and PUBLIC in html
    # and the agreement's allocation rows carry both notes, labelled the same way
    page = admin_client.get(f"/admin/agreements/agreement/{allocation.agreement.pk}/change/")
    assert "หมายเหตุภายใน (ไม่เผยแพร่)" in page.content.decode()


def test_staff_search_finds_an_allocation_by_either_note(admin_client, allocation):
    for term in ("public-note-marker", "staff-note-marker"):
        page = admin_client.get("/admin/budgets/allocation/", {"q": term})
        assert f"/admin/budgets/allocation/{allocation.pk}/change/" in page.content.decode()
