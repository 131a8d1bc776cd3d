"""One review for everything the public sees (records.publication): a free-standing allocation,
an activity and a progress update written or imported by regional staff are public only once a
publisher publishes them, whichever admin page or import they came through."""

import pytest
from django.test import Client

from agreements import review
from agreements.models import Activity, Agreement, Attachment
from budgets.models import Allocation, Programme
from tests.agreements.test_activity_admin import activity_post
from tests.budgets.money import no_money_rows
from tests.documents import jpeg
from tests.factories import AgreementFactory, AllocationFactory, province
from tests.imports import run, write_csv

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]

AMOUNT = "125000.50"
SHOWN_AMOUNT = "125,000.50"
TITLE = "ประชุมติดตามงานบ้านมั่นคงที่ยังไม่ได้ตรวจ"


@pytest.fixture
def regional(northeast):
    client = Client()
    client.force_login(northeast)
    return client


@pytest.fixture
def publisher(central):
    client = Client()
    client.force_login(central)
    return client


@pytest.fixture
def visitor():
    return Client()


def public_texts(visitor, *, agreement=None):
    """Every public answer that could show a Mukdahan allocation or activity."""
    urls = [
        "/budgets/",
        "/budgets/export.csv",
        "/budgets/export.xlsx",
        "/api/v1/allocations/",
        "/api/v1/activities/",
        "/provinces/mukdahan/",
        "/regions/NORTHEAST/",
        "/partnerships/",
        "/feeds/agreements/",
        "/provinces/mukdahan/feed/",
        "/api/v1/agreements/",
    ]
    if agreement is not None:
        urls += [f"/agreements/{agreement.pk}/", f"/api/v1/agreements/{agreement.pk}/"]
    texts = {}
    for url in urls:
        response = visitor.get(url)
        assert response.status_code == 200, url
        body = b"".join(response.streaming_content) if response.streaming else response.content
        texts[url] = xlsx_text(body) if url.endswith(".xlsx") else body.decode()
    return texts


def xlsx_text(body):
    from io import BytesIO

    from openpyxl import load_workbook

    workbook = load_workbook(BytesIO(body), read_only=True)
    return " ".join(
        f"{value:,.2f}" if isinstance(value, float) else str(value)
        for sheet in workbook.worksheets
        for row in sheet.iter_rows(values_only=True)
        for value in row
        if value is not None
    )


def amount_shown(texts):
    return [url for url, text in texts.items() if AMOUNT in text or SHOWN_AMOUNT in text]


def allocation_form(**overrides):
    return {
        "province": str(province("mukdahan").pk),
        "fiscal_year": "2568",
        "programme": str(Programme.objects.get(code="baan-por-pieng").pk),
        "amount": AMOUNT,
        "agreement": "",
        "recipient": "",
        "public_note": "",
        "staff_note": "",
        **no_money_rows(),
        **overrides,
    }


def test_a_free_standing_allocation_saved_by_regional_staff_waits_for_a_publisher(
    regional, publisher, visitor
):
    response = regional.post("/admin/budgets/allocation/add/", allocation_form(), follow=True)

    assert response.status_code == 200
    assert "จะยังไม่แสดงต่อสาธารณะจนกว่าผู้เผยแพร่จะเผยแพร่" in response.text
    allocation = Allocation.objects.get()
    assert (allocation.is_published, allocation.awaiting_review) == (False, True)
    assert amount_shown(public_texts(visitor)) == []

    # The publisher finds it waiting, and publishes it from the list.
    waiting = publisher.get("/admin/agreements/pendingreview/")
    assert "รายการอื่นที่รอตรวจก่อนเผยแพร่" in waiting.text
    listed = publisher.get("/admin/budgets/allocation/?review=awaiting")
    assert "125,000.50" in listed.text
    publisher.post(
        "/admin/budgets/allocation/",
        {"action": "publish_records", "_selected_action": [allocation.pk]},
    )

    allocation.refresh_from_db()
    assert (allocation.is_published, allocation.awaiting_review) == (True, False)
    shown = amount_shown(public_texts(visitor))
    assert {"/budgets/export.csv", "/budgets/export.xlsx", "/api/v1/allocations/"} <= set(shown)
    assert allocation.history.latest().history_user.username == "central"


def test_regional_staff_cannot_publish_and_a_change_hides_a_published_allocation(regional, visitor):
    allocation = AllocationFactory(province=province("mukdahan"), fiscal_year=2568)
    url = f"/admin/budgets/allocation/{allocation.pk}/change/"
    form = regional.get(url)
    assert 'name="is_published"' not in form.text  # shown, not editable

    regional.post(
        url,
        allocation_form(amount=AMOUNT, is_published="on", version=str(allocation.version)),
    )

    allocation.refresh_from_db()
    assert str(allocation.amount) == AMOUNT
    assert (allocation.is_published, allocation.awaiting_review) == (False, True)
    assert amount_shown(public_texts(visitor)) == []


def test_allocations_imported_by_regional_staff_wait_and_are_published_as_one_batch(
    northeast, central, tmp_path, visitor, publisher
):
    headers = ["จังหวัด", "ปีงบประมาณ (พ.ศ.)", "โครงการ", "จำนวนเงิน (บาท)"]
    rows = [
        ["มุกดาหาร", "2568", "โครงการบ้านพอเพียง", AMOUNT],
        ["มุกดาหาร", "2568", "community-welfare", "50000"],
    ]
    path = write_csv(tmp_path / "allocations.csv", headers, rows)

    run("import_allocations", path, "--user", "northeast")

    assert Allocation.objects.filter(awaiting_review=True, is_published=False).count() == 2
    assert amount_shown(public_texts(visitor)) == []

    pks = list(Allocation.objects.values_list("pk", flat=True))
    publisher.post(
        "/admin/budgets/allocation/", {"action": "publish_records", "_selected_action": pks}
    )

    assert Allocation.objects.filter(is_published=True).count() == 2
    assert "/api/v1/allocations/" in amount_shown(public_texts(visitor))


def test_an_activity_added_on_its_own_page_waits_and_leaves_the_agreement_published(
    regional, publisher, visitor
):
    agreement = AgreementFactory(province=province("mukdahan"), is_published=True)
    data = activity_post(
        agreement,
        title_th=TITLE,
        kind=Activity.Kind.MEETING,
        **{
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-kind": Attachment.Kind.PHOTO,
            "attachments-0-title_th": "ภาพการประชุม",
            "attachments-0-title_en": "",
            "attachments-0-file": jpeg_upload(),
            "attachments-0-is_public": "on",
        },
    )

    response = regional.post("/admin/agreements/activity/add/", data)

    assert response.status_code == 302
    activity = Activity.objects.get(title_th=TITLE)
    assert (activity.is_published, activity.awaiting_review) == (False, True)
    agreement.refresh_from_db()
    assert agreement.review_state == Agreement.ReviewState.PUBLISHED  # nothing else moved
    photo = Attachment.objects.get(activity=activity)
    texts = public_texts(visitor, agreement=agreement)
    assert [url for url, text in texts.items() if TITLE in text] == []
    assert visitor.get(f"/attachments/{photo.pk}/").status_code == 404

    publisher.post(
        "/admin/agreements/activity/",
        {"action": "publish_records", "_selected_action": [activity.pk]},
    )

    texts = public_texts(visitor, agreement=agreement)
    assert f"/agreements/{agreement.pk}/" in [url for url, text in texts.items() if TITLE in text]
    assert visitor.get(f"/attachments/{photo.pk}/").status_code == 200


def test_a_publishers_activity_is_public_as_saved(publisher, visitor):
    agreement = AgreementFactory(province=province("mukdahan"), is_published=True)

    publisher.post(ADD_ACTIVITY, activity_post(agreement, title_th=TITLE, kind="meeting"))

    activity = Activity.objects.get(title_th=TITLE)
    assert (activity.is_published, activity.awaiting_review) == (True, False)
    assert TITLE in visitor.get(f"/agreements/{agreement.pk}/").text


def test_publishing_an_agreement_publishes_what_waits_with_it(northeast, central):
    agreement = AgreementFactory(province=province("mukdahan"), is_published=False)
    allocation = AllocationFactory(agreement=agreement, province=agreement.province)
    review.review_write(allocation, northeast)
    allocation.save()
    free = AllocationFactory(province=agreement.province, fiscal_year=2569)
    review.review_write(free, northeast)
    free.save()

    review.agreement_submit(agreement=agreement, user=northeast)
    review.agreement_publish(agreement=agreement, user=central)

    allocation.refresh_from_db()
    free.refresh_from_db()
    assert (allocation.is_published, allocation.awaiting_review) == (True, False)
    assert (free.is_published, free.awaiting_review) == (False, True)  # not the agreement's


def test_the_database_refuses_a_public_record_awaiting_review():
    from django.db import IntegrityError, transaction

    with pytest.raises(IntegrityError), transaction.atomic():
        AllocationFactory(is_published=True, awaiting_review=True)


ADD_ACTIVITY = "/admin/agreements/activity/add/"


def jpeg_upload():
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile("meeting.jpg", jpeg(), content_type="image/jpeg")


def test_the_publication_is_dated_in_the_history(northeast, central):
    allocation = AllocationFactory()
    review.review_write(allocation, northeast)
    allocation.save()

    review.records_publish(records=Allocation.objects.all(), user=central)

    latest = allocation.history.latest()
    assert latest.history_change_reason == "เผยแพร่"
    assert (latest.history_user.username, latest.is_published) == ("central", True)
