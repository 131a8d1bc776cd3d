import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from agreements.models import Attachment
from tests.factories import AgreementFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64


@pytest.fixture(autouse=True)
def media_in_tmp(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


def attach(name, content, **fields):
    fields.setdefault("title_th", "สำเนาบันทึกข้อตกลง")
    attachment = Attachment(
        agreement=fields.pop("agreement", None) or AgreementFactory(),
        file=SimpleUploadedFile(name, content),
        **fields,
    )
    attachment.full_clean()
    attachment.save()
    return attachment


@pytest.mark.parametrize(
    ("name", "content"), [("mou-kanchanaburi.pdf", PDF), ("photo.PNG", PNG), ("signing.jpeg", JPEG)]
)
def test_pdf_png_and_jpeg_are_accepted_and_stored_under_a_generated_name(name, content):
    attachment = attach(name, content)
    stored = attachment.file.name
    assert re.fullmatch(r"attachments/\d{4}/\d{2}/[0-9a-f]{32}\.(pdf|png|jpeg)", stored), stored
    assert name.split(".")[0] not in stored
    with attachment.file.open("rb") as f:
        assert f.read() == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # a Windows program, renamed
        ("photo.png", b"<!doctype html><script>alert(1)</script>"),  # HTML dressed as PNG
        ("notes.txt", b"plain text"),
    ],
)
def test_files_that_are_not_pdf_jpeg_or_png_are_refused(name, content):
    with pytest.raises(ValidationError) as caught:
        attach(name, content)
    assert "file" in caught.value.message_dict
    assert not Attachment.objects.exists()


def test_a_name_that_lies_about_the_content_is_refused():
    with pytest.raises(ValidationError):
        attach("scan.png", PDF)


def test_a_file_over_the_limit_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as caught:
        attach("big.pdf", PDF + b"0" * 2048)
    assert "file" in caught.value.message_dict


def test_only_public_attachments_of_published_agreements_show_on_the_page(client):
    agreement = AgreementFactory()
    attach("signed.pdf", PDF, agreement=agreement, is_public=True, title_th="ฉบับลงนาม")
    attach("annex.pdf", PDF, agreement=agreement, is_public=False, title_th="ภาคผนวกภายใน")
    text = client.get(f"/agreements/{agreement.pk}/").text
    assert "ฉบับลงนาม" in text
    assert "ภาคผนวกภายใน" not in text
