"""`manage.py check_attachments`: files stored under the old first-bytes rule, checked again."""

import io

import pytest
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from agreements.models import Attachment
from tests import documents
from tests.factories import AgreementFactory

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]


def uploaded(name, content):
    attachment = Attachment(
        agreement=AgreementFactory(), title_th="ฉบับใหม่", file=SimpleUploadedFile(name, content)
    )
    attachment.full_clean()
    attachment.save()
    return attachment


def stored_earlier(name, content):
    """A file as the old rule let it in: written to the media folder without today's checks."""
    path = default_storage.save(f"attachments/2024/05/{name}", ContentFile(content))
    return Attachment.objects.create(agreement=AgreementFactory(), title_th="ฉบับเก่า", file=path)


def check():
    out = io.StringIO()
    try:
        call_command("check_attachments", stdout=out)
    except CommandError as error:
        return out.getvalue(), str(error)
    return out.getvalue(), None


def test_it_lists_stored_files_that_fail_todays_checks_and_changes_nothing():
    good_pdf = uploaded("signed.pdf", documents.pdf())
    good_photo = uploaded("photo.jpg", documents.jpeg())
    script = stored_earlier("script.pdf", documents.pdf(documents.open_action_script))
    html = stored_earlier("page.pdf", b"%PDF-1.4\n<html><script>alert(1)</script></html>")
    png_html = stored_earlier("page.png", b"\x89PNG\r\n\x1a\n<script>alert(1)</script>")
    gone = stored_earlier("gone.pdf", documents.pdf())
    default_storage.delete(gone.file.name)
    before = {a.pk: default_storage.open(a.file.name).read() for a in (script, html, png_html)}

    output, error = check()

    assert error == "6 attachment(s) checked, 4 fail today's checks. Nothing was changed."
    failures = [line for line in output.splitlines() if line.startswith("FAIL")]
    assert len(failures) == 4
    assert (
        f"FAIL attachment {script.pk} of {script.agreement.reference} ({script.file.name}): [pdf_script]"
        in output
    )
    assert f"FAIL attachment {html.pk} " in output and "[pdf_unreadable]" in output
    assert f"FAIL attachment {png_html.pk} " in output and "[image_unreadable]" in output
    assert (
        f"FAIL attachment {gone.pk} of {gone.agreement.reference} ({gone.file.name}): the file is missing"
        in output
    )
    assert (
        f"attachment {good_pdf.pk} " not in output and f"attachment {good_photo.pk} " not in output
    )
    assert Attachment.objects.count() == 6
    for attachment in (script, html, png_html):
        assert default_storage.open(attachment.file.name).read() == before[attachment.pk]


def test_it_lists_photos_that_still_carry_their_gps_position():
    old_photo = stored_earlier("visit.jpg", documents.jpeg())
    old_png = stored_earlier("map.png", documents.png(text={"Comment": "บ้านเลขที่ 99"}))

    output, error = check()

    assert error is None
    assert f"METADATA attachment {old_photo.pk} " in output
    assert "still carries exif, GPS position" in output
    assert f"METADATA attachment {old_png.pk} " in output and "text “Comment”" in output
    assert output.endswith("2 attachment(s) checked, 0 fail today's checks.\n")


def test_with_every_file_fine_it_says_so():
    uploaded("signed.pdf", documents.pdf())
    uploaded("photo.png", documents.png(text={"Comment": "ลบออกตอนอัปโหลด"}))

    output, error = check()

    assert error is None
    assert output == "2 attachment(s) checked, 0 fail today's checks.\n"
