"""Agreements as a workbook: export_agreements, import_agreements and the admin's page.

The round trip is the issue's test: the demo data exported (with its attachments), imported into
a registry that never had it and published gives back the four agreements, their open-data
records equal field by field apart from ids, activities, allocations and attachments included.
"""

import io
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import transaction
from django.test import Client
from django.urls import reverse
from openpyxl import load_workbook

from agreements.imports import ActivityResource
from agreements.models import (
    Activity,
    Agreement,
    AgreementParty,
    Attachment,
    Responsibility,
    ScopeClause,
)
from agreements.workbook import ACTIVITIES, AGREEMENTS, ALLOCATIONS, PARTIES, agreements_workbook
from budgets.imports import AllocationResource
from budgets.models import Allocation
from importing.models import Upload
from partners.models import Organisation, Person
from records.derived import forget_all
from tests.documents import pdf, png
from tests.imports import refused, run

pytestmark = pytest.mark.django_db

REFERENCES = ["MOU-2562-71-01", "MOU-2564-49-01", "BUD-2566-70-01", "MOU-2567-30-01"]
HISTORIES = (
    Agreement,
    AgreementParty,
    ScopeClause,
    Responsibility,
    Organisation,
    Person,
    Activity,
    Allocation,
    Attachment,
)


def without_ids(value):
    if isinstance(value, dict):
        return {k: without_ids(v) for k, v in value.items() if k not in ("id", "agreement", "url")}
    if isinstance(value, list):
        return [without_ids(v) for v in value]
    return value


def named(answer):
    """The record with the ids that name other records (an allocation's recipient, an
    activity's allocation, an attachment's activity) replaced by what identifies them."""
    for allocation in answer["allocations"]:
        if allocation["recipient"] is not None:
            allocation["recipient"] = Organisation.objects.get(pk=allocation["recipient"]).name_th
    for activity in answer["activities"]:
        if activity["allocation"] is not None:
            found = Allocation.objects.get(pk=activity["allocation"])
            activity["allocation"] = (found.fiscal_year, found.programme.code)
    for attachment in answer["attachments"]:
        if attachment["activity"] is not None:
            attachment["activity"] = Activity.objects.get(pk=attachment["activity"]).title_th
    return answer


def records(client):
    answers = {}
    for agreement in Agreement.objects.filter(reference__in=REFERENCES):
        data = client.get(f"/api/v1/agreements/{agreement.pk}/").json()
        answers[agreement.reference] = without_ids(named(data))
    return answers


def history_count():
    return sum(model.history.count() for model in HISTORIES)


def attach(agreement, name, data, **fields):
    attachment = Attachment(agreement=agreement, **fields)
    attachment.file.save(name, ContentFile(data), save=False)
    attachment.save()
    return attachment


def demo_with_everything():
    """The demo data, with what it lacks of what the workbook carries: attachments (public,
    staff-only, of an activity), an allocation's recipient, a budget hand-over's allocation, a
    hidden activity."""
    call_command("load_demo_data", stdout=io.StringIO())
    korat = Agreement.objects.get(reference="MOU-2567-30-01")
    attach(
        korat, "a.pdf", pdf(), kind="annex", title_th="ภาคผนวก", title_en="Annex", is_public=True
    )
    two_pages = pdf(lambda writer: writer.add_blank_page(595, 842))
    attach(korat, "b.pdf", two_pages, title_th="ฉบับลงนาม (มีเลขบัตรประชาชน)")
    mukdahan = Agreement.objects.get(reference="MOU-2564-49-01")
    handover = mukdahan.activities.get(kind=Activity.Kind.BUDGET_HANDOVER)
    attach(
        mukdahan, "c.png", png(), kind="photo", title_th="ภาพพิธี", is_public=True, activity=handover
    )
    ratchaburi = Agreement.objects.get(reference="BUD-2566-70-01")
    allocation = ratchaburi.allocations.get(programme__code="baan-por-pieng")
    allocation.recipient = ratchaburi.parties.exclude(organisation__province=None)[0].organisation
    allocation.save()
    Activity.objects.create(
        agreement=ratchaburi,
        kind=Activity.Kind.BUDGET_HANDOVER,
        title_th="มอบงบประมาณโครงการบ้านพอเพียง",
        starts_on=ratchaburi.signed_on,
        province=ratchaburi.province,
        amount_handed_over=Decimal("1000000.00"),
        allocation=allocation,
        is_published=True,
    )
    Activity.objects.create(
        agreement=ratchaburi,
        title_th="ประชุมเตรียมงาน (ยังไม่เผยแพร่)",
        starts_on=ratchaburi.signed_on,
        province=ratchaburi.province,
    )


def test_the_demo_data_round_trips_through_a_workbook_into_an_empty_registry(
    tmp_path, central, client, media_in_tmp
):
    path, scans = tmp_path / "agreements.xlsx", tmp_path / "scans.zip"
    # The demo data lives only for the export: the import goes into a registry that never
    # had it (migrated: provinces, programmes, themes).
    with transaction.atomic():
        demo_with_everything()
        before = records(client)
        out = io.StringIO()
        call_command("export_agreements", str(path), "--scans", str(scans), stdout=out)
        transaction.set_rollback(True)
    cache.clear()
    forget_all()
    assert "4 agreements" in out.getvalue() and "scans.zip: 3 files" in out.getvalue()
    assert len(before) == 4 and before["MOU-2564-49-01"]["attachments"]
    ratchaburi = before["BUD-2566-70-01"]
    assert (2566, "baan-por-pieng") in [a["allocation"] for a in ratchaburi["activities"]]
    assert [a["recipient"] for a in ratchaburi["allocations"] if a["recipient"]]
    assert not Agreement.objects.exists() and not Organisation.objects.exists()
    assert not Person.objects.exists() and not Allocation.objects.exists()

    out = run("import_agreements", path, "--user", "central", "--scans", str(scans))
    assert out.count("ใหม่ (new)") == 4 and "แนบแล้ว 3" in out
    imported = Agreement.objects.filter(reference__in=REFERENCES)
    assert {a.review_state for a in imported} == {Agreement.ReviewState.SUBMITTED}
    korat = imported.get(reference="MOU-2567-30-01")
    history = korat.history.order_by("history_id").first()
    assert history.history_change_reason == "นำเข้าจากไฟล์ agreements.xlsx"
    assert history.history_user == central
    assert korat.attachments.get(is_public=False).title_th == "ฉบับลงนาม (มีเลขบัตรประชาชน)"
    assert not Activity.objects.get(title_th="ประชุมเตรียมงาน (ยังไม่เผยแพร่)").is_published

    # Published as a publisher would: the list's action.
    publisher = Client()
    publisher.force_login(central)
    published = publisher.post(
        reverse("admin:agreements_agreement_changelist"),
        {"action": "publish_selected", "_selected_action": [a.pk for a in imported]},
    )
    assert published.status_code == 302
    after = records(client)
    for reference in REFERENCES:
        for name, value in before[reference].items():
            assert after[reference][name] == value, (reference, name)
    assert after == before

    # A second import of the same files changes nothing.
    count = history_count()
    out = run("import_agreements", path, "--user", "central", "--scans", str(scans))
    assert out.count("ไม่เปลี่ยนแปลง (unchanged)") == 4 and "แนบไว้แล้ว 3" in out
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
        "การจัดสรรงบประมาณ",
        "กิจกรรมติดตาม",
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
    allocations = list(book["การจัดสรรงบประมาณ"].iter_rows(min_row=3, values_only=True))
    assert ("BUD-2566-70-01", "ราชบุรี", 2566, "โครงการบ้านพอเพียง", "3508500.00") in [
        r[:5] for r in allocations
    ]
    activities = list(book["กิจกรรมติดตาม"].iter_rows(min_row=3, values_only=True))
    assert [r[1] for r in activities if r[0] == REFERENCES[0]] == ["12/06/2562"]


def test_the_allocation_and_activity_sheets_have_the_headers_of_their_own_imports():
    own = {name: field.column_name for name, field in AllocationResource.fields.items()}
    for key, header, _english in ALLOCATIONS.columns:
        if key in own:
            assert header == own[key], key
    own = {name: field.column_name for name, field in ActivityResource.fields.items()}
    assert {key: header for key, header, _en in ACTIVITIES.columns if key in own} == {
        key: header for key, header in own.items() if key != "agreement"
    }


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

    token = page.context["upload"].token
    done = admin_client.post(url, {"confirm": "1", "token": token, new.field: str(kept.pk)})
    assert done.status_code == 302
    imported = Agreement.objects.get(reference="MOU-2567-30-03")
    assert imported.review_state == Agreement.ReviewState.SUBMITTED
    assert imported.parties.filter(organisation=kept).exists()
    assert not Organisation.objects.filter(name_th="มหาวิทยาลัยราชภัฎนครราชสีมา").exists()
    upload = Upload.objects.get(token=token)
    assert upload.state == Upload.State.IMPORTED and not bytes(upload.data)  # only its outcome


def korat_as(path, reference):
    """Korat's agreement as a workbook under another reference: a new agreement to import."""
    path.write_bytes(agreements_workbook(Agreement.objects.filter(reference=REFERENCES[3])))
    book = load_workbook(path)
    for sheet in book.worksheets:
        if sheet.title != "องค์กร":
            for row in sheet.iter_rows(min_row=3):
                row[0].value = reference
    book.save(path)
    return path


def test_the_admin_confirms_only_a_workbook_this_user_previewed(
    demo, tmp_path, admin_client, northeast
):
    path = korat_as(tmp_path / "korat.xlsx", "MOU-2567-30-04")
    url = reverse("admin:agreements_agreement_import_workbook")
    with open(path, "rb") as file:
        page = admin_client.post(url, {"workbook": file})
    upload = page.context["upload"]
    assert f'name="token" value="{upload.token}"' in page.content.decode()
    assert Upload.objects.get(token=upload.token).state == Upload.State.PREVIEWED

    forged = admin_client.post(url, {"confirm": "1", "token": "x" * 43}, follow=True)
    assert "ไม่พบไฟล์ที่ท่านตรวจดูไว้ในการใช้งานครั้งนี้" in forged.content.decode()
    other = Client()
    other.force_login(northeast)
    assert other.get(url).status_code == 200  # they may import, but not this file
    assert other.post(url, {"confirm": "1", "token": upload.token}).status_code == 302
    assert not Agreement.objects.filter(reference="MOU-2567-30-04").exists()
    assert Upload.objects.get(token=upload.token).state == Upload.State.PREVIEWED

    admin_client.post(url, {"confirm": "1", "token": upload.token})
    assert Agreement.objects.filter(reference="MOU-2567-30-04").exists()
    # Imported: the same token imports nothing again.
    count = Agreement.history.count()
    admin_client.post(url, {"confirm": "1", "token": upload.token})
    assert Agreement.history.count() == count


def ratchaburi_book(path):
    path.write_bytes(agreements_workbook(Agreement.objects.filter(reference=REFERENCES[2])))
    return load_workbook(path)


def test_allocations_and_activities_are_found_again_by_their_keys(demo, tmp_path, central):
    path = tmp_path / "ratchaburi.xlsx"
    book = ratchaburi_book(path)
    sheet = book["การจัดสรรงบประมาณ"]
    row = next(r for r in sheet.iter_rows(min_row=3) if r[3].value == "โครงการบ้านพอเพียง")
    row[4].value = "3600000.00"
    book["กิจกรรมติดตาม"].append(
        [REFERENCES[2], "01/03/2566", "มอบงบประมาณ", "", "การมอบงบประมาณ"]
        + [""] * 7
        + ["500000", 2566, "บ้านพอเพียง", "ใช่"]
    )
    book.save(path)
    ratchaburi = Agreement.objects.get(reference=REFERENCES[2])
    allocations = Allocation.history.count()

    out = run("import_agreements", path, "--user", "central")
    assert "เปลี่ยนแปลง (changed) BUD-2566-70-01" in out
    changed = ratchaburi.allocations.get(programme__code="baan-por-pieng")
    assert changed.amount == Decimal("3600000.00") and changed.is_published
    assert Allocation.history.count() == allocations + 1  # the three others left as they were
    handover = ratchaburi.activities.get(title_th="มอบงบประมาณ")
    assert handover.allocation == changed and handover.province == ratchaburi.province
    assert handover.history.get().history_change_reason == "นำเข้าจากไฟล์ ratchaburi.xlsx"
    assert "ไม่เปลี่ยนแปลง (unchanged)" in run("import_agreements", path, "--dry-run")


def test_a_regional_officers_allocations_wait_for_review_and_stay_in_their_regions(
    demo, tmp_path, centralwest
):
    path = tmp_path / "ratchaburi.xlsx"
    book = ratchaburi_book(path)
    book["การจัดสรรงบประมาณ"]["E3"] = "1.00"
    book.save(path)
    run("import_agreements", path, "--user", "centralwest")
    allocation = Allocation.objects.get(amount=Decimal("1.00"))
    assert not allocation.is_published and allocation.awaiting_review

    book["การจัดสรรงบประมาณ"]["B4"] = "นครราชสีมา"
    book["กิจกรรมติดตาม"].append([REFERENCES[2], "01/03/2566", "ประชุม", "", "", "", "", "", "", ""])
    book["กิจกรรมติดตาม"].append([REFERENCES[2], "01/03/2566", "ประชุม"])  # the same key
    book.save(path)
    out = refused("import_agreements", path, "--user", "centralwest")
    assert "ชีต การจัดสรรงบประมาณ แถว 4: นครราชสีมา อยู่นอกภาคของท่าน" in out
    assert "มีแถวก่อนหน้าในไฟล์ที่มีคีย์เดียวกัน" in out
    assert not Activity.objects.filter(title_th="ประชุม").exists()


def test_an_activity_naming_an_allocation_the_agreement_does_not_have_is_an_error(demo, tmp_path):
    path = tmp_path / "ratchaburi.xlsx"
    book = ratchaburi_book(path)
    book["กิจกรรมติดตาม"].append(
        [REFERENCES[2], "01/03/2566", "มอบงบประมาณ", "", "การมอบงบประมาณ"]
        + [""] * 7
        + ["", 2567, "บ้านพอเพียง"]
    )
    book.save(path)
    out = refused("import_agreements", path)
    assert "ไม่มีการจัดสรรงบประมาณปี 2567 โครงการบ้านพอเพียง ของจังหวัดราชบุรี" in out


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
