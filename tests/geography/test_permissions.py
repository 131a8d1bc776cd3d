"""Who may do what in the admin: a matrix of roles × admin URLs × objects in two regions.

Region A is the Northeast (Mukdahan), region B the Central and West (Ratchaburi).
"""

import csv
import datetime
import io
import json

import pytest
from django.contrib.auth.models import Group

from agreements.models import Activity, Agreement
from budgets.models import Allocation
from geography.access import CENTRAL_STAFF_GROUP, REGIONAL_STAFF_GROUP
from geography.models import Region
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    AgreementPartyFactory,
    AllocationFactory,
    ResponsibilityFactory,
    ScopeClauseFactory,
    UserFactory,
    province,
)
from tracking.models import ProgressUpdate

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff_a", "staff_b", "central", "superuser"]


@pytest.fixture
def world(db):
    a = AgreementFactory(province=province("mukdahan"), title_th="ข้อตกลงภาคอีสาน", reference="A-1")
    b = AgreementFactory(province=province("ratchaburi"), title_th="ข้อตกลงภาคกลาง", reference="B-1")
    for agreement in (a, b):
        AgreementPartyFactory(agreement=agreement)
    # A progress update reaches its region through a clause (A) or a party's duty (B).
    duty_b = ResponsibilityFactory(party=b.parties.get())
    return {
        "agreement": {"A": a, "B": b},
        "allocation": {
            "A": AllocationFactory(
                province=province("mukdahan"), agreement=a, staff_note="เงินภาคอีสาน"
            ),
            "B": AllocationFactory(
                province=province("ratchaburi"), agreement=b, staff_note="เงินภาคกลาง"
            ),
        },
        "activity": {
            "A": ActivityFactory(agreement=a, title_th="กิจกรรมภาคอีสาน"),
            "B": ActivityFactory(agreement=b, title_th="กิจกรรมภาคกลาง"),
        },
        "progressupdate": {
            "A": ProgressUpdate.objects.create(
                clause=ScopeClauseFactory(agreement=a),
                status="in_progress",
                recorded_on=datetime.date(2024, 6, 1),
                note_th="ความคืบหน้าภาคอีสาน",
            ),
            "B": ProgressUpdate.objects.create(
                responsibility=duty_b,
                status="done",
                recorded_on=datetime.date(2024, 6, 1),
                note_th="ความคืบหน้าภาคกลาง",
            ),
        },
    }


def make_user(role):
    if role == "anonymous":
        return None
    if role == "superuser":
        return UserFactory(username="root", is_staff=True, is_superuser=True)
    user = UserFactory(username=role, is_staff=True)
    if role == "central":
        user.groups.add(Group.objects.get(name=CENTRAL_STAFF_GROUP))
        return user
    user.groups.add(Group.objects.get(name=REGIONAL_STAFF_GROUP))
    Region.objects.get(code="NORTHEAST" if role == "staff_a" else "CENTRAL_WEST").staff.add(user)
    return user


@pytest.fixture(params=ROLES)
def role(request, client, world):
    user = make_user(request.param)
    if user:
        client.force_login(user)
    return request.param


def own_region(role):
    return {"staff_a": "A", "staff_b": "B"}.get(role)


def may_see(role, region):
    return role in ("central", "superuser") or own_region(role) == region


# model -> (app, model name, what on a page shows that object)
MODELS = {
    "agreement": ("agreements", "agreement", lambda obj: obj.title_th),
    "allocation": ("budgets", "allocation", lambda obj: obj.agreement.reference),
    "activity": ("agreements", "activity", lambda obj: obj.title_th),
    "progressupdate": ("tracking", "progressupdate", lambda obj: obj.note_th),
}


def marker(model, obj):
    return MODELS[model][2](obj)


def admin_url(model, suffix=""):
    app, name, _ = MODELS[model]
    return f"/admin/{app}/{name}/{suffix}"


@pytest.mark.parametrize("model", MODELS)
def test_changelists_show_only_what_the_role_may_see(client, world, role, model):
    response = client.get(admin_url(model))
    if role == "anonymous":
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
        return
    assert response.status_code == 200
    for region in ("A", "B"):
        text = marker(model, world[model][region])
        assert (text in response.text) == may_see(role, region), (role, region)


@pytest.mark.parametrize("model", MODELS)
@pytest.mark.parametrize("view", ["change/", "delete/", "history/"])
@pytest.mark.parametrize("region", ["A", "B"])
def test_object_pages_answer_only_for_the_roles_region(client, world, role, model, view, region):
    obj = world[model][region]
    response = client.get(admin_url(model, f"{obj.pk}/{view}"))
    if role == "anonymous":
        assert response.status_code == 302
    elif may_see(role, region):
        assert response.status_code == 200
    else:
        assert response.status_code in (403, 404)
        assert marker(model, obj) not in response.content.decode()


@pytest.mark.parametrize("region", ["A", "B"])
def test_tracking_pages_answer_only_for_the_roles_region(client, world, role, region):
    agreement = world["agreement"][region]
    response = client.get(admin_url("progressupdate", f"agreement/{agreement.pk}/"))
    if role == "anonymous":
        assert response.status_code == 302
    elif may_see(role, region):
        assert response.status_code == 200
        assert agreement.title_th in response.text
    else:
        assert response.status_code in (403, 404)
        assert agreement.title_th not in response.content.decode()


@pytest.mark.usefixtures("pinned_today")  # both agreements in force, never followed up since
def test_the_needs_follow_up_list_shows_only_the_roles_region(client, world, role):
    response = client.get(admin_url("progressupdate", "followup/"))
    if role == "anonymous":
        assert response.status_code == 302
        return
    assert response.status_code == 200
    for region in ("A", "B"):
        reference = world["agreement"][region].reference
        assert (reference in response.text) == may_see(role, region), (role, region)


@pytest.mark.parametrize("region", ["A", "B"])
def test_deleting_works_only_inside_the_roles_region(client, world, role, region):
    activity = world["activity"][region]
    client.post(admin_url("activity", f"{activity.pk}/delete/"), {"post": "yes"})
    deleted = not Activity.objects.filter(pk=activity.pk).exists()
    assert deleted == (role != "anonymous" and may_see(role, region))


@pytest.mark.parametrize("region", ["A", "B"])
def test_changing_another_regions_agreement_is_refused(client, world, role, region):
    agreement = world["agreement"][region]
    response = client.post(
        admin_url("agreement", f"{agreement.pk}/change/"), {"title_th": "แก้โดยผู้ไม่มีสิทธิ์"}
    )
    if role != "anonymous" and not may_see(role, region):
        assert response.status_code == 403
    agreement.refresh_from_db()
    assert agreement.title_th != "แก้โดยผู้ไม่มีสิทธิ์"


def test_regional_staff_cannot_save_an_agreement_in_another_regions_province(client, world):
    client.force_login(make_user("staff_a"))
    before = Agreement.objects.count()
    data = {
        "title_th": "ข้อตกลงใหม่ที่กาญจนบุรี",
        "kind": "mou",
        "signed_on": "01/06/2567",
        "province": str(province("kanchanaburi").pk),
        "term_mode": "open",
        "_save": "Save",
    }
    for prefix in ("parties", "clauses", "attachments", "activities", "allocations"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(admin_url("agreement", "add/"), data)
    assert response.status_code == 200
    assert "province" in response.context["adminform"].form.errors
    assert Agreement.objects.count() == before
    # ... while their own region's province is accepted.
    data["province"] = str(province("nakhon-ratchasima").pk)
    data.update({"parties-TOTAL_FORMS": "0"})
    response = client.post(admin_url("agreement", "add/"), data)
    assert Agreement.objects.count() == before + 1, response.context and response.context["errors"]


def test_regional_staff_cannot_move_their_allocation_to_another_region(client, world):
    client.force_login(make_user("staff_a"))
    allocation = world["allocation"]["A"]
    response = client.post(
        admin_url("allocation", f"{allocation.pk}/change/"),
        {
            "province": str(province("ratchaburi").pk),
            "fiscal_year": "2566",
            "programme": str(allocation.programme_id),
            "amount": "1.00",
        },
    )
    assert response.status_code == 200
    allocation.refresh_from_db()
    assert allocation.province.slug == "mukdahan"


def autocomplete(client, app, model, field, term=""):
    response = client.get(
        "/admin/autocomplete/",
        {"app_label": app, "model_name": model, "field_name": field, "term": term},
    )
    assert response.status_code == 200
    return {item["text"] for item in json.loads(response.content)["results"]}


def test_autocomplete_offers_only_the_users_regions(client, world):
    client.force_login(make_user("staff_a"))
    agreements = autocomplete(client, "budgets", "allocation", "agreement")
    assert any("A-1" in text for text in agreements)
    assert not any("B-1" in text for text in agreements)
    provinces = autocomplete(client, "agreements", "agreement", "province")
    assert "มุกดาหาร" in provinces and "นครราชสีมา" in provinces
    assert "ราชบุรี" not in provinces and "กาญจนบุรี" not in provinces
    # Organisations are shared reference data: every staff member sees them all.
    assert len(autocomplete(client, "agreements", "agreementparty", "organisation")) == 2


def test_central_staff_get_every_province_in_autocomplete(client, world):
    client.force_login(make_user("central"))
    assert len(autocomplete(client, "agreements", "agreement", "province")) == 20  # first page


def test_export_action_and_expiring_report_only_contain_the_users_region(client, world):
    client.force_login(make_user("staff_a"))
    a, b = world["agreement"]["A"], world["agreement"]["B"]
    response = client.post(
        admin_url("agreement"), {"action": "export_csv", "_selected_action": [a.pk, b.pk]}
    )
    body = b"".join(response.streaming_content).decode()
    rows = list(csv.reader(io.StringIO(body[1:])))
    assert [row[0] for row in rows[1:]] == ["A-1"]
    report = client.get(admin_url("agreement", "expiring/export.csv"), {"days": "3650"})
    assert "B-1" not in b"".join(report.streaming_content).decode()


def test_the_region_filter_lists_only_the_users_region(client, world):
    client.force_login(make_user("staff_a"))
    text = client.get(admin_url("agreement")).text
    assert "สำนักงานภาคตะวันออกเฉียงเหนือ" in text
    assert "สำนักงานภาคกลางและตะวันตก" not in text
    assert "signed_year=2567" in text  # region A's agreement is signed in 2024 (BE 2567) ...
    world["agreement"]["B"].signed_on = world["agreement"]["B"].signed_on.replace(year=2019)
    world["agreement"]["B"].save()
    assert (
        "signed_year=2562" not in client.get(admin_url("agreement")).text
    )  # ... B's year is not listed


@pytest.mark.parametrize("model", ["organisation", "person"])
def test_every_staff_member_reads_and_adds_shared_partners(client, world, model):
    client.force_login(make_user("staff_b"))
    assert client.get(f"/admin/partners/{model}/").status_code == 200
    assert client.get(f"/admin/partners/{model}/add/").status_code == 200


def test_regional_staff_only_view_reference_geography(client, world):
    client.force_login(make_user("staff_a"))
    korat = province("nakhon-ratchasima")
    assert client.get(f"/admin/geography/province/{korat.pk}/change/").status_code == 200
    response = client.post(
        f"/admin/geography/province/{korat.pk}/change/",
        {"code": "30", "iso_code": "TH-30", "name_th": "x", "slug": korat.slug, "region": "1"},
    )
    assert response.status_code == 403
    assert province("nakhon-ratchasima").name_th == "นครราชสีมา"


def test_counts_are_untouched_by_refused_requests(client, world):
    client.force_login(make_user("staff_a"))
    b = world["agreement"]["B"]
    client.post(
        admin_url("agreement"),
        {"action": "delete_selected", "_selected_action": [b.pk], "post": "yes"},
    )
    assert Agreement.objects.filter(pk=b.pk).exists()
    assert Allocation.objects.count() == 2 and Activity.objects.count() == 2
