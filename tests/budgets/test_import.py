"""Importing budget allocations from XLSX and CSV: the command and the admin's preview."""

from decimal import Decimal

import pytest
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.urls import reverse

from budgets.models import Allocation
from geography.access import REGIONAL_STAFF_GROUP
from geography.models import Region
from tests.factories import UserFactory
from tests.imports import is_formula_cell, refused, run, upload, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADERS = [
    "จังหวัด",
    "ปีงบประมาณ (พ.ศ.)",
    "โครงการ",
    "จำนวนเงิน (บาท)",
    "เลขที่ข้อตกลง",
    "หมายเหตุ (เผยแพร่)",
]
FOUR_ROWS = [
    ["ราชบุรี", 2567, "โครงการบ้านพอเพียง", 3508500, "BUD-2566-70-01", ""],
    ["70", 2567, "community-welfare", "1,856,930.00", "BUD-2566-70-01", ""],
    ["Nakhon Ratchasima", 2567, "โครงการบ้านมั่นคง", 1500000.5, "", "งบต่อเนื่อง"],
    ["จังหวัดมุกดาหาร", 2567, "Capacity building", "468690", "", ""],
]


def staff(username, group, region_code=None):
    user = UserFactory(username=username, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    if region_code:
        Region.objects.get(code=region_code).staff.add(user)
    return user


@pytest.fixture
def four_rows(demo, tmp_path):
    return write_xlsx(tmp_path / "allocations.xlsx", HEADERS, FOUR_ROWS)


def fy2567():
    return Allocation.objects.filter(fiscal_year=2567)


def test_a_dry_run_prints_every_row_and_creates_nothing(four_rows):
    out = run("import_allocations", four_rows, "--dry-run")

    assert fy2567().count() == 0
    lines = [line for line in out.splitlines() if line.startswith("แถว")]
    assert lines == [
        "แถว 2: ใหม่ (new) ราชบุรี / 2567 / โครงการบ้านพอเพียง / BUD-2566-70-01",
        # Each key as the registry names it, however the file wrote it.
        "แถว 3: ใหม่ (new) ราชบุรี / 2567 / โครงการสวัสดิการชุมชน / BUD-2566-70-01",
        "แถว 4: ใหม่ (new) นครราชสีมา / 2567 / โครงการบ้านมั่นคง / —",
        "แถว 5: ใหม่ (new) มุกดาหาร / 2567 / โครงการเสริมสร้างขีดความสามารถ / —",
    ]


def test_the_import_creates_the_rows_and_a_second_run_changes_nothing(four_rows):
    run("import_allocations", four_rows)

    rows = {
        (a.province.slug, a.programme.code): a
        for a in fy2567().select_related("province", "programme")
    }
    assert set(rows) == {
        ("ratchaburi", "baan-por-pieng"),
        ("ratchaburi", "community-welfare"),
        ("nakhon-ratchasima", "baan-mankong"),
        ("mukdahan", "capacity-building"),
    }
    assert rows["ratchaburi", "community-welfare"].amount == Decimal("1856930.00")
    assert rows["nakhon-ratchasima", "baan-mankong"].amount == Decimal("1500000.50")
    assert rows["nakhon-ratchasima", "baan-mankong"].agreement is None
    history = Allocation.history.count()

    out = run("import_allocations", four_rows)

    assert out.count("ไม่เปลี่ยนแปลง (unchanged)") == 4
    assert out.endswith(f"นำเข้า {four_rows.name} แล้ว: ไม่เปลี่ยนแปลง 4\n")
    assert fy2567().count() == 4
    assert Allocation.history.count() == history


def test_a_changed_amount_updates_the_row_its_history_and_its_version(four_rows, tmp_path):
    run("import_allocations", four_rows)
    changed = [row[:] for row in FOUR_ROWS]
    changed[0][3] = 3600000
    path = write_xlsx(tmp_path / "allocations-2.xlsx", HEADERS, changed)

    out = run("import_allocations", path)

    assert "แถว 2: เปลี่ยนแปลง (changed)" in out
    assert out.count("ไม่เปลี่ยนแปลง (unchanged)") == 3
    allocation = fy2567().get(programme__code="baan-por-pieng")
    assert allocation.amount == Decimal("3600000.00")
    assert allocation.version == 2
    latest = allocation.history.latest()
    assert latest.history_change_reason == "นำเข้าจากไฟล์ allocations-2.xlsx"
    assert latest.history_user is None  # no --user


def test_an_amount_given_as_a_formula_is_refused_and_nothing_is_written(demo, tmp_path):
    rows = [row[:] for row in FOUR_ROWS]
    rows[1][3] = "=1+1"
    path = write_xlsx(tmp_path / "formula.xlsx", HEADERS, rows)
    assert is_formula_cell(path, "D3")

    with pytest.raises(CommandError, match="ไม่ได้นำเข้า"):
        run("import_allocations", path)

    assert fy2567().count() == 0
    with pytest.raises(CommandError) as refusal:
        run("import_allocations", path, "--dry-run")
    assert fy2567().count() == 0
    assert "ไม่ได้นำเข้า" in str(refusal.value)


def test_the_formula_row_is_named_with_a_thai_message(demo, tmp_path):
    rows = [row[:] for row in FOUR_ROWS]
    rows[1][3] = "=1+1"
    path = write_xlsx(tmp_path / "formula.xlsx", HEADERS, rows)
    text = refused("import_allocations", path)
    assert "แถว 3: ข้อผิดพลาด (error)" in text
    assert "“=1+1” เป็นสูตร" in text


def test_a_note_that_is_a_formula_is_stored_as_its_text(demo, tmp_path):
    note = '=HYPERLINK("http://example.org","คลิก")'
    rows = [FOUR_ROWS[0][:5] + [note]]
    path = write_xlsx(tmp_path / "note.xlsx", HEADERS, rows)
    assert is_formula_cell(path, "F2")

    run("import_allocations", path)

    assert fy2567().get().public_note == note


def test_the_budget_export_does_not_turn_an_imported_note_back_into_a_formula(
    demo, tmp_path, client, central
):
    from openpyxl import load_workbook

    note = "=1+1"
    path = write_xlsx(tmp_path / "note.xlsx", HEADERS, [FOUR_ROWS[0][:5] + [note]])
    run("import_allocations", path, "--user", "central")  # a publisher: published at once

    response = client.get(reverse("allocation-xlsx"))
    exported = tmp_path / "export.xlsx"
    exported.write_bytes(b"".join(response.streaming_content))
    cells = [c for row in load_workbook(exported).active.iter_rows() for c in row]
    assert not [c for c in cells if c.data_type == "f"]
    assert "'=1+1" in [c.value for c in cells]


def test_a_northeastern_officer_cannot_import_a_file_with_one_kanchanaburi_row(demo, tmp_path):
    staff("isan", REGIONAL_STAFF_GROUP, "NORTHEAST")
    rows = [
        ["นครราชสีมา", 2567, "โครงการบ้านมั่นคง", 1000, "", ""],
        ["มุกดาหาร", 2567, "โครงการบ้านมั่นคง", 1000, "", ""],
        ["กาญจนบุรี", 2567, "โครงการบ้านมั่นคง", 1000, "", ""],
    ]
    path = write_xlsx(tmp_path / "isan.xlsx", HEADERS, rows)

    with pytest.raises(CommandError) as refusal:
        run("import_allocations", path, "--user", "isan")

    assert "แถว 4 (กาญจนบุรี)" in str(refusal.value)
    assert "ทั้งไฟล์" in str(refusal.value)
    assert fy2567().count() == 0


def test_an_agreement_of_another_region_is_answered_as_an_unknown_one(demo, tmp_path):
    from agreements.models import Agreement

    staff("isan", REGIONAL_STAFF_GROUP, "NORTHEAST")
    other = Agreement.objects.get(reference="BUD-2566-70-01")
    # A draft of another region too: its reference, title and region are never shown.
    draft = Agreement.objects.exclude(province__region__code="NORTHEAST").exclude(pk=other.pk)
    draft = draft.order_by("pk").first()
    draft.set_review_state(Agreement.ReviewState.DRAFT)
    draft.save()
    rows = [
        ["นครราชสีมา", 2567, "โครงการบ้านมั่นคง", 1000, "BUD-2566-70-01", ""],
        ["นครราชสีมา", 2567, "โครงการบ้านพอเพียง", 1000, draft.reference, ""],
        ["นครราชสีมา", 2567, "โครงการสวัสดิการชุมชน", 1000, "NO-SUCH-REF", ""],
    ]
    path = write_xlsx(tmp_path / "isan.xlsx", HEADERS, rows)

    out = refused("import_allocations", path, "--user", "isan")

    messages = [line.strip() for line in out.splitlines() if line.startswith("    ")]
    assert messages == [
        f"เลขที่ข้อตกลง: ไม่พบบันทึกข้อตกลง “{reference}” หรือไม่อยู่ในภาคของท่าน"
        for reference in ("BUD-2566-70-01", draft.reference, "NO-SUCH-REF")
    ]
    for shown in (other.title_th, draft.title_th, "ราชบุรี", str(draft.province)):
        assert shown not in out
    assert fy2567().count() == 0


def test_the_officer_imports_their_own_region_and_the_history_names_them(demo, tmp_path):
    officer = staff("isan", REGIONAL_STAFF_GROUP, "NORTHEAST")
    rows = [["นครราชสีมา", 2567, "โครงการบ้านมั่นคง", 1000, "", ""]]
    path = write_xlsx(tmp_path / "isan.xlsx", HEADERS, rows)

    run("import_allocations", path, "--user", "isan")

    record = fy2567().get().history.get()
    assert record.history_user == officer
    assert record.history_change_reason == "นำเข้าจากไฟล์ isan.xlsx"


def test_a_user_without_the_permission_to_add_allocations_is_refused(demo, tmp_path):
    UserFactory(username="visitor", is_staff=True)
    path = write_xlsx(tmp_path / "a.xlsx", HEADERS, FOUR_ROWS)

    with pytest.raises(CommandError, match="visitor ไม่มีสิทธิ์เพิ่มและแก้ไขการจัดสรรงบประมาณ"):
        run("import_allocations", path, "--user", "visitor")
    with pytest.raises(CommandError, match="ไม่พบผู้ใช้ “nobody”"):
        run("import_allocations", path, "--user", "nobody")


def test_csv_with_field_names_as_headers_and_every_form_of_province(demo, tmp_path):
    headers = ["province", "fiscal_year", "programme", "amount", "staff_note"]
    rows = [
        ["30", "2567", "baan-mankong", "1", "by code"],
        ["nakhon-ratchasima", "2567", "baan-por-pieng", "2", "by slug"],
        ["Nakhon Ratchasima", "2567", "community-welfare", "3", "by English name"],
        ["นครราชสีมา", "2567", "capacity-building", "4", "by Thai name"],
    ]
    path = write_csv(tmp_path / "allocations.csv", headers, rows)

    out = run("import_allocations", path)

    assert out.count("ใหม่ (new)") == 4
    assert set(fy2567().values_list("province__slug", flat=True)) == {"nakhon-ratchasima"}


def test_a_ce_fiscal_year_and_an_unknown_province_are_named_in_thai(demo, tmp_path):
    rows = [
        ["ราชบุรี", 2024, "โครงการบ้านพอเพียง", 1, "", ""],
        ["Atlantis", 2567, "โครงการบ้านพอเพียง", 1, "", ""],
    ]
    path = write_xlsx(tmp_path / "slips.xlsx", HEADERS, rows)
    text = refused("import_allocations", path)

    assert "2024 เป็นปี ค.ศ." in text
    assert "2567" in text
    assert "ไม่พบจังหวัด “Atlantis”" in text


def test_a_file_without_a_required_column_is_refused_naming_it(demo, tmp_path):
    path = write_xlsx(tmp_path / "short.xlsx", HEADERS[:3], [row[:3] for row in FOUR_ROWS])

    with pytest.raises(CommandError, match="“จำนวนเงิน \\(บาท\\)”"):
        run("import_allocations", path)


# The admin


@pytest.fixture
def officer_client(client, demo):
    client.force_login(staff("isan", REGIONAL_STAFF_GROUP, "NORTHEAST"))
    return client


IMPORT_URL = reverse("admin:budgets_allocation_import")


def isan_rows():
    return [
        ["นครราชสีมา", 2567, "โครงการบ้านมั่นคง", 1000, "", ""],
        ["มุกดาหาร", 2567, "โครงการบ้านพอเพียง", "=1+1", "", ""],
    ]


def test_the_admin_preview_lists_every_row_and_writes_nothing(officer_client, tmp_path):
    rows = [["นครราชสีมา", 2567, "โครงการบ้านมั่นคง", 1000, "", ""]] * 1 + [
        ["มุกดาหาร", 2567, "โครงการบ้านพอเพียง", 2000, "", ""]
    ]
    path = write_xlsx(tmp_path / "isan.xlsx", HEADERS, rows)

    response = upload(officer_client, IMPORT_URL, path, 0)

    assert response.status_code == 200
    preview = response.context["result"].preview
    assert [(row.number, row.status) for row in preview] == [(2, "new"), (3, "new")]
    assert "ใหม่" in response.content.decode()
    assert fy2567().count() == 0
    assert response.context["confirm_form"] is not None


def test_confirming_the_preview_imports_with_the_user_and_the_file_name(officer_client, tmp_path):
    rows = [["นครราชสีมา", 2567, "โครงการบ้านมั่นคง", 1000, "", ""]]
    path = write_xlsx(tmp_path / "isan.xlsx", HEADERS, rows)
    response = upload(officer_client, IMPORT_URL, path, 0)
    confirm = response.context["confirm_form"].initial
    assert fy2567().count() == 0

    response = officer_client.post(
        reverse("admin:budgets_allocation_process_import"), confirm, follow=True
    )

    assert response.status_code == 200
    allocation = fy2567().get()
    record = allocation.history.get()
    assert record.history_user.username == "isan"
    assert record.history_change_reason == "นำเข้าจากไฟล์ isan.xlsx"
    assert "ใหม่ 1" in response.content.decode()


def test_the_admin_preview_names_an_error_row_and_offers_no_confirmation(officer_client, tmp_path):
    path = write_xlsx(tmp_path / "isan.xlsx", HEADERS, isan_rows())

    response = upload(officer_client, IMPORT_URL, path, 0)

    preview = response.context["result"].preview
    assert [(row.number, row.status) for row in preview] == [(2, "new"), (3, "error")]
    assert "เป็นสูตร" in " ".join(preview[1].messages)
    assert "confirm_form" not in response.context
    assert fy2567().count() == 0


def test_the_admin_refuses_a_file_with_a_row_outside_the_officers_region(officer_client, tmp_path):
    rows = [
        ["นครราชสีมา", 2567, "โครงการบ้านมั่นคง", 1000, "", ""],
        ["กาญจนบุรี", 2567, "โครงการบ้านมั่นคง", 1000, "", ""],
    ]
    path = write_xlsx(tmp_path / "isan.xlsx", HEADERS, rows)

    response = upload(officer_client, IMPORT_URL, path, 0)

    html = response.content.decode()
    assert "แถว 3 (กาญจนบุรี)" in html
    assert "confirm_form" not in response.context
    assert fy2567().count() == 0


def test_the_templates_have_the_thai_headers(officer_client, tmp_path):
    from openpyxl import load_workbook

    response = officer_client.get(
        reverse("admin:budgets_allocation_import_template", args=["xlsx"])
    )
    path = tmp_path / "template.xlsx"
    path.write_bytes(b"".join(response.streaming_content))
    header = [c.value for c in next(load_workbook(path).active.iter_rows())]
    assert header[:4] == HEADERS[:4]

    response = officer_client.get(reverse("admin:budgets_allocation_import_template", args=["csv"]))
    assert b"".join(response.streaming_content).decode("utf-8-sig").startswith("จังหวัด,")


def test_the_filled_in_template_imports(admin_client, demo, tmp_path):
    response = admin_client.get(reverse("admin:budgets_allocation_import_template", args=["xlsx"]))
    path = tmp_path / "template.xlsx"
    path.write_bytes(b"".join(response.streaming_content))

    out = run("import_allocations", path, "--dry-run")

    assert "แถว 2: ไม่เปลี่ยนแปลง (unchanged)" in out  # the example is the demo's own row


def test_staff_who_may_not_add_allocations_cannot_open_the_import(client, demo):
    client.force_login(UserFactory(username="no-permissions", is_staff=True))

    assert client.get(IMPORT_URL).status_code == 403
    template = reverse("admin:budgets_allocation_import_template", args=["csv"])
    assert client.get(template).status_code == 403


def test_rows_after_an_empty_row_keep_their_spreadsheet_numbers(demo, tmp_path):
    rows = [FOUR_ROWS[0], [None] * 6, ["ราชบุรี", 2024, "โครงการบ้านมั่นคง", 1, "", ""]]
    path = write_xlsx(tmp_path / "gap.xlsx", HEADERS, rows)
    out = refused("import_allocations", path, "--dry-run")

    assert "แถว 2: ใหม่ (new)" in out
    assert "แถว 4: ข้อผิดพลาด (error)" in out


def test_headers_typed_without_the_templates_notes_still_name_their_columns(demo, tmp_path):
    """Staff type "ปีงบประมาณ" and "จำนวนเงิน", not "ปีงบประมาณ (พ.ศ.)" and "จำนวนเงิน (บาท)"."""
    headers = ["จังหวัด", " ปีงบประมาณ ", "โครงการ", "จำนวนเงิน", "หมายเหตุ(เผยแพร่)"]
    path = write_xlsx(
        tmp_path / "typed.xlsx",
        headers,
        [["มุกดาหาร", 2569, "baan-mankong", 90000, "ส่งมอบแล้ว"]],
    )
    run("import_allocations", path)
    allocation = Allocation.objects.get(province__slug="mukdahan", fiscal_year=2569)
    assert (allocation.amount, allocation.public_note) == (Decimal("90000.00"), "ส่งมอบแล้ว")


def test_a_recipient_named_by_a_merged_spelling_is_tied_to_the_kept_record(demo, tmp_path):
    from partners.models import Organisation
    from partners.services import organisation_merge
    from tests.factories import OrganisationFactory, province

    kept = OrganisationFactory(name_th="มหาวิทยาลัยราชภัฏมุกดาหาร", province=province("mukdahan"))
    typo = OrganisationFactory(name_th="มหาวิทยาลัยราชภัฎมุกดาหาร", province=province("mukdahan"))
    organisation_merge(kept=kept, merged=[typo])
    path = write_xlsx(
        tmp_path / "recipients.xlsx",
        ["จังหวัด", "ปีงบประมาณ", "โครงการ", "จำนวนเงิน", "ผู้รับงบประมาณ"],
        [["มุกดาหาร", 2569, "baan-mankong", 90000, "มหาวิทยาลัยราชภัฎมุกดาหาร"]],
    )
    run("import_allocations", path)
    allocation = Allocation.objects.get(province__slug="mukdahan", fiscal_year=2569)
    assert allocation.recipient == kept
    assert not Organisation.objects.get(pk=typo.pk).allocations.exists()
