"""Recording progress on commitments: the "track commitments" page of an agreement and the
progress update admin, for regional staff (Northeast) and their confinement to their region."""

import datetime

import pytest
from django.contrib.auth.models import Group

from agreements.models import Responsibility, ScopeClause
from geography.access import REGIONAL_STAFF_GROUP
from geography.models import Region
from tests.factories import (
    TODAY,
    ActivityFactory,
    AgreementFactory,
    AgreementPartyFactory,
    OrganisationFactory,
    ResponsibilityFactory,
    ScopeClauseFactory,
    UserFactory,
    province,
)
from tests.queries import ADMIN_OVERHEAD, assert_constant_queries
from tracking.models import ProgressUpdate

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("pinned_today")]

S = ProgressUpdate.Status
TODAY_BE = "21/11/2569"  # tests.factories.TODAY


def agreement_with_commitments(slug="mukdahan", **fields):
    """An agreement with two scope clauses and two parties, the first with two duties."""
    agreement = AgreementFactory(province=province(slug), **fields)
    ScopeClauseFactory(agreement=agreement, order=1, text_th="พัฒนาที่อยู่อาศัยชุมชน")
    ScopeClauseFactory(agreement=agreement, order=2, text_th="ส่งเสริมอาชีพ")
    university = AgreementPartyFactory(
        agreement=agreement,
        order=1,
        organisation=OrganisationFactory(name_th=f"มหาวิทยาลัยราชภัฏ{agreement.province}"),
    )
    ResponsibilityFactory(party=university, order=1, text_th="จัดทำงานวิจัย")
    ResponsibilityFactory(party=university, order=2, text_th="ถ่ายทอดองค์ความรู้")
    AgreementPartyFactory(agreement=agreement, order=2)
    return agreement


def progress_url(agreement):
    return f"/admin/tracking/progressupdate/agreement/{agreement.pk}/"


def unchanged_rows(agreement):
    """What the page sends for every commitment left as it was shown."""
    data = {}
    prefixes = [f"clause-{c.pk}" for c in ScopeClause.objects.filter(agreement=agreement)]
    prefixes += [f"duty-{d.pk}" for d in Responsibility.objects.filter(party__agreement=agreement)]
    for prefix in prefixes:
        data.update(
            {
                f"{prefix}-status": "",
                f"{prefix}-recorded_on": TODAY_BE,
                f"{prefix}-note_th": "",
                f"{prefix}-note_en": "",
                f"{prefix}-activity": "",
            }
        )
    return data


def update(data, prefix, **fields):
    data.update({f"{prefix}-{name}": value for name, value in fields.items()})
    return data


@pytest.fixture
def agreement():
    return agreement_with_commitments()


def test_staff_record_progress_on_a_clause_and_a_duty_in_one_save(staff_client, agreement):
    clause = agreement.clauses.get(order=1)
    duty = Responsibility.objects.get(text_th="จัดทำงานวิจัย")
    visit = ActivityFactory(agreement=agreement, title_th="ลงพื้นที่ติดตามผล")
    data = unchanged_rows(agreement)
    update(data, f"clause-{clause.pk}", status=S.IN_PROGRESS, note_th="สร้างบ้านแล้ว 20 หลัง")
    update(
        data,
        f"duty-{duty.pk}",
        status=S.DONE,
        recorded_on="01/10/2569",
        note_en="Report delivered",
        activity=str(visit.pk),
    )

    response = staff_client.post(progress_url(agreement), data)

    assert response.status_code == 302
    assert response["Location"] == progress_url(agreement)
    on_clause = ProgressUpdate.objects.get(clause=clause)
    assert (on_clause.status, on_clause.recorded_on, on_clause.note_th) == (
        S.IN_PROGRESS,
        TODAY,
        "สร้างบ้านแล้ว 20 หลัง",
    )
    on_duty = ProgressUpdate.objects.get(responsibility=duty)
    assert (on_duty.status, on_duty.recorded_on, on_duty.note_en, on_duty.activity) == (
        S.DONE,
        datetime.date(2026, 10, 1),
        "Report delivered",
        visit,
    )
    assert ProgressUpdate.objects.count() == 2  # the commitments left alone got nothing
    assert on_duty.history.get().history_user.username == "northeast"

    page = staff_client.get(progress_url(agreement))
    assert "บันทึกความก้าวหน้าแล้ว 2 รายการ" in page.text
    assert "กำลังดำเนินการ" in page.text and "สร้างบ้านแล้ว 20 หลัง" in page.text
    assert "ดำเนินการแล้ว" in page.text and "1 ต.ค. 2569" in page.text


def test_the_latest_update_is_the_current_progress(admin_client, agreement):
    # Recorded by a publisher: published as they are saved (records.publication).
    staff_client = admin_client
    clause = agreement.clauses.get(order=1)
    prefix = f"clause-{clause.pk}"
    for status, day in [(S.IN_PROGRESS, "01/09/2569"), (S.NOT_STARTED, "01/03/2569")]:
        data = update(unchanged_rows(agreement), prefix, status=status, recorded_on=day)
        assert staff_client.post(progress_url(agreement), data).status_code == 302

    # The update entered last is about an earlier day: the later day's update stays current.
    current = ScopeClause.objects.with_progress().get(pk=clause.pk)
    assert (current.progress, current.progress_on) == (S.IN_PROGRESS, datetime.date(2026, 9, 1))

    data = update(unchanged_rows(agreement), prefix, status=S.DONE, recorded_on="01/09/2569")
    staff_client.post(progress_url(agreement), data)

    # Same day: the one entered last wins.
    assert ScopeClause.objects.with_progress().get(pk=clause.pk).progress == S.DONE
    assert clause.progress_updates.count() == 3


def test_regional_progress_waits_for_a_publisher_and_is_shown_as_waiting(
    staff_client, superuser, agreement
):
    from django.test import Client

    visitor, publisher = Client(), Client()
    publisher.force_login(superuser)
    clause = agreement.clauses.get(order=1)
    data = update(
        unchanged_rows(agreement),
        f"clause-{clause.pk}",
        status=S.DONE,
        recorded_on="01/09/2569",
        note_th="ส่งมอบบ้านครบแล้ว",
    )

    response = staff_client.post(progress_url(agreement), data, follow=True)

    assert "เมื่อผู้เผยแพร่เผยแพร่แล้ว" in response.text
    waiting = ProgressUpdate.objects.get(clause=clause)
    assert (waiting.is_published, waiting.awaiting_review) == (False, True)
    assert ScopeClause.objects.with_progress().get(pk=clause.pk).progress is None
    assert "รอตรวจ" in response.text and "ส่งมอบบ้านครบแล้ว" in response.text
    public_page = f"/agreements/{agreement.pk}/"
    assert "ส่งมอบบ้านครบแล้ว" not in visitor.get(public_page).text

    changelist = "/admin/tracking/progressupdate/"
    published = publisher.post(
        changelist, {"action": "publish_records", "_selected_action": [waiting.pk]}
    )

    assert published.status_code == 302
    assert ScopeClause.objects.with_progress().get(pk=clause.pk).progress == S.DONE
    assert "ส่งมอบบ้านครบแล้ว" in visitor.get(public_page).text
    assert waiting.history.latest().history_user.username == "central"


def test_the_page_lists_every_commitment_by_party_with_not_recorded_and_todays_date(
    staff_client, agreement
):
    response = staff_client.get(progress_url(agreement))

    assert response.status_code == 200
    text = response.text
    for commitment in ["พัฒนาที่อยู่อาศัยชุมชน", "ส่งเสริมอาชีพ", "จัดทำงานวิจัย", "ถ่ายทอดองค์ความรู้"]:
        assert commitment in text
    assert text.index("ส่งเสริมอาชีพ") < text.index("มหาวิทยาลัยราชภัฏมุกดาหาร")
    assert text.index("มหาวิทยาลัยราชภัฏมุกดาหาร") < text.index("จัดทำงานวิจัย")
    assert text.count("ยังไม่มีการบันทึก") == 4
    assert text.count(f'value="{TODAY_BE}"') == 4
    assert "ขอบเขตความร่วมมือ" in text


def test_a_save_with_nothing_filled_in_records_nothing(staff_client, agreement):
    response = staff_client.post(progress_url(agreement), unchanged_rows(agreement), follow=True)

    assert not ProgressUpdate.objects.exists()
    assert "ไม่ได้บันทึก" in response.text


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"note_th": "มีความคืบหน้า"}, "ฟิลด์นี้จำเป็น"),  # a note but no progress chosen
        ({"status": S.DONE, "recorded_on": "31/02/2569"}, "23/05/2567"),  # no such day
        ({"status": S.DONE, "recorded_on": "22/11/2569"}, "วันที่ต้องไม่อยู่ในอนาคต"),
        ({"status": "finished"}, "เลือกตัวเลือกที่ถูกต้อง"),
    ],
)
def test_one_invalid_row_keeps_every_row_unsaved_and_says_why_in_thai(
    staff_client, agreement, fields, message
):
    good, bad = agreement.clauses.order_by("order")
    data = update(unchanged_rows(agreement), f"clause-{good.pk}", status=S.DONE)
    update(data, f"clause-{bad.pk}", **fields)

    response = staff_client.post(progress_url(agreement), data)

    assert response.status_code == 200
    assert not ProgressUpdate.objects.exists()
    assert message in response.text
    assert "ยังไม่ได้บันทึก" in response.text
    # What was typed is still there to be corrected.
    assert '<option value="done" selected>' in response.text


def test_an_activity_of_another_agreement_is_refused(staff_client, agreement):
    other = ActivityFactory(agreement=AgreementFactory(province=province("mukdahan")))
    clause = agreement.clauses.first()
    data = update(
        unchanged_rows(agreement), f"clause-{clause.pk}", status=S.DONE, activity=str(other.pk)
    )

    response = staff_client.post(progress_url(agreement), data)

    assert response.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in response.text
    assert not ProgressUpdate.objects.exists()


def test_the_activity_drop_down_offers_only_this_agreements_activities(staff_client, agreement):
    ActivityFactory(agreement=agreement, title_th="ประชุมคณะทำงานร่วม")
    ActivityFactory(agreement=AgreementFactory(province=province("mukdahan")), title_th="งานอื่น")

    text = staff_client.get(progress_url(agreement)).text

    assert "1 ก.พ. 2567 – ประชุมคณะทำงานร่วม" in text
    assert "งานอื่น" not in text


@pytest.mark.parametrize("method", ["get", "post"])
def test_another_regions_agreement_is_refused(staff_client, method):
    ratchaburi = agreement_with_commitments("ratchaburi", title_th="ข้อตกลงภาคกลาง")
    clause = ratchaburi.clauses.first()
    data = update(unchanged_rows(ratchaburi), f"clause-{clause.pk}", status=S.DONE)

    response = getattr(staff_client, method)(progress_url(ratchaburi), data)

    assert response.status_code == 403
    assert "ข้อตกลงภาคกลาง" not in response.text
    assert not ProgressUpdate.objects.exists()


def test_an_unknown_agreement_is_not_found(staff_client):
    assert staff_client.get("/admin/tracking/progressupdate/agreement/999999/").status_code == 404
    assert staff_client.get("/admin/tracking/progressupdate/agreement/abc/").status_code == 404


def test_staff_who_may_not_add_updates_see_the_page_without_the_form(client, agreement):
    viewer = UserFactory(username="viewer", is_staff=True, is_superuser=False)
    viewer.user_permissions.add(*Group.objects.get(name=REGIONAL_STAFF_GROUP).permissions.all())
    viewer.user_permissions.remove(*viewer.user_permissions.filter(codename="add_progressupdate"))
    Region.objects.get(code="NORTHEAST").staff.add(viewer)
    client.force_login(viewer)
    clause = agreement.clauses.first()

    page = client.get(progress_url(agreement))
    refused = client.post(
        progress_url(agreement),
        update(unchanged_rows(agreement), f"clause-{clause.pk}", status=S.DONE),
    )

    assert page.status_code == 200
    assert "พัฒนาที่อยู่อาศัยชุมชน" in page.text
    assert f"clause-{clause.pk}-status" not in page.text
    assert refused.status_code == 403
    assert not ProgressUpdate.objects.exists()


def test_the_agreement_list_and_page_link_to_the_tracking_page(staff_client, agreement):
    assert progress_url(agreement) in staff_client.get("/admin/agreements/agreement/").text
    change = staff_client.get(f"/admin/agreements/agreement/{agreement.pk}/change/")
    assert progress_url(agreement) in change.text


def test_the_page_makes_the_same_queries_with_more_commitments(admin_client, agreement):
    ActivityFactory(agreement=agreement)

    def add_rows():
        for _ in range(5):
            ScopeClauseFactory(agreement=agreement)
            party = AgreementPartyFactory(agreement=agreement)
            ResponsibilityFactory(party=party)
            ResponsibilityFactory(party=party)
            ActivityFactory(agreement=agreement)
            ProgressUpdate.objects.create(
                clause=agreement.clauses.first(), status=S.DONE, recorded_on=TODAY
            )

    # the agreement with its status and party count; the clauses with their progress; the
    # parties; their duties with their progress; the agreement's activities; the updates
    # awaiting review
    assert_constant_queries(
        admin_client, progress_url(agreement), add_rows, exactly=ADMIN_OVERHEAD + 6
    )


# The progress update admin


def updates_in_two_regions():
    """A Northeastern update on a clause and a Central one on a duty: the two ways an update
    reaches its region."""
    northeast = agreement_with_commitments("mukdahan", reference="NE-1")
    central = agreement_with_commitments("ratchaburi", reference="CW-1")
    return (
        ProgressUpdate.objects.create(
            clause=northeast.clauses.first(),
            status=S.IN_PROGRESS,
            recorded_on=TODAY,
            note_th="ความคืบหน้าภาคอีสาน",
        ),
        ProgressUpdate.objects.create(
            responsibility=Responsibility.objects.filter(party__agreement=central).first(),
            status=S.DONE,
            recorded_on=TODAY,
            note_th="ความคืบหน้าภาคกลาง",
        ),
    )


def test_regional_staff_list_only_their_regions_updates(staff_client):
    updates_in_two_regions()

    text = staff_client.get("/admin/tracking/progressupdate/").text

    assert "ความคืบหน้าภาคอีสาน" in text and "NE-1" in text
    assert "ความคืบหน้าภาคกลาง" not in text and "CW-1" not in text


def test_regional_staff_see_central_staff_see_both_and_the_region_filter_narrows(admin_client):
    updates_in_two_regions()
    central = Region.objects.get(code="CENTRAL_WEST")

    everything = admin_client.get("/admin/tracking/progressupdate/").text
    filtered = admin_client.get(f"/admin/tracking/progressupdate/?region={central.pk}").text

    assert "ความคืบหน้าภาคอีสาน" in everything and "ความคืบหน้าภาคกลาง" in everything
    assert "ความคืบหน้าภาคกลาง" in filtered and "ความคืบหน้าภาคอีสาน" not in filtered


def test_the_region_filter_offers_regional_staff_only_their_region(staff_client):
    updates_in_two_regions()
    text = staff_client.get("/admin/tracking/progressupdate/").text
    filter_html = text[text.index('id="changelist-filter"') :]
    assert "สำนักงานภาคตะวันออกเฉียงเหนือ" in filter_html
    assert "สำนักงานภาคกลางและตะวันตก" not in filter_html


@pytest.mark.parametrize("view", ["change/", "delete/", "history/"])
def test_another_regions_update_answers_403(staff_client, view):
    own, other = updates_in_two_regions()

    assert staff_client.get(f"/admin/tracking/progressupdate/{own.pk}/{view}").status_code == 200
    response = staff_client.get(f"/admin/tracking/progressupdate/{other.pk}/{view}")
    assert response.status_code == 403
    assert "ความคืบหน้าภาคกลาง" not in response.text


def test_updates_are_found_by_note_commitment_and_reference(admin_client):
    updates_in_two_regions()

    for term, found, hidden in [
        ("ภาคกลาง", "CW-1", "NE-1"),
        ("CW-1", "ความคืบหน้าภาคกลาง", "ความคืบหน้าภาคอีสาน"),
        ("NE-1", "ความคืบหน้าภาคอีสาน", "ความคืบหน้าภาคกลาง"),
        ("จัดทำงานวิจัย", "ความคืบหน้าภาคกลาง", "ความคืบหน้าภาคอีสาน"),
    ]:
        text = admin_client.get("/admin/tracking/progressupdate/", {"q": term}).text
        assert found in text and hidden not in text, term


def test_the_status_filter_narrows_the_list(admin_client):
    updates_in_two_regions()
    text = admin_client.get("/admin/tracking/progressupdate/?status=done").text
    assert "ความคืบหน้าภาคกลาง" in text and "ความคืบหน้าภาคอีสาน" not in text


def test_an_update_is_corrected_in_the_admin_but_not_added_there(staff_client):
    own, _other = updates_in_two_regions()
    url = f"/admin/tracking/progressupdate/{own.pk}/change/"

    response = staff_client.post(
        url,
        {
            "status": S.DONE,
            "recorded_on": "20/11/2569",
            "note_th": "แก้ไขแล้ว",
            "note_en": "",
            "activity": "",
        },
    )

    assert response.status_code == 302
    own.refresh_from_db()
    assert (own.status, own.recorded_on, own.note_th) == (
        S.DONE,
        datetime.date(2026, 11, 20),
        "แก้ไขแล้ว",
    )
    assert staff_client.get("/admin/tracking/progressupdate/add/").status_code == 403


def test_the_change_form_offers_only_the_updates_agreement_activities(staff_client):
    own, _other = updates_in_two_regions()
    agreement = own.clause.agreement
    ActivityFactory(agreement=agreement, title_th="กิจกรรมของข้อตกลงนี้")
    elsewhere = ActivityFactory(
        agreement=AgreementFactory(province=province("mukdahan")), title_th="กิจกรรมอื่น"
    )
    url = f"/admin/tracking/progressupdate/{own.pk}/change/"

    text = staff_client.get(url).text
    response = staff_client.post(
        url,
        {"status": S.DONE, "recorded_on": TODAY_BE, "activity": str(elsewhere.pk)},
    )

    assert "กิจกรรมของข้อตกลงนี้" in text and "กิจกรรมอื่น" not in text
    assert response.status_code == 200
    own.refresh_from_db()
    assert own.activity is None


def test_the_update_list_makes_the_same_queries_for_more_rows(admin_client):
    updates_in_two_regions()

    def add_rows():
        for n in range(10):
            clause = ScopeClauseFactory(agreement=AgreementFactory(reference=f"MORE-{n}"))
            ProgressUpdate.objects.create(clause=clause, status=S.DONE, recorded_on=TODAY)
            duty = ResponsibilityFactory()
            ProgressUpdate.objects.create(responsibility=duty, status=S.DONE, recorded_on=TODAY)

    # the count; the updates with their clause or duty, party, agreement, province and
    # region; the region filter's choices; the date hierarchy's first and last date, and
    # its days
    assert_constant_queries(
        admin_client, "/admin/tracking/progressupdate/", add_rows, exactly=ADMIN_OVERHEAD + 5
    )
