"""Importing follow-up activities: BE dates, agreements by reference, the region rule."""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.urls import reverse

from agreements.models import Activity, SearchDocument
from geography.access import REGIONAL_STAFF_GROUP
from geography.models import Region
from tests.factories import UserFactory
from tests.imports import refused, run, upload, write_csv, write_xlsx

pytestmark = pytest.mark.django_db

HEADERS = [
    "เลขที่ข้อตกลง",
    "วันที่ (พ.ศ.)",
    "ชื่อกิจกรรม (ไทย)",
    "จังหวัด",
    "ประเภท",
    "ถึงวันที่ (พ.ศ.)",
    "จำนวนผู้เข้าร่วม",
    "ผลที่ได้ (ไทย)",
]


def rows():
    return [
        [
            "MOU-2567-30-01",
            "10/01/2568",
            "ประชุมติดตามงานวิจัยความยากจน",
            "นครราชสีมา",
            "การประชุม",
            "",
            25,
            "",
        ],
        [
            "MOU-2564-49-01",
            "05/03/2568",
            "ลงพื้นที่บ้านหนองแวง",
            "49",
            "field visit",
            "06/03/2568",
            "",
            '=HYPERLINK("x")',
        ],
        ["", datetime.date(2025, 4, 1), "เวทีเครือข่ายจังหวัด", "khon-kaen", "", "", "", ""],
    ]


def isan_officer():
    user = UserFactory(username="isan", is_staff=True)
    user.groups.add(Group.objects.get(name=REGIONAL_STAFF_GROUP))
    Region.objects.get(code="NORTHEAST").staff.add(user)
    return user


def imported():
    return Activity.objects.filter(starts_on__year=2025)


def test_activities_are_created_with_be_dates_and_a_second_run_changes_nothing(
    demo, tmp_path, central
):
    path = write_xlsx(tmp_path / "activities.xlsx", HEADERS, rows())

    out = run("import_activities", path, "--dry-run")
    assert out.count("ใหม่ (new)") == 3
    assert not imported().exists()

    run("import_activities", path, "--user", "central")  # a publisher: published as the file says

    visit = imported().get(title_th="ลงพื้นที่บ้านหนองแวง")
    assert visit.starts_on == datetime.date(2025, 3, 5)
    assert visit.ends_on == datetime.date(2025, 3, 6)
    assert visit.kind == Activity.Kind.FIELD_VISIT
    assert visit.agreement.reference == "MOU-2564-49-01"
    assert visit.outcome_th == '=HYPERLINK("x")'
    forum = imported().get(title_th="เวทีเครือข่ายจังหวัด")
    assert forum.agreement is None
    assert forum.kind == Activity.Kind.MEETING
    assert forum.is_published
    meeting = imported().get(title_th="ประชุมติดตามงานวิจัยความยากจน")
    assert meeting.participants == 25
    assert (
        "ประชุมติดตามงานวิจัยความยากจน" in SearchDocument.objects.get(agreement=meeting.agreement).text
    )
    history = Activity.history.count()

    out = run("import_activities", path, "--user", "central")

    assert out.count("ไม่เปลี่ยนแปลง (unchanged)") == 3
    assert Activity.history.count() == history


def test_a_ce_date_is_named_with_the_be_date_meant(demo, tmp_path):
    path = write_csv(
        tmp_path / "activities.csv",
        ["agreement", "starts_on", "title_th", "province"],
        [["", "10/01/2025", "ประชุม", "นครราชสีมา"]],
    )
    out = refused("import_activities", path)

    assert "10/01/2025 เป็นปี ค.ศ. ให้เขียนวันที่เป็น พ.ศ. เช่น 10/01/2568" in out


def test_an_agreement_of_another_region_refuses_the_whole_file(demo, tmp_path):
    isan_officer()
    mixed = rows()[:2] + [
        ["MOU-2562-71-01", "12/06/2568", "อบรมต่อเนื่อง", "นครราชสีมา", "", "", "", ""]
    ]
    path = write_xlsx(tmp_path / "mixed.xlsx", HEADERS, mixed)

    out = refused("import_activities", path, "--user", "isan")

    # Named as an unknown reference is: nothing of the other region's agreement is shown.
    assert "แถว 4: ข้อผิดพลาด (error)" in out
    assert "ไม่พบบันทึกข้อตกลง “MOU-2562-71-01” หรือไม่อยู่ในภาคของท่าน" in out
    assert not imported().exists()


def test_the_officer_imports_their_regions_activities(demo, tmp_path):
    officer = isan_officer()
    path = write_xlsx(tmp_path / "isan.xlsx", HEADERS, rows())

    run("import_activities", path, "--user", "isan")

    assert {a.history.get().history_user for a in imported()} == {officer}


def test_the_admin_preview_writes_nothing_until_confirmed(client, demo, tmp_path):
    client.force_login(isan_officer())
    path = write_xlsx(tmp_path / "activities.xlsx", HEADERS, rows())

    response = upload(client, reverse("admin:agreements_activity_import"), path, 0)

    html = response.content.decode()
    assert "ตัวอย่างก่อนนำเข้า" in html
    assert [row.number for row in response.context["result"].preview] == [2, 3, 4]
    assert not imported().exists()

    response = client.post(
        reverse("admin:agreements_activity_process_import"),
        response.context["confirm_form"].initial,
        follow=True,
    )

    assert imported().count() == 3
    assert "นำเข้ากิจกรรมติดตามแล้ว: ใหม่ 3" in response.content.decode()
