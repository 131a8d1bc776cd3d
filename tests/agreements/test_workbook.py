"""Agreements as a workbook: export_agreements, import_agreements and the admin's page.

The round trip is the issue's test: the demo data exported, the registry emptied, the workbook
imported and published gives back the four agreements, their open-data records equal field by
field apart from ids (activities, allocations and attachments have imports of their own).
"""

import io

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import ProtectedError
from django.urls import reverse
from openpyxl import load_workbook

from agreements import review
from agreements.models import (
    Agreement,
    AgreementParty,
    Responsibility,
    ScopeClause,
)
from agreements.workbook import AGREEMENTS, PARTIES, agreements_workbook
from partners.models import Organisation, Person
from tests.imports import refused, run

pytestmark = pytest.mark.django_db

REFERENCES = ["MOU-2562-71-01", "MOU-2564-49-01", "BUD-2566-70-01", "MOU-2567-30-01"]
# Imported separately (import_activities, import_allocations) or uploaded (attach_scans).
OTHER_IMPORTS = ("activities", "allocations", "attachments")
HISTORIES = (Agreement, AgreementParty, ScopeClause, Responsibility, Organisation, Person)


def without_ids(value):
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k not in ("id", "agreement")}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def records(client):
    answers = {}
    for agreement in Agreement.objects.filter(reference__in=REFERENCES):
        data = client.get(f"/api/v1/agreements/{agreement.pk}/").json()
        answers[agreement.reference] = without_ids(
            {k: v for k, v in data.items() if k not in OTHER_IMPORTS}
        )
    return answers


def history_count():
    return sum(model.history.count() for model in HISTORIES)


def empty_registry():
    """Delete every row the demo data made (agreements, what hangs off them, organisations,
    people, proposals), leaving the reference data of migrations."""
    models = [
        model
        for label in ("tracking", "proposals", "budgets", "agreements", "partners")
        for model in apps.get_app_config(label).get_models()
        if not model.__name__.startswith("Historical")
        and model.__name__ not in ("Theme", "Programme", "PartnerTotal")
        and not model._meta.proxy
    ]
    for _attempt in range(6):
        left = False
        for model in models:
            try:
                with transaction.atomic():
                    if model.__name__ == "Agreement":
                        model.objects.filter(renews__isnull=False).delete()
                    if model is Organisation:
                        model.objects.filter(successor__isnull=False).delete()
                        for _level in range(3):
                            model.objects.filter(units__isnull=True, parent__isnull=False).delete()
                    model.objects.all().delete()
            except ProtectedError as error:
                left = error
        if not left:
            return
    raise AssertionError(f"the demo data could not be deleted: {left}")


def test_the_demo_data_round_trips_through_a_workbook(demo, tmp_path, central, client):
    before = records(client)
    assert len(before) == 4
    path = tmp_path / "agreements.xlsx"
    out = io.StringIO()
    call_command("export_agreements", str(path), stdout=out)
    assert "4 agreements" in out.getvalue()

    empty_registry()
    assert not Agreement.objects.exists()
    assert not Organisation.objects.exists() and not Person.objects.exists()

    out = run("import_agreements", path, "--user", "central")
    assert "ใหม่ (new)" in out and "นำเข้า" in out
    imported = Agreement.objects.filter(reference__in=REFERENCES)
    assert {a.review_state for a in imported} == {Agreement.ReviewState.SUBMITTED}
    korat = imported.get(reference="MOU-2567-30-01")
    history = korat.history.order_by("history_id").first()
    assert history.history_change_reason == "นำเข้าจากไฟล์ agreements.xlsx"
    assert history.history_user == central

    for agreement in imported:
        review.agreement_publish(agreement=agreement, user=central)
    after = records(client)
    for reference in REFERENCES:
        for name, value in before[reference].items():
            assert after[reference][name] == value, (reference, name)

    # A second import of the same file changes nothing.
    count = history_count()
    out = run("import_agreements", path, "--user", "central")
    assert out.count("ไม่เปลี่ยนแปลง (unchanged)") == 4
    assert history_count() == count
    assert records(client) == after


def test_the_workbook_has_a_sheet_per_kind_of_row_with_thai_headers(demo, tmp_path):
    path = tmp_path / "a.xlsx"
    path.write_bytes(agreements_workbook(Agreement.objects.all()))
    book = load_workbook(path)
    assert book.sheetnames == [
        "ข้อตกลง",
        "องค์กร",
        "ภาคี",
        "ขอบเขตความร่วมมือ",
        "บทบาทหน้าที่",
        "พื้นที่ครอบคลุม",
        "การต่ออายุ",
    ]
    agreements = book["ข้อตกลง"]
    assert [c.value for c in agreements[1]][:3] == AGREEMENTS.headers()[:3]
    assert agreements["A2"].value == "reference"  # the English names, as a note
    korat = [r for r in agreements.iter_rows(min_row=3, values_only=True) if r[0] == REFERENCES[3]]
    assert korat[0][6] == "23/05/2567"
    parties = [
        r for r in book["ภาคี"].iter_rows(min_row=3, values_only=True) if r[0] == REFERENCES[1]
    ]
    assert len([r for r in parties if r[1] == "ภาคีผู้ลงนาม"]) == 7
    assert [c.value for c in book["ภาคี"][1]] == PARTIES.headers()
    duties = [r for r in book["บทบาทหน้าที่"].iter_rows(min_row=3, values_only=True)]
    assert len([r for r in duties if r[0] == REFERENCES[1]]) == 27


def test_a_changed_row_updates_the_agreement_with_history_and_sends_it_for_review(
    demo, tmp_path, central
):
    path = tmp_path / "changed.xlsx"
    path.write_bytes(agreements_workbook(Agreement.objects.filter(reference=REFERENCES[3])))
    book = load_workbook(path)
    sheet = book["ข้อตกลง"]
    sheet["D3"] = "A new English title"
    book["ขอบเขตความร่วมมือ"]["C3"] = "ข้อ 1 ที่แก้ไขแล้ว"
    book.save(path)

    out = run("import_agreements", path, "--dry-run")
    assert "เปลี่ยนแปลง (changed)" in out
    korat = Agreement.objects.get(reference=REFERENCES[3])
    assert korat.title_en != "A new English title"

    run("import_agreements", path, "--user", "central")
    korat.refresh_from_db()
    assert korat.title_en == "A new English title"
    assert korat.review_state == Agreement.ReviewState.SUBMITTED
    assert korat.clauses.get(order=1).text_th == "ข้อ 1 ที่แก้ไขแล้ว"
    assert korat.clauses.count() == 4
    assert korat.history.filter(history_change_reason="นำเข้าจากไฟล์ changed.xlsx").exists()


def test_a_regional_officer_may_not_import_another_regions_agreement(demo, tmp_path, centralwest):
    path = tmp_path / "korat.xlsx"
    path.write_bytes(agreements_workbook(Agreement.objects.filter(reference=REFERENCES[3])))
    book = load_workbook(path)
    book["ข้อตกลง"]["A3"] = "MOU-2567-30-99"
    book["ข้อตกลง"]["D3"] = "Changed"
    for sheet in ("ภาคี", "ขอบเขตความร่วมมือ", "บทบาทหน้าที่", "พื้นที่ครอบคลุม"):
        for row in book[sheet].iter_rows(min_row=3):
            row[0].value = "MOU-2567-30-99"
    book.save(path)
    out = refused("import_agreements", path, "--user", "centralwest")
    assert "นครราชสีมา อยู่นอกภาคของท่าน" in out
    assert not Agreement.objects.filter(reference="MOU-2567-30-99").exists()


def test_new_organisations_and_people_are_listed_with_close_matches(demo, tmp_path):
    path = tmp_path / "new.xlsx"
    path.write_bytes(agreements_workbook(Agreement.objects.filter(reference=REFERENCES[3])))
    book = load_workbook(path)
    book["ข้อตกลง"]["A3"] = "MOU-2567-30-02"
    for sheet in ("ภาคี", "ขอบเขตความร่วมมือ", "บทบาทหน้าที่", "พื้นที่ครอบคลุม"):
        for row in book[sheet].iter_rows(min_row=3):
            row[0].value = "MOU-2567-30-02"
    # A typo in a university's name and in a signatory's: close to the existing records.
    for row in book["ภาคี"].iter_rows(min_row=3):
        if row[3].value == "มหาวิทยาลัยราชภัฏนครราชสีมา":
            row[3].value = "มหาวิทยาลัยราชภัฎนครราชสีมา"
            row[7].value = "รศ.ดร.อดิศร  เนาวนนท"
    book.save(path)

    out = run("import_agreements", path, "--dry-run")
    assert "New organisations: 1" in out or "องค์กรใหม่: 1" in out
    assert "มหาวิทยาลัยราชภัฎนครราชสีมา" in out
    assert "มหาวิทยาลัยราชภัฏนครราชสีมา (นครราชสีมา)" in out  # the close match
    assert "รศ.ดร.อดิศร เนาวนนท์" in out
    assert not Agreement.objects.filter(reference="MOU-2567-30-02").exists()


def test_a_row_in_error_refuses_the_whole_file(demo, tmp_path):
    path = tmp_path / "bad.xlsx"
    path.write_bytes(agreements_workbook(Agreement.objects.all()))
    book = load_workbook(path)
    book["ข้อตกลง"]["G3"] = "12/06/2019"  # a CE year
    book["ข้อตกลง"]["D4"] = "changed, but the file is refused"
    book.save(path)
    out = refused("import_agreements", path)
    assert "ข้อผิดพลาด (error)" in out
    assert not Agreement.objects.filter(title_en="changed, but the file is refused").exists()


def test_the_admin_previews_then_imports_the_workbook_with_a_picked_organisation(
    demo, tmp_path, admin_client
):
    path = tmp_path / "admin.xlsx"
    path.write_bytes(agreements_workbook(Agreement.objects.filter(reference=REFERENCES[3])))
    book = load_workbook(path)
    book["ข้อตกลง"]["A3"] = "MOU-2567-30-03"
    for sheet in ("ภาคี", "ขอบเขตความร่วมมือ", "บทบาทหน้าที่", "พื้นที่ครอบคลุม"):
        for row in book[sheet].iter_rows(min_row=3):
            row[0].value = "MOU-2567-30-03"
    for row in book["ภาคี"].iter_rows(min_row=3):
        if row[3].value == "มหาวิทยาลัยราชภัฏนครราชสีมา":
            row[3].value = "มหาวิทยาลัยราชภัฎนครราชสีมา"
    book.save(path)
    url = reverse("admin:agreements_agreement_import_workbook")
    assert admin_client.get(url).status_code == 200
    with open(path, "rb") as file:
        page = admin_client.post(url, {"workbook": file})
    assert page.status_code == 200
    preview = page.content.decode()
    assert "MOU-2567-30-03" in preview and "มหาวิทยาลัยราชภัฎนครราชสีมา" in preview
    plan = page.context["plan"]
    new = next(iter(plan.new_organisations.values()))
    kept = Organisation.objects.get(name_th="มหาวิทยาลัยราชภัฏนครราชสีมา")
    assert (kept.pk, "มหาวิทยาลัยราชภัฏนครราชสีมา (นครราชสีมา)") in new.close

    done = admin_client.post(url, {"confirm": "1", new.field: str(kept.pk)})
    assert done.status_code == 302
    imported = Agreement.objects.get(reference="MOU-2567-30-03")
    assert imported.review_state == Agreement.ReviewState.SUBMITTED
    assert imported.parties.filter(organisation=kept).exists()
    assert not Organisation.objects.filter(name_th="มหาวิทยาลัยราชภัฎนครราชสีมา").exists()


def test_the_admin_workbook_page_needs_the_import_permission(client, nogroup):
    client.force_login(nogroup)
    response = client.get(reverse("admin:agreements_agreement_import_workbook"))
    assert response.status_code == 403


def test_a_renewal_of_another_regions_agreement_reads_as_an_unknown_one(demo, tmp_path, northeast):
    path = tmp_path / "renews.xlsx"
    path.write_bytes(agreements_workbook(Agreement.objects.filter(reference=REFERENCES[3])))
    book = load_workbook(path)
    book["การต่ออายุ"].append(["MOU-2567-30-01", "MOU-2562-71-01"])  # Central West's
    book.save(path)
    other = refused("import_agreements", path, "--user", "northeast")
    book["การต่ออายุ"]["B3"] = "MOU-2500-00-00"  # no such agreement
    book.save(path)
    unknown = refused("import_agreements", path, "--user", "northeast")
    assert "ไม่พบบันทึกข้อตกลง “MOU-2562-71-01” หรือไม่อยู่ในภาคของท่าน" in other
    assert "ไม่พบบันทึกข้อตกลง “MOU-2500-00-00” หรือไม่อยู่ในภาคของท่าน" in unknown
    assert "กาญจนบุรี" not in other


def test_a_text_beginning_with_a_formula_sign_stays_text_both_ways(demo, tmp_path):
    korat = Agreement.objects.get(reference=REFERENCES[3])
    Agreement.objects.filter(pk=korat.pk).update(summary_en='=HYPERLINK("http://x")')
    path = tmp_path / "formula.xlsx"
    path.write_bytes(agreements_workbook(Agreement.objects.filter(pk=korat.pk)))
    cell = load_workbook(path)["ข้อตกลง"]["F3"]
    assert cell.data_type == "s" and cell.value == '=HYPERLINK("http://x")'
    out = run("import_agreements", path, "--dry-run")
    assert "ไม่เปลี่ยนแปลง (unchanged)" in out


def test_the_admin_exports_the_selected_agreements_and_an_empty_template(demo, admin_client):
    url = reverse("admin:agreements_agreement_changelist")
    korat = Agreement.objects.get(reference=REFERENCES[3])
    response = admin_client.post(url, {"action": "export_workbook", "_selected_action": [korat.pk]})
    book = load_workbook(io.BytesIO(response.content))
    assert [row[0] for row in book["ข้อตกลง"].iter_rows(min_row=3, values_only=True)] == [
        REFERENCES[3]
    ]
    template = admin_client.get(reverse("admin:agreements_agreement_workbook_template"))
    book = load_workbook(io.BytesIO(template.content))
    assert book["ภาคี"].max_row == 2  # the headers only


def test_a_regional_officers_preview_refuses_another_regions_rows_in_the_admin(
    demo, tmp_path, staff_client
):
    path = tmp_path / "kanchanaburi.xlsx"
    path.write_bytes(agreements_workbook(Agreement.objects.filter(reference=REFERENCES[0])))
    url = reverse("admin:agreements_agreement_import_workbook")
    with open(path, "rb") as file:
        page = staff_client.post(url, {"workbook": file})
    content = page.content.decode()
    assert "ใช้เลขที่ข้อตกลง MOU-2562-71-01 ไม่ได้" in content
    assert 'name="confirm"' not in content
    assert staff_client.post(url, {"confirm": "1"}).status_code == 302  # nothing waits
    assert Agreement.objects.get(reference=REFERENCES[0]).review_state == "published"


def test_the_workbook_is_read_within_the_import_limits(demo, tmp_path, settings):
    path = tmp_path / "agreements.xlsx"
    run("export_agreements", path)
    settings.IMPORT_MAX_ROWS = 2  # the four demo agreements are more

    with pytest.raises(CommandError, match="เกิน 2 แถว"):
        run("import_agreements", path)
    assert Agreement.objects.count() == 4  # nothing was written
