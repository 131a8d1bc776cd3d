"""Every change to the domain models is recorded with who and what, and shown in the admin."""

import html
import re

import pytest
from django.contrib import admin
from django.core.management import call_command

from agreements.models import Agreement
from budgets.models import Allocation
from tests.agreements.test_admin import agreement_post
from tests.agreements.test_review import saved_form
from tests.factories import (
    AgreementFactory,
    AgreementPartyFactory,
    AllocationFactory,
    UserFactory,
    province,
)
from tests.queries import ADMIN_OVERHEAD, assert_constant_queries, count_queries

pytestmark = pytest.mark.django_db


def history_url(agreement):
    return f"/admin/agreements/agreement/{agreement.pk}/history/"


def history_rows(response):
    """[(changed by, reason, changes)] of a history page, newest first, as plain text."""
    body = response.text.split("<tbody>")[1].split("</tbody>")[0]
    rows = []
    for row in re.findall(r"<tr>(.*?)</tr>", body, re.S):
        cells = re.findall(r"<td>(.*?)</td>", row, re.S)
        text = [" ".join(html.unescape(re.sub(r"<[^>]+>", " ", cell)).split()) for cell in cells]
        rows.append(tuple(text[3:6]))
    return rows


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


def test_the_history_says_which_fields_changed_from_what_to_what_in_thai(client):
    editor = UserFactory(username="somchai", is_staff=True, is_superuser=True)
    client.force_login(editor)
    agreement = AgreementFactory(province=province("nakhon-ratchasima"))
    AgreementPartyFactory(agreement=agreement)

    # In the admin, without a reason; then by a command that gives one.
    response = saved_form(client, agreement, kind="moa", signed_on="10/01/2567", _save="1")
    assert response.status_code == 302, response.context and response.context["errors"]
    agreement.refresh_from_db()
    agreement.province = province("khon-kaen")
    agreement._change_reason = "แก้จังหวัดตามเอกสารฉบับลงนาม"
    agreement.save()

    page = client.get(history_url(agreement))

    assert history_rows(page) == [
        ("-", "แก้จังหวัดตามเอกสารฉบับลงนาม", "จังหวัด: นครราชสีมา → ขอนแก่น"),
        (
            "somchai",
            "",
            "ประเภท: บันทึกข้อตกลงความร่วมมือ (MOU) → บันทึกข้อตกลง (MOA) "
            "วันที่ลงนาม: 15 มกราคม 2567 → 10 มกราคม 2567",
        ),
        ("-", "", ""),
    ]
    assert "None" not in page.text


def test_a_review_step_shows_the_review_state_it_changed(client):
    """Staff cannot edit the review state, so simple-history's diff leaves it out: the entry
    of a submission or a publication, and so every entry of a new agreement, was empty."""
    from agreements import review

    publisher = UserFactory(username="central", is_staff=True, is_superuser=True)
    client.force_login(publisher)
    agreement = AgreementFactory(is_published=False)
    review.agreement_publish(agreement=agreement, user=publisher)

    newest = history_rows(client.get(history_url(agreement)))[0]

    assert newest[:2] == ("central", "เผยแพร่")
    # Published or not is drawn as the admin's yes/no icons; the time it was published is
    # news too, but not the time of the save.
    assert re.fullmatch(
        r"การตรวจก่อนเผยแพร่: ร่าง → เผยแพร่แล้ว เผยแพร่: → เผยแพร่เมื่อ: - → \d+ \S+ 25\d\d \d\d:\d\d",
        newest[2],
    ), newest[2]


def new_titles(agreement, count):
    def save():
        for _ in range(count):
            agreement.title_th += "ก"
            agreement.save()

    return save


def test_the_history_page_reads_every_change_in_the_same_queries_for_more_versions(admin_client):
    agreement = AgreementFactory()
    new_titles(agreement, 2)()

    # the agreement (with its party count); the number of versions; the page of versions
    # with the province and the renewed agreement each names (the user's content type is
    # cached after the first page)
    admin_client.get(history_url(agreement))
    assert_constant_queries(
        admin_client, history_url(agreement), new_titles(agreement, 10), exactly=ADMIN_OVERHEAD + 3
    )


def test_the_oldest_version_on_a_page_is_compared_with_the_next_page_in_one_query(
    admin_client, monkeypatch
):
    agreement = AgreementFactory(title_th="ชื่อแรก")
    new_titles(agreement, 1)()
    url = history_url(agreement)
    admin_client.get(url)
    one_page = count_queries(admin_client, url)
    new_titles(agreement, 2)()
    monkeypatch.setattr(admin.site._registry[Agreement], "history_list_per_page", 2)

    rows = history_rows(admin_client.get(url))

    assert [changes for _, _, changes in rows] == [
        "ชื่อเรื่อง (ภาษาไทย): ชื่อแรกกก → ชื่อแรกกกก",
        "ชื่อเรื่อง (ภาษาไทย): ชื่อแรกก → ชื่อแรกกก",
    ]
    assert count_queries(admin_client, url) == one_page + 1
    assert history_rows(admin_client.get(url + "?p=2"))[0][2] == (
        "ชื่อเรื่อง (ภาษาไทย): ชื่อแรก → ชื่อแรกก"
    )
