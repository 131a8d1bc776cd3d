"""A regional user's import never tells them of a record outside their regions: another
region's record is answered exactly as an unknown one (importing.resources.LookupWidget)."""

import pytest
from django.urls import reverse

from agreements.models import Agreement
from budgets.models import Allocation
from tests.imports import refused, upload, write_xlsx

pytestmark = pytest.mark.django_db

HEADERS = ["จังหวัด", "ปีงบประมาณ (พ.ศ.)", "โครงการ", "จำนวนเงิน (บาท)", "เลขที่ข้อตกลง"]


def other_regions_draft():
    draft = Agreement.objects.exclude(province__region__code="NORTHEAST").order_by("pk").first()
    draft.set_review_state(Agreement.ReviewState.DRAFT)
    draft.save()
    return draft


def preview_messages(client, path):
    response = upload(client, reverse("admin:budgets_allocation_import"), path, 0)
    return [message for row in response.context["result"].preview for message in row.messages]


def test_the_admin_answers_another_regions_draft_as_an_unknown_reference(
    client, demo, northeast, tmp_path
):
    draft = other_regions_draft()
    client.force_login(northeast)
    rows = [
        ["นครราชสีมา", 2567, "โครงการบ้านมั่นคง", 1000, draft.reference],
        ["นครราชสีมา", 2567, "โครงการบ้านพอเพียง", 1000, "MOU-0000-00-00"],
    ]
    path = write_xlsx(tmp_path / "isan.xlsx", HEADERS, rows)

    messages = preview_messages(client, path)

    assert messages == [
        f"เลขที่ข้อตกลง: ไม่พบบันทึกข้อตกลง “{reference}” หรือไม่อยู่ในภาคของท่าน"
        for reference in (draft.reference, "MOU-0000-00-00")
    ]
    html = upload(client, reverse("admin:budgets_allocation_import"), path, 0).content.decode()
    assert draft.title_th not in html and draft.province.name_th not in html


def test_central_staff_still_find_every_regions_agreement(client, demo, central, tmp_path):
    draft = other_regions_draft()
    client.force_login(central)
    rows = [[draft.province.name_th, 2567, "โครงการบ้านมั่นคง", 1000, draft.reference]]
    path = write_xlsx(tmp_path / "central.xlsx", HEADERS, rows)

    assert preview_messages(client, path) == []


def test_a_transfer_naming_another_regions_allocation_number_is_answered_as_unknown(
    demo, northeast, tmp_path
):
    from django.contrib.auth.models import Permission

    northeast.user_permissions.add(
        *Permission.objects.filter(codename__in=["add_transfer", "change_transfer"])
    )
    other = Allocation.objects.exclude(province__region__code="NORTHEAST").order_by("pk").first()
    missing = Allocation.objects.order_by("-pk").first().pk + 1000
    headers = ["เลขที่เอกสารการเงิน", "วันที่โอน (พ.ศ.)", "จำนวนเงินที่โอน (บาท)", "เลขที่การจัดสรร"]
    rows = [["FIN-1", "15/03/2566", 1, other.pk], ["FIN-2", "15/03/2566", 1, missing]]
    path = write_xlsx(tmp_path / "transfers.xlsx", headers, rows)

    out = refused("import_transfers", path, "--user", northeast.username)

    assert f"ไม่พบการจัดสรรงบประมาณเลขที่ {other.pk} หรือไม่อยู่ในภาคของท่าน" in out
    assert f"ไม่พบการจัดสรรงบประมาณเลขที่ {missing} หรือไม่อยู่ในภาคของท่าน" in out
    assert other.province.name_th not in out and f"{other.amount:,.2f}" not in out
