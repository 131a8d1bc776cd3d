"""Every PDF the registry makes ends its Thai lines between words, and says what its page says."""

import datetime
import os
import subprocess
import sys
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Agreement, AgreementParty, Attachment
from budgets.models import Allocation, Programme
from reports.pdf import FAMILY, RegistryPDF
from tests import documents
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    AgreementPartyFactory,
    AllocationFactory,
    ProgressUpdateFactory,
    ResponsibilityFactory,
    ScopeClauseFactory,
    province,
)
from tests.pdf_lines import (
    lines_ending_inside_words,
    operations,
    text_of,
    text_of_by_pdfminer,
    wrapped_texts,
)
from thai.wordbreak import ZERO_WIDTH_SPACE, with_word_breaks

# How Thai is set in a PDF does not depend on the database: CI checks it once.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.sqlite_once,
    pytest.mark.usefixtures("pinned_today", "media_in_tmp"),
]

LONG_TITLE = (
    "บันทึกข้อตกลงความร่วมมือการพัฒนาขีดความสามารถของชุมชนในการจัดการที่อยู่อาศัยและที่ดินทำกิน"
    "อย่างยั่งยืนระหว่างสถาบันพัฒนาองค์กรชุมชนกับเครือข่ายองค์กรชุมชนจังหวัดราชบุรี"
)


def wrapped_thai(document) -> list:
    return [lines for lines in wrapped_texts(document) if len(lines) > 1]


def test_the_line_check_finds_a_thai_line_broken_inside_a_word():
    """Without word breaks fpdf2 fills each line to the edge, wherever that falls."""
    pdf = RegistryPDF(title="x")
    pdf.set_font(FAMILY, "", 12)
    pdf.multi_cell(60, 6, LONG_TITLE)
    assert lines_ending_inside_words(pdf.render())


def test_word_breaks_go_between_thai_words_only():
    marked = with_word_breaks("ขีดความสามารถของชุมชน ปี 2566 (ราชบุรี)")
    assert marked.split(ZERO_WIDTH_SPACE) == ["ขีดความสามารถ", "ของ", "ชุมชน ปี 2566 (ราชบุรี)"]
    assert with_word_breaks("Capacity building 2566") == "Capacity building 2566"


def test_the_segmenter_needs_no_network_and_no_writable_home():
    script = "from thai.wordbreak import words; print('|'.join(words('ชุมชนขีดความสามารถ')))"
    environment = {**os.environ, "HOME": "/proc/no-home"}
    environment.pop("PYTHAINLP_READ_ONLY", None)
    environment.pop("PYTHAINLP_OFFLINE", None)
    result = subprocess.run(
        [sys.executable, "-c", script], env=environment, capture_output=True, text=True, check=False
    )
    assert result.stdout.strip() == "ชุมชน|ขีดความสามารถ", result.stderr


def test_the_budget_summary_pdf_ends_no_line_inside_a_thai_word(client):
    for programme in Programme.objects.all():
        AllocationFactory(programme=programme, fiscal_year=2566, amount="1234567.89")
        AllocationFactory(
            programme=programme, province=province("mukdahan"), fiscal_year=2567, amount="1.00"
        )
    document = client.get("/budgets/summary.pdf").content

    wrapped = wrapped_thai(document)
    assert any(lines[0].startswith("โครงการเสริมสร้าง") for lines in wrapped), wrapped
    assert lines_ending_inside_words(document) == []
    lines = [line for text in wrapped_texts(document) for line in text]
    assert any("ขีดความสามารถ" in line for line in lines)
    assert any("ชุมชน" in line for line in lines)


def test_the_national_total_row_of_the_budget_summary_is_labelled(client):
    AllocationFactory(fiscal_year=2566, amount="100.00")
    AllocationFactory(fiscal_year=2567, amount="50.00")
    document = client.get("/budgets/summary.pdf").content
    assert cells_after_the_total_label(document) == ["150.00", "150.00"]


def cells_after_the_total_label(document) -> list:
    """What follows the last "รวม" (Total) in the PDF: the cells of the total row."""
    cells = [text for _font, _y, text in operations(document)]
    last = len(cells) - 1 - cells[::-1].index("รวม")
    return [cell for cell in cells[last + 1 :] if cell[0].isdigit()][:3]


def test_the_pdf_of_an_agreement_with_a_long_title_ends_no_line_inside_a_thai_word(client):
    agreement = AgreementFactory(title_th=LONG_TITLE)
    document = client.get(f"/agreements/{agreement.pk}/export.pdf").content
    title = next(lines for lines in wrapped_texts(document) if lines[0].startswith(LONG_TITLE[:30]))
    assert len(title) >= 2
    assert "".join(title) == LONG_TITLE
    assert lines_ending_inside_words(document) == []


@pytest.fixture
def full_agreement():
    """A published agreement with all that its page shows, and with what must stay inside."""
    agreement = AgreementFactory(title_th=LONG_TITLE, province=province("ratchaburi"))
    party = AgreementPartyFactory(agreement=agreement)
    AgreementPartyFactory(agreement=agreement, role=AgreementParty.Role.PRESIDING)
    AgreementPartyFactory(agreement=agreement, role=AgreementParty.Role.WITNESS)
    ResponsibilityFactory(party=party, text_th="จัดเวทีแลกเปลี่ยนเรียนรู้ของเครือข่ายทุกไตรมาส")
    clause = ScopeClauseFactory(agreement=agreement, text_th="พัฒนาที่อยู่อาศัยของชุมชนริมน้ำ")
    ProgressUpdateFactory(clause=clause, note_th="สำรวจครัวเรือนแล้วสองชุมชน")
    AllocationFactory(
        agreement=agreement,
        province=agreement.province,
        fiscal_year=2566,
        amount=Decimal("6340120.00"),
        staff_note="บันทึกภายในของเจ้าหน้าที่ห้ามเผยแพร่",
    )
    AllocationFactory(
        agreement=agreement,
        province=agreement.province,
        fiscal_year=2567,
        programme=Programme.objects.get(code="baan-mankong"),
        amount=Decimal("250000.50"),
    )
    ActivityFactory(agreement=agreement, title_th="อบรมผู้นำชุมชนด้านการเงิน", participants=45)
    ActivityFactory(agreement=agreement, title_th="ประชุมลับยังไม่เผยแพร่", is_published=False)
    for title, public in (("สำเนาบันทึกข้อตกลงที่ลงนามแล้ว", True), ("เอกสารภายในห้ามเผยแพร่", False)):
        attachment = Attachment(
            agreement=agreement,
            kind=Attachment.Kind.SIGNED_COPY,
            title_th=title,
            is_public=public,
            file=SimpleUploadedFile("mou.pdf", documents.pdf()),
        )
        attachment.full_clean()
        attachment.save()
    return agreement


def test_the_agreement_pdf_carries_what_its_page_shows(client, full_agreement):
    response = client.get(f"/agreements/{full_agreement.pk}/export.pdf")
    text = text_of(response.content)
    compact = "".join(text.split())

    party, presiding, witness = (
        full_agreement.parties.get(role=role) for role in AgreementParty.Role.values
    )
    for person in (party, presiding, witness):
        assert "".join(person.signatory.name_th.split()) in compact
    assert "จัดเวทีแลกเปลี่ยนเรียนรู้ของเครือข่ายทุกไตรมาส" in compact
    assert "พัฒนาที่อยู่อาศัยของชุมชนริมน้ำ" in compact
    assert "สำรวจครัวเรือนแล้วสองชุมชน" in compact  # the clause's progress
    # Money by fiscal year and programme, with a labelled total.
    assert "6,340,120.00" in text
    assert "250,000.50" in text
    assert "6,590,120.50" in text
    assert cells_after_the_total_label(response.content) == [
        "6,340,120.00",
        "250,000.50",
        "6,590,120.50",
    ]
    # Follow-ups and documents, public ones only.
    assert "อบรมผู้นำชุมชนด้านการเงิน" in compact
    assert "สำเนาบันทึกข้อตกลงที่ลงนามแล้ว" in compact
    assert "ประชุมลับยังไม่เผยแพร่" not in compact
    assert "เอกสารภายในห้ามเผยแพร่" not in compact
    assert "บันทึกภายในของเจ้าหน้าที่" not in compact
    assert lines_ending_inside_words(response.content) == []


def test_the_agreement_pdf_shows_no_contact_details(client, full_agreement):
    organisation = full_agreement.parties.first().organisation
    organisation.email = "contact@example.org"
    organisation.phone = "02-123-4567"
    organisation.save()
    text = text_of(client.get(f"/agreements/{full_agreement.pk}/export.pdf").content)
    assert "contact@example.org" not in text
    assert "02-123-4567" not in text


def test_an_agreement_without_allocations_prints_no_budget_table(client):
    agreement = AgreementFactory()
    assert Allocation.objects.filter(agreement=agreement).count() == 0
    text = text_of(client.get(f"/agreements/{agreement.pk}/export.pdf").content)
    assert "งบประมาณ" not in text
    title = Agreement.objects.get(pk=agreement.pk).title_th
    assert "".join(title.split()) in "".join(text.split())


def test_activity_dates_on_the_sheet_are_in_the_buddhist_era(client, full_agreement):
    ActivityFactory(agreement=full_agreement, starts_on=datetime.date(2024, 3, 5))
    text = text_of(client.get(f"/agreements/{full_agreement.pk}/export.pdf").content)
    assert "5 มี.ค. 2567" in text or "5 มีนาคม 2567" in text


# Words of official names that PDF readers must find as written: each has a SARA AM (ำ), which
# HarfBuzz draws as two glyphs, and ผู้อำนวยการ a tone mark stacked over a vowel as well.
MUKDAHAN_WORDS = ["สำนักงาน", "อำเภอ", "นิคมคำสร้อย", "ตำบล", "ผู้อำนวยการ"]
SUMMARY_WORDS = ["สำนักงานภาคตะวันออกเฉียงเหนือ", "อำนาจเจริญ", "กำแพงเพชร", "ลำปาง"]


def the_mukdahan_agreement_sheet(client) -> bytes:
    agreement = Agreement.objects.get(reference="MOU-2564-49-01")
    return client.get(f"/agreements/{agreement.pk}/export.pdf").content


def the_budget_summary(client) -> bytes:
    for slug in ("amnat-charoen", "kamphaeng-phet", "lampang"):
        AllocationFactory(province=province(slug), fiscal_year=2567, amount="1.00")
    return client.get("/budgets/summary.pdf").content


@pytest.mark.parametrize("extract", [text_of, text_of_by_pdfminer], ids=["pypdf", "pdfminer"])
@pytest.mark.parametrize(
    "document, words",
    [(the_mukdahan_agreement_sheet, MUKDAHAN_WORDS), (the_budget_summary, SUMMARY_WORDS)],
    ids=["mukdahan-agreement", "budget-summary"],
)
def test_pdf_readers_find_thai_words_as_written(client, demo, extract, document, words):
    text = extract(document(client))
    assert [word for word in words if word not in text] == [], text
