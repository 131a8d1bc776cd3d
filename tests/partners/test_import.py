"""Importing organisations: the key is the Thai name with the province (none = national)."""

import pytest
from django.contrib.auth.models import Group
from django.core.management.base import CommandError
from django.urls import reverse

from geography.access import REGIONAL_STAFF_GROUP
from geography.models import Region
from partners import services
from partners.models import Organisation
from tests.factories import OrganisationFactory, UserFactory, province
from tests.imports import refused, run, upload, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADERS = ["ชื่อ (ไทย)", "จังหวัด", "ชื่อย่อ (ไทย)", "ประเภท", "สังกัด", "เว็บไซต์"]


def rows():
    return [
        ["สถาบันทดสอบการนำเข้า", "", "สทน.", "อื่น ๆ", "", ""],
        ["สำนักงานทดสอบภาคอีสาน", "นครราชสีมา", "", "CODI office", "สทน.", ""],
        ["มหาวิทยาลัยทดสอบ", "TH-30", "", "university", "", "https://example.org/"],
    ]


def test_organisations_are_created_then_left_alone_on_a_second_run(db, tmp_path):
    path = write_xlsx(tmp_path / "organisations.xlsx", HEADERS, rows())

    out = run("import_organisations", path)

    assert out.count("ใหม่ (new)") == 3
    office = Organisation.objects.get(name_th="สำนักงานทดสอบภาคอีสาน")
    assert office.province == province("nakhon-ratchasima")
    assert office.kind == Organisation.Kind.CODI_OFFICE
    assert office.parent.name_th == "สถาบันทดสอบการนำเข้า"  # by its short name
    assert Organisation.objects.get(name_th="สถาบันทดสอบการนำเข้า").province is None
    history = Organisation.history.count()

    out = run("import_organisations", path)

    assert out.count("ไม่เปลี่ยนแปลง (unchanged)") == 3
    assert Organisation.history.count() == history


def test_the_same_name_in_another_province_is_another_organisation(db, tmp_path):
    existing = OrganisationFactory(name_th="เครือข่ายทดสอบ", province=province("kanchanaburi"))
    path = write_csv(
        tmp_path / "organisations.csv",
        ["name_th", "province", "website"],
        [
            ["เครือข่ายทดสอบ", "ratchaburi", ""],
            ["เครือข่ายทดสอบ", "kanchanaburi", "https://a.example/"],
        ],
    )

    out = run("import_organisations", path)

    assert "แถว 2: ใหม่ (new)" in out
    assert "แถว 3: เปลี่ยนแปลง (changed)" in out
    existing.refresh_from_db()
    assert existing.website == "https://a.example/"
    assert existing.version == 2


def test_an_unknown_kind_and_parent_are_named_in_thai(db, tmp_path):
    path = write_xlsx(
        tmp_path / "bad.xlsx", HEADERS, [["องค์กรทดสอบ", "", "", "สโมสร", "ไม่มีองค์กรนี้", ""]]
    )
    out = refused("import_organisations", path)
    assert "ประเภท: “สโมสร” ไม่ใช่ค่าที่รับ" in out
    assert "สังกัด: ไม่พบหน่วยงาน/องค์กร “ไม่มีองค์กรนี้”" in out
    assert not Organisation.objects.filter(name_th="องค์กรทดสอบ").exists()


def test_a_northeastern_officer_cannot_import_an_organisation_of_kanchanaburi(db, tmp_path):
    user = UserFactory(username="isan", is_staff=True)
    user.groups.add(Group.objects.get(name=REGIONAL_STAFF_GROUP))
    Region.objects.get(code="NORTHEAST").staff.add(user)
    path = write_xlsx(
        tmp_path / "isan.xlsx",
        HEADERS,
        [["องค์กรอีสาน", "มุกดาหาร", "", "", "", ""], ["องค์กรตะวันตก", "กาญจนบุรี", "", "", "", ""]],
    )

    with pytest.raises(CommandError, match=r"แถว 3 \(กาญจนบุรี\)"):
        run("import_organisations", path, "--user", "isan")
    assert not Organisation.objects.filter(name_th="องค์กรอีสาน").exists()


def test_the_admin_previews_then_imports_organisations(admin_client, tmp_path):
    path = write_xlsx(tmp_path / "organisations.xlsx", HEADERS, rows())
    url = reverse("admin:partners_organisation_import")

    response = upload(admin_client, url, path, 0)

    assert [row.status for row in response.context["result"].preview] == ["new"] * 3
    assert not Organisation.objects.filter(name_th="มหาวิทยาลัยทดสอบ").exists()

    admin_client.post(
        reverse("admin:partners_organisation_process_import"),
        response.context["confirm_form"].initial,
    )

    record = Organisation.objects.get(name_th="มหาวิทยาลัยทดสอบ").history.get()
    assert record.history_user.username == "central"
    assert record.history_change_reason == "นำเข้าจากไฟล์ organisations.xlsx"


def test_a_row_naming_a_merged_record_is_refused_with_the_name_to_write(db, tmp_path):
    korat = province("nakhon-ratchasima")
    kept = OrganisationFactory(name_th="มหาวิทยาลัยราชภัฏทดสอบ", province=korat)
    alias = OrganisationFactory(name_th="มหาวิทยาลัยราชภัฎทดสอบ", province=korat)
    services.organisation_merge(kept=kept, merged=[alias])
    path = write_xlsx(
        tmp_path / "alias.xlsx",
        HEADERS,
        [["มหาวิทยาลัยราชภัฎทดสอบ", "นครราชสีมา", "มรภ.ทดสอบ", "", "", ""]],
    )
    out = refused("import_organisations", path)

    assert (
        "“มหาวิทยาลัยราชภัฎทดสอบ” ถูกรวมเข้ากับ “มหาวิทยาลัยราชภัฏทดสอบ” แล้ว: "
        "ให้เขียนแถวนี้เป็น “มหาวิทยาลัยราชภัฏทดสอบ”"
    ) in out
    alias.refresh_from_db()
    assert alias.short_name_th == "" and alias.is_alias


@pytest.mark.parametrize("language", ["th", "en"])
def test_a_kind_is_read_by_its_thai_or_english_label_whatever_language_is_active(language):
    from django.utils import translation

    from importing.resources import ChoiceWidget

    widget = ChoiceWidget(Organisation.Kind)
    with translation.override(language):
        assert widget.clean("อื่น ๆ") == Organisation.Kind.OTHER
        assert widget.clean("CODI office") == Organisation.Kind.CODI_OFFICE
        assert widget.clean("university") == Organisation.Kind.UNIVERSITY
