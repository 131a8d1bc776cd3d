"""Uploading through the admin's real forms: the agreement's attachments and an activity's photos.
Photos arrive with their GPS position and leave it behind; a PDF with a script is refused with a
Thai message and nothing is stored."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Attachment
from tests import documents
from tests.agreements.test_activity_admin import form_data
from tests.factories import (
    ActivityFactory,
    AgreementFactory,
    AgreementPartyFactory,
    province,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


@pytest.fixture
def agreement():
    agreement = AgreementFactory(province=province("mukdahan"))
    AgreementPartyFactory(agreement=agreement)
    return agreement


def upload(client, url, form_id, name, content, **fields):
    data = form_data(client.get(url), form_id)
    data.update(
        {
            "attachments-TOTAL_FORMS": "1",
            "attachments-0-kind": Attachment.Kind.PHOTO,
            "attachments-0-title_th": "ภาพการลงพื้นที่",
            "attachments-0-file": SimpleUploadedFile(name, content),
            "_continue": "Save",
        }
    )
    data.update(fields)
    return client.post(url, data)


def on_agreement_page(client, agreement, name, content):
    url = f"/admin/agreements/agreement/{agreement.pk}/change/"
    return upload(client, url, "agreement_form", name, content)


def on_activity_page(client, agreement, name, content):
    activity = ActivityFactory(agreement=agreement)
    url = f"/admin/agreements/activity/{activity.pk}/change/"
    return upload(client, url, "activity_form", name, content)


PAGES = [on_agreement_page, on_activity_page]


def stored():
    attachment = Attachment.objects.get()
    with attachment.file.open("rb") as f:
        return f.read()


@pytest.mark.parametrize("page", PAGES, ids=["agreement", "activity"])
def test_a_photo_uploaded_in_the_admin_is_stored_without_exif_or_gps(staff_client, agreement, page):
    photo = documents.jpeg()
    assert documents.metadata_of(photo)["gps"][2] == (13.0, 47.0, 30.0)

    response = page(staff_client, agreement, "visit.jpg", photo)

    assert response.status_code == 302, response.context and response.context["errors"]
    kept = stored()
    assert documents.metadata_of(kept) == {}
    assert b"Exif" not in kept and b"Phone maker" not in kept
    download = staff_client.get(f"/attachments/{Attachment.objects.get().pk}/")
    assert b"".join(download.streaming_content) == kept


@pytest.mark.parametrize("page", PAGES, ids=["agreement", "activity"])
def test_a_png_uploaded_in_the_admin_loses_its_text_chunks(staff_client, agreement, page):
    image = documents.png(text={"Location": "13.7947 N, 100.5700 E"})

    response = page(staff_client, agreement, "map.png", image)

    assert response.status_code == 302, response.context and response.context["errors"]
    kept = stored()
    assert b"tEXt" not in kept and b"100.5700" not in kept
    assert documents.metadata_of(kept) == {}


@pytest.mark.parametrize("page", PAGES, ids=["agreement", "activity"])
def test_a_pdf_with_an_auto_run_script_is_refused_in_thai_and_nothing_is_stored(
    staff_client, agreement, page, media_in_tmp
):
    hostile = documents.pdf(documents.open_action_script)

    response = page(staff_client, agreement, "mou.pdf", hostile)

    assert response.status_code == 200
    assert "ไฟล์ PDF นี้มีสคริปต์ (JavaScript) หรือคำสั่งที่ทำงานเองเมื่อเปิดไฟล์" in response.text
    assert "พิมพ์เป็น PDF" in response.text
    assert not Attachment.objects.exists()
    assert not [path for path in media_in_tmp.rglob("*") if path.is_file()]


def test_a_signed_pdf_uploaded_in_the_admin_is_kept_byte_for_byte(staff_client, agreement):
    signed = documents.pdf()

    response = on_agreement_page(staff_client, agreement, "signed.pdf", signed)

    assert response.status_code == 302, response.context and response.context["errors"]
    assert stored() == signed


def test_a_pdf_with_a_255_character_thai_name_is_accepted_under_a_name_of_our_own(
    staff_client, agreement
):
    # The name is never stored, so its length is no reason to refuse the file (Django's own
    # refusal of it was in English, too).
    name = "บันทึกข้อตกลงความร่วมมือ" * 10 + "x" * 11 + ".pdf"
    assert len(name) == 255

    response = on_agreement_page(staff_client, agreement, name, documents.pdf())

    assert response.status_code == 302, response.context and response.context["errors"]
    assert "บันทึก" not in Attachment.objects.get().file.name


def test_a_file_just_over_the_limit_is_refused_in_thai_with_sizes_that_differ(
    staff_client, agreement, settings
):
    settings.ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
    too_big = documents.pdf() + b"%" * (20 * 1024 * 1024 + 1 - len(documents.pdf()))

    response = on_agreement_page(staff_client, agreement, "mou.pdf", too_big)

    assert response.status_code == 200
    assert "ไฟล์มีขนาด 20,971,521 ไบต์ แต่ขนาดสูงสุดที่รับได้คือ 20,971,520 ไบต์" in response.text
    assert not Attachment.objects.exists()
