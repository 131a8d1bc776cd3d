"""Every change to the domain models is recorded with who and what, and shown in the admin."""

import pytest
from django.core.management import call_command

from agreements.models import Agreement
from budgets.models import Allocation
from tests.agreements.test_admin import agreement_post
from tests.factories import AgreementFactory, AllocationFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_staff_edit_of_the_title_shows_old_new_and_who_in_the_history(client):
    editor = UserFactory(username="somchai", is_staff=True, is_superuser=True)
    client.force_login(editor)
    agreement = AgreementFactory(title_th="ชื่อเดิมของข้อตกลง", term_mode="open", ends_on=None)
    data = agreement_post(
        reference=agreement.reference,
        title_th="ชื่อใหม่ของข้อตกลง",
        province=str(agreement.province_id),
        term_mode="open",
        signed_on="15/01/2567",
    )
    data.update({"parties-TOTAL_FORMS": "0", "parties-INITIAL_FORMS": "0"})
    response = client.post(f"/admin/agreements/agreement/{agreement.pk}/change/", data)
    assert response.status_code == 302, response.context and response.context["errors"]

    latest = Agreement.history.filter(id=agreement.pk).latest("history_date")
    assert latest.history_user == editor
    assert latest.history_type == "~"
    delta = latest.diff_against(latest.prev_record)
    assert [(c.field, c.old, c.new) for c in delta.changes if c.field == "title_th"] == [
        ("title_th", "ชื่อเดิมของข้อตกลง", "ชื่อใหม่ของข้อตกลง")
    ]

    page = client.get(f"/admin/agreements/agreement/{agreement.pk}/history/")
    assert page.status_code == 200
    for text in ("ชื่อเดิมของข้อตกลง", "ชื่อใหม่ของข้อตกลง", "somchai"):
        assert text in page.text


def test_creation_and_deletion_are_recorded_too():
    allocation = AllocationFactory()
    pk = allocation.pk
    allocation.delete()
    assert list(
        Allocation.history.filter(id=pk)
        .order_by("history_date")
        .values_list("history_type", flat=True)
    ) == ["+", "-"]


def test_command_writes_are_recorded():
    call_command("load_demo_data", verbosity=0, stdout=None)
    assert Agreement.history.filter(history_type="+").count() == 4
    record = Agreement.history.filter(reference="MOU-2567-30-01").earliest("history_date")
    assert record.history_user is None
    assert record.history_change_reason == "load_demo_data"


def test_a_past_version_can_be_read_but_a_post_to_it_changes_nothing(client):
    """simple-history saves a POST to a past version's page after checking only the view
    permission; regional staff, who may only view provinces, could have moved one."""
    from geography.models import Province, Region
    from tests.geography.test_permissions import make_user

    client.force_login(make_user("staff_a"))
    mukdahan = Province.objects.get(slug="mukdahan")
    northeast = mukdahan.region
    mukdahan.save()  # a history row to open
    version = mukdahan.history.latest("history_date")
    url = f"/admin/geography/province/{mukdahan.pk}/history/{version.history_id}/"
    assert client.get(url).status_code == 200

    elsewhere = Region.objects.exclude(pk=northeast.pk).first()
    fields = {f.name: getattr(mukdahan, f.attname) for f in Province._meta.concrete_fields}
    response = client.post(url, {**fields, "region": elsewhere.pk})

    assert response.status_code == 405
    mukdahan.refresh_from_db()
    assert mukdahan.region == northeast


def test_no_history_page_accepts_a_post_even_from_a_superuser(admin_client):
    agreement = AgreementFactory(title_th="ชื่อที่บันทึกไว้")
    version = agreement.history.latest("history_date")
    url = f"/admin/agreements/agreement/{agreement.pk}/history/{version.history_id}/"
    assert admin_client.get(url).status_code == 200
    assert admin_client.post(url, {"title_th": "ชื่อที่ถูกแก้"}).status_code == 405
    agreement.refresh_from_db()
    assert agreement.title_th == "ชื่อที่บันทึกไว้"
