"""Entering follow-ups in the admin: participants, outcome, money handed over with its
allocation, and the activity's photos and documents."""

import datetime
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Activity, Attachment
from tests.documents import jpeg, pdf
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    AgreementPartyFactory,
    AllocationFactory,
    province,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]

PDF = pdf()
JPEG = jpeg()

ADD_URL = "/admin/agreements/activity/add/"


@pytest.fixture
def agreement():
    agreement = AgreementFactory(province=province("mukdahan"), reference="MOU-2567-49-01")
    AgreementPartyFactory(agreement=agreement)
    return agreement


class _FormFields(HTMLParser):
    """The values a browser would send for one <form id=...> of a page."""

    def __init__(self, form_id):
        super().__init__()
        self.form_id, self.inside, self.data = form_id, False, {}
        self.select = self.textarea = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.inside = attrs.get("id") == self.form_id
        name = attrs.get("name", "")
        if not self.inside or "__prefix__" in name:
            return
        if tag == "input" and name and attrs.get("type") not in ("submit", "file"):
            if attrs.get("type") != "checkbox":
                self.data.setdefault(name, []).append(attrs.get("value", ""))
            elif "checked" in attrs:
                self.data.setdefault(name, []).append(attrs.get("value", "on"))
        elif tag == "select" and name:
            self.select = name
            if "multiple" not in attrs:
                self.data[name] = [""]
        elif tag == "option" and self.select and "selected" in attrs:
            if self.data.get(self.select) == [""]:
                self.data[self.select] = []
            self.data.setdefault(self.select, []).append(attrs.get("value", ""))
        elif tag == "textarea" and name:
            self.textarea = name
            self.data[name] = [""]

    def handle_endtag(self, tag):
        if tag == "form":
            self.inside = False
        elif tag == "select":
            self.select = None
        elif tag == "textarea":
            self.textarea = None

    def handle_data(self, data):
        if self.textarea:
            self.data[self.textarea][0] += (
                data.lstrip("\n") if not self.data[self.textarea][0] else data
            )


def form_data(response, form_id):
    parser = _FormFields(form_id)
    parser.feed(response.content.decode())
    return {name: values if len(values) > 1 else values[0] for name, values in parser.data.items()}


def activity_post(agreement, **fields):
    data = {
        "agreement": str(agreement.pk) if agreement else "",
        "kind": Activity.Kind.BUDGET_HANDOVER,
        "title_th": "ส่งมอบงบประมาณบ้านมั่นคง",
        "title_en": "",
        "starts_on": "15/08/2568",
        "ends_on": "",
        "province": str(province("mukdahan").pk),
        "is_published": "on",
        "participants": "45",
        "outcome_th": "ชุมชนได้รับงบประมาณครบถ้วน",
        "outcome_en": "",
        "description_th": "",
        "description_en": "",
        "amount_handed_over": "",
        "allocation": "",
        "attachments-TOTAL_FORMS": "0",
        "attachments-INITIAL_FORMS": "0",
        "attachments-MIN_NUM_FORMS": "0",
        "attachments-MAX_NUM_FORMS": "1000",
        "_save": "Save",
    }
    data.update(fields)
    return data


def test_staff_record_a_hand_over_with_participants_outcome_amount_and_allocation(
    staff_client, agreement
):
    allocation = AllocationFactory(province=province("mukdahan"), agreement=agreement)
    data = activity_post(agreement, amount_handed_over="250000.00", allocation=str(allocation.pk))

    response = staff_client.post(ADD_URL, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    activity = Activity.objects.get()
    assert activity.participants == 45
    assert activity.outcome_th == "ชุมชนได้รับงบประมาณครบถ้วน"
    assert activity.amount_handed_over == Decimal("250000.00")
    assert activity.allocation == allocation
    assert activity.starts_on == datetime.date(2025, 8, 15)


def test_an_allocation_of_another_province_is_refused_with_a_message(staff_client, agreement):
    khon_kaen = AllocationFactory(province=province("khon-kaen"))  # same region, other province

    response = staff_client.post(ADD_URL, activity_post(agreement, allocation=str(khon_kaen.pk)))

    assert response.status_code == 200
    assert "งบประมาณที่จัดสรรเป็นของจังหวัดอื่น" in response.text
    assert not Activity.objects.exists()


def test_an_allocation_of_another_agreement_is_refused(staff_client, agreement):
    theirs = AllocationFactory(
        province=province("mukdahan"), agreement=AgreementFactory(province=province("mukdahan"))
    )

    response = staff_client.post(ADD_URL, activity_post(agreement, allocation=str(theirs.pk)))

    assert response.status_code == 200
    assert "เป็นของข้อตกลงอื่น" in response.text
    assert not Activity.objects.exists()


def test_an_amount_on_an_activity_that_is_not_a_hand_over_is_refused(staff_client, agreement):
    response = staff_client.post(
        ADD_URL, activity_post(agreement, kind=Activity.Kind.TRAINING, amount_handed_over="500")
    )

    assert response.status_code == 200
    assert "จำนวนเงินหรืองบประมาณที่จัดสรรใช้กับการมอบงบประมาณเท่านั้น" in response.text
    assert response.text.count("จำนวนเงินหรืองบประมาณที่จัดสรรใช้กับ") == 1  # said once
    assert not Activity.objects.exists()


def test_the_allocation_drop_down_offers_the_users_region_readably(staff_client, agreement):
    AllocationFactory(province=province("mukdahan"), agreement=agreement, fiscal_year=2568)
    ratchaburi = AllocationFactory(province=province("ratchaburi"))

    text = staff_client.get(ADD_URL).text
    refused = staff_client.post(ADD_URL, activity_post(agreement, allocation=str(ratchaburi.pk)))

    assert (
        "ปีงบประมาณ 2568 (1 ต.ค. 2567 – 30 ก.ย. 2568) · มุกดาหาร · โครงการสวัสดิการชุมชน"
        " · 100,000.00 บาท · MOU-2567-49-01"
    ) in text
    assert "ราชบุรี" not in text
    assert "เลือกตัวเลือกที่ถูกต้อง" in refused.text
    assert not Activity.objects.exists()


def test_an_activitys_page_lists_only_the_allocations_of_its_province(staff_client, agreement):
    activity = ActivityFactory(agreement=agreement, kind=Activity.Kind.BUDGET_HANDOVER)
    AllocationFactory(province=province("mukdahan"), fiscal_year=2567)
    AllocationFactory(province=province("khon-kaen"), fiscal_year=2566)

    text = staff_client.get(f"/admin/agreements/activity/{activity.pk}/change/").text

    assert "ปีงบประมาณ 2567 (1 ต.ค. 2566 – 30 ก.ย. 2567) · มุกดาหาร" in text
    assert "ขอนแก่น" not in text


def test_photos_of_an_activity_are_kept_with_its_agreement_and_served_to_staff(
    staff_client, agreement
):
    activity = ActivityFactory(agreement=agreement, kind=Activity.Kind.FIELD_VISIT)
    url = f"/admin/agreements/activity/{activity.pk}/change/"
    data = form_data(staff_client.get(url), "activity_form")
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-kind": Attachment.Kind.PHOTO,
            "attachments-0-title_th": "ภาพการลงพื้นที่",
            "attachments-0-file": SimpleUploadedFile("visit.jpg", JPEG),
            "_continue": "Save",
        }
    )

    response = staff_client.post(url, data)

    assert response.status_code == 302, response.context and response.context["errors"]
    photo = Attachment.objects.get()
    assert (photo.agreement, photo.activity, photo.kind) == (agreement, activity, "photo")
    page = staff_client.get(url)
    assert "ภาพการลงพื้นที่" in page.text
    download = staff_client.get(f"/attachments/{photo.pk}/")
    assert download.status_code == 200
    assert download["Content-Type"] == "image/jpeg"


def test_a_file_that_is_not_pdf_jpeg_or_png_is_refused_on_the_activity_page(
    staff_client, agreement
):
    activity = ActivityFactory(agreement=agreement)
    url = f"/admin/agreements/activity/{activity.pk}/change/"
    data = form_data(staff_client.get(url), "activity_form")
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-kind": Attachment.Kind.PHOTO,
            "attachments-0-title_th": "ไฟล์แปลก",
            "attachments-0-file": SimpleUploadedFile("photo.png", b"<script>alert(1)</script>"),
        }
    )

    response = staff_client.post(url, data)

    assert response.status_code == 200
    assert not Attachment.objects.exists()


def test_an_activity_without_an_agreement_says_it_cannot_have_files(staff_client):
    activity = ActivityFactory(agreement=None, province=province("mukdahan"))

    page = staff_client.get(f"/admin/agreements/activity/{activity.pk}/change/")
    data = activity_post(None, kind=Activity.Kind.MEETING)
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-kind": Attachment.Kind.PHOTO,
            "attachments-0-title_th": "ภาพประชุม",
            "attachments-0-file": SimpleUploadedFile("meeting.pdf", PDF),
        }
    )
    added = staff_client.post(ADD_URL, data)

    assert "แนบไฟล์ได้เฉพาะกิจกรรมของข้อตกลง" in page.text
    assert page.context["inline_admin_formsets"][0].formset.max_num == 0
    assert added.status_code == 200
    assert "แนบไฟล์ได้เฉพาะกิจกรรมของข้อตกลง" in added.text
    assert Activity.objects.count() == 1 and not Attachment.objects.exists()


def test_moving_an_activity_to_another_agreement_moves_its_files(staff_client, agreement):
    activity = ActivityFactory(agreement=agreement)
    photo = Attachment.objects.create(
        agreement=agreement,
        activity=activity,
        kind="photo",
        title_th="ภาพ",
        file=SimpleUploadedFile("a.pdf", PDF),
    )
    other = AgreementFactory(province=province("mukdahan"))
    url = f"/admin/agreements/activity/{activity.pk}/change/"
    data = form_data(staff_client.get(url), "activity_form")

    cleared = staff_client.post(url, {**data, "agreement": ""})
    moved = staff_client.post(url, {**data, "agreement": str(other.pk)})

    assert cleared.status_code == 200
    assert "กิจกรรมนี้มีไฟล์แนบ" in cleared.text
    assert moved.status_code == 302
    photo.refresh_from_db()
    assert (photo.agreement, photo.activity) == (other, activity)


# The agreement's page


def agreement_page_data(client, agreement):
    url = f"/admin/agreements/agreement/{agreement.pk}/change/"
    return url, form_data(client.get(url), "agreement_form")


def test_an_agreements_attachment_can_name_only_that_agreements_activities(staff_client, agreement):
    own = ActivityFactory(agreement=agreement, title_th="กิจกรรมของข้อตกลงนี้")
    elsewhere = ActivityFactory(
        agreement=AgreementFactory(province=province("mukdahan")), title_th="กิจกรรมอื่น"
    )
    Attachment.objects.create(
        agreement=agreement, title_th="ภาพ", kind="photo", file=SimpleUploadedFile("a.pdf", PDF)
    )
    url, data = agreement_page_data(staff_client, agreement)

    assert "กิจกรรมของข้อตกลงนี้" in staff_client.get(url).text
    assert "กิจกรรมอื่น" not in staff_client.get(url).text
    refused = staff_client.post(url, {**data, "attachments-0-activity": str(elsewhere.pk)})
    accepted = staff_client.post(url, {**data, "attachments-0-activity": str(own.pk)})

    assert refused.status_code == 200
    assert "เลือกตัวเลือกที่ถูกต้อง" in refused.text
    assert accepted.status_code == 302, accepted.context and accepted.context["errors"]
    assert Attachment.objects.get().activity == own


def test_the_agreement_pages_compact_rows_explain_rules_on_fields_they_do_not_show(
    staff_client, agreement
):
    handover = ActivityFactory(
        agreement=agreement,
        kind=Activity.Kind.BUDGET_HANDOVER,
        amount_handed_over=Decimal("1000"),
        allocation=AllocationFactory(province=province("mukdahan"), agreement=agreement),
    )
    url, data = agreement_page_data(staff_client, agreement)

    other_kind = staff_client.post(url, {**data, "activities-0-kind": "training"})
    other_province = staff_client.post(
        url, {**data, "activities-0-province": str(province("khon-kaen").pk)}
    )
    participants = staff_client.post(url, {**data, "activities-0-participants": "30"})

    assert other_kind.status_code == 200
    assert "จำนวนเงินหรืองบประมาณที่จัดสรรใช้กับการมอบงบประมาณเท่านั้น" in other_kind.text
    assert other_province.status_code == 200
    assert "งบประมาณที่จัดสรรเป็นของจังหวัดอื่น" in other_province.text
    assert participants.status_code == 302
    handover.refresh_from_db()
    assert (handover.kind, handover.province.slug, handover.participants) == (
        "budget_handover",
        "mukdahan",
        30,
    )
