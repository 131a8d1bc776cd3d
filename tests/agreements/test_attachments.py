"""Uploaded documents are parsed, not sniffed: what is accepted, what is refused and why, and
what is stored (PDFs as they came, images re-encoded without metadata)."""

import io
import re

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import translation
from PIL import Image

from agreements.models import Attachment
from tests import documents
from tests.factories import AgreementFactory
from uploads import validators
from uploads.validators import check_document

# What a file holds is checked the same on any database: CI checks it once.
pytestmark = [
    pytest.mark.django_db,
    pytest.mark.sqlite_once,
    pytest.mark.usefixtures("media_in_tmp"),
]

PDF = documents.pdf()
PNG = documents.png()
JPEG = documents.jpeg()


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


def stored(attachment):
    with attachment.file.open("rb") as f:
        return f.read()


def refusal(content, name="document.pdf"):
    """The ValidationError of the file field, in Thai, for a file named `name`."""
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        attach(name, content)
    assert not Attachment.objects.exists()
    [message] = caught.value.message_dict["file"]
    [error] = caught.value.error_dict["file"]
    return error.code, message


@pytest.mark.parametrize(
    ("name", "content", "suffix"),
    [
        ("mou-kanchanaburi.pdf", PDF, "pdf"),
        ("photo.PNG", PNG, "png"),
        ("signing.jpeg", JPEG, "jpg"),
    ],
)
def test_pdf_png_and_jpeg_are_accepted_and_stored_under_a_generated_name(name, content, suffix):
    attachment = attach(name, content)
    name_stored = attachment.file.name
    assert re.fullmatch(rf"attachments/\d{{4}}/\d{{2}}/[0-9a-f]{{32}}\.{suffix}", name_stored)
    assert name.split(".")[0] not in name_stored


def test_a_pdf_is_stored_exactly_as_it_came():
    assert stored(attach("mou.pdf", PDF)) == PDF


def test_the_registrys_own_pdf_sheets_pass_the_checks(client, demo):
    """A real document: fonts embedded, Thai text, several pages' worth of content."""
    from agreements.models import Agreement

    agreement = Agreement.objects.published().first()
    sheet = client.get(f"/agreements/{agreement.pk}/export.pdf")
    content = b"".join(sheet.streaming_content) if sheet.streaming else sheet.content

    assert check_document(content).content == content


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("setup.pdf", b"MZ\x90\x00\x03\x00\x00\x00" + b"\x00" * 64),  # a Windows program, renamed
        ("photo.png", b"<!doctype html><script>alert(1)</script>"),  # HTML dressed as PNG
        ("notes.txt", b"plain text"),
    ],
)
def test_files_that_are_not_pdf_jpeg_or_png_are_refused(name, content):
    code, message = refusal(content, name)
    assert code == "bad_type"
    assert message == "แนบได้เฉพาะไฟล์ PDF, JPEG และ PNG เท่านั้น ไฟล์นี้ไม่ใช่ประเภทดังกล่าว"


def test_a_name_that_lies_about_the_content_is_refused():
    code, _message = refusal(PDF, "scan.png")
    assert code == "bad_suffix"


def test_a_file_over_the_limit_is_refused(settings):
    settings.ATTACHMENT_MAX_BYTES = 1024 * 1024
    code, message = refusal(PDF + b"%" * 2 * 1024 * 1024)
    assert code == "too_large"
    assert message == "ไฟล์มีขนาด 2.0\xa0MB แต่ขนาดสูงสุดที่รับได้คือ 1.0\xa0MB"


@pytest.mark.parametrize(
    ("size", "says"),
    [
        (20 * 1024 * 1024 + 1, "ไฟล์มีขนาด 20,971,521 ไบต์ แต่ขนาดสูงสุดที่รับได้คือ 20,971,520 ไบต์"),
        (21 * 1024 * 1024, "ไฟล์มีขนาด 21.0\xa0MB แต่ขนาดสูงสุดที่รับได้คือ 20.0\xa0MB"),
    ],
)
def test_a_refused_size_never_reads_the_same_as_the_limit(settings, size, says):
    settings.ATTACHMENT_MAX_BYTES = 20 * 1024 * 1024
    with translation.override("th"), pytest.raises(ValidationError) as caught:
        validators.check_size(size)
    assert caught.value.messages == [says]


SCRIPT = "ไฟล์ PDF นี้มีสคริปต์ (JavaScript)"
LAUNCH = "ไฟล์ PDF นี้มีคำสั่งให้เปิดโปรแกรมอื่น"
EMBEDDED = "ไฟล์ PDF นี้มีไฟล์อื่นฝังอยู่ภายใน"
MEDIA = "ไฟล์ PDF นี้มีสื่อมัลติมีเดียหรือแบบฟอร์ม XFA"
ENCRYPTED = "ไฟล์ PDF นี้ถูกเข้ารหัสหรือตั้งรหัสผ่านไว้"
UNREADABLE = "ไฟล์นี้ขึ้นต้นเหมือนไฟล์ PDF แต่อ่านเป็น PDF ไม่ได้"
COMPLEX = "ไฟล์ PDF นี้ซับซ้อนเกินกว่าจะตรวจได้"
TRAILING = "ไฟล์ PDF นี้มีข้อมูลอื่นต่อท้ายหลังจุดสิ้นสุดของไฟล์"


@pytest.mark.parametrize(
    ("content", "code", "says"),
    [
        pytest.param(
            documents.pdf(documents.open_action_script),
            "pdf_script",
            SCRIPT,
            id="open-action-javascript",
        ),
        pytest.param(
            documents.pdf(documents.document_script),
            "pdf_script",
            SCRIPT,
            id="names-javascript-tree",
        ),
        pytest.param(
            documents.pdf(documents.page_additional_action),
            "pdf_script",
            SCRIPT,
            id="page-additional-action",
        ),
        pytest.param(
            documents.pdf(documents.form_field_script),
            "pdf_script",
            SCRIPT,
            id="form-field-additional-action",
        ),
        pytest.param(
            documents.pdf(documents.launch_link), "pdf_launch", LAUNCH, id="launch-action"
        ),
        pytest.param(
            documents.pdf(documents.embedded_file), "pdf_embedded", EMBEDDED, id="embedded-files"
        ),
        pytest.param(
            documents.pdf(documents.file_attachment_annotation),
            "pdf_embedded",
            EMBEDDED,
            id="file-attachment-annotation",
        ),
        pytest.param(documents.pdf(documents.xfa_form), "pdf_media", MEDIA, id="xfa-form"),
        pytest.param(
            documents.raw_pdf_with_catalogue(
                b"/Annots [<< /Subtype /RichMedia /RichMediaContent << >> >>]"
            ),
            "pdf_media",
            MEDIA,
            id="rich-media",
        ),
        pytest.param(
            documents.pdf(documents.encrypted), "pdf_encrypted", ENCRYPTED, id="encrypted"
        ),
        # Names written with #-escapes: only a parser sees /JavaScript and /JS in them.
        pytest.param(
            documents.raw_pdf_with_catalogue(
                b"/OpenAction << /S /J#61vaScript /J#53 (app.alert(1)) >>"
            ),
            "pdf_script",
            SCRIPT,
            id="escaped-names",
        ),
        pytest.param(
            documents.raw_pdf_with_catalogue(
                b"/OpenAction 4 0 R", b"<< /S /URI /URI (javascript:alert(1)) >>"
            ),
            "pdf_script",
            SCRIPT,
            id="javascript-uri",
        ),
        # Not reachable from the catalogue, but there for a viewer that rebuilds the file.
        pytest.param(
            documents.raw_pdf_with_catalogue(b"", b"<< /S /JavaScript /JS (app.alert(1)) >>"),
            "pdf_script",
            SCRIPT,
            id="unreferenced-script",
        ),
        pytest.param(
            b"%PDF-1.4\n<html><script>alert(1)</script></html>\n",
            "pdf_unreadable",
            UNREADABLE,
            id="pdf-header-then-html",
        ),
        pytest.param(
            b"%PDF-1.4\n<html><script>alert(1)</script></html>\n%%EOF\n",
            "pdf_unreadable",
            UNREADABLE,
            id="pdf-header-html-eof",
        ),
        pytest.param(PDF[: len(PDF) // 2], "pdf_unreadable", UNREADABLE, id="truncated"),
        pytest.param(PDF + documents.zip_archive(), "pdf_trailing", TRAILING, id="zip-appended"),
        pytest.param(PDF + b"\n<html>\n", "pdf_trailing", TRAILING, id="html-appended"),
        pytest.param(
            documents.raw_pdf(
                b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"
            ),
            "pdf_unreadable",
            UNREADABLE,
            id="no-pages",
        ),
        pytest.param(
            documents.raw_pdf(
                b"<< /Type /Catalog /Pages 2 0 R >>",
                b"<< /Type /Pages /Kids [2 0 R 3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
            ),
            "pdf_unreadable",
            UNREADABLE,
            id="page-tree-cycle",
        ),
        pytest.param(
            documents.raw_pdf_with_catalogue(b"/Deep " + b"[" * 150 + b"]" * 150),
            "pdf_complex",
            COMPLEX,
            id="deep-nesting",
        ),
        pytest.param(
            documents.raw_pdf_with_catalogue(b"/Deep " + b"[" * 100_000 + b"]" * 100_000),
            "pdf_unreadable",
            UNREADABLE,
            id="nesting-beyond-the-parser",
        ),
    ],
)
def test_pdfs_that_run_unpack_or_hide_something_are_refused_saying_what(content, code, says):
    refused_code, message = refusal(content)
    assert refused_code == code
    assert message.startswith(says), message


@pytest.mark.parametrize(("limit", "value"), [("PDF_MAX_OBJECTS", 2), ("PDF_MAX_SECONDS", -1)])
def test_the_check_gives_up_at_its_limits(monkeypatch, limit, value):
    monkeypatch.setattr(validators, limit, value)
    code, _message = refusal(PDF)
    assert code == "pdf_complex"


def test_a_reference_cycle_outside_the_page_tree_is_read_once():
    """Objects 4 and 5 point at each other; the walk ends, and finds the script behind them."""
    content = documents.raw_pdf_with_catalogue(
        b"/Extra 4 0 R",
        b"<< /Next 5 0 R >>",
        b"<< /Next 4 0 R /Then << /S /JavaScript /JS (x) >> >>",
    )
    assert refusal(content)[0] == "pdf_script"
    assert check_document(documents.raw_pdf_with_catalogue(b"/Extra 4 0 R", b"<< /Next 4 0 R >>"))


def test_white_space_after_the_final_eof_is_accepted():
    assert check_document(PDF + b"\r\n\x00 \n")


def test_ordinary_pdf_features_are_accepted():
    """Links to web pages and a table of contents that jumps to a page: nothing runs."""
    content = documents.raw_pdf_with_catalogue(
        b"/OpenAction [3 0 R /Fit] /Outlines << /Count 0 >>",
        b"<< /S /URI /URI (https://codi.or.th/) >>",
    )
    assert check_document(content).content == content


@pytest.mark.parametrize(
    ("content", "name", "says"),
    [
        pytest.param(
            b"\x89PNG\r\n\x1a\n<html><script>alert(1)</script>",
            "x.png",
            "ไฟล์นี้ขึ้นต้นเหมือนภาพ PNG แต่อ่านเป็นภาพไม่ได้",
            id="png-header-then-html",
        ),
        pytest.param(
            JPEG[:200], "x.jpg", "ไฟล์นี้ขึ้นต้นเหมือนภาพ JPEG แต่อ่านเป็นภาพไม่ได้", id="truncated-jpeg"
        ),
        pytest.param(
            b"\xff\xd8\xff\xe0" + b"\x00" * 64,
            "x.jpg",
            "ไฟล์นี้ขึ้นต้นเหมือนภาพ JPEG แต่อ่านเป็นภาพไม่ได้",
            id="jpeg-header-only",
        ),
        pytest.param(
            PNG[:-20] + b"\x00" * 20,
            "x.png",
            "ไฟล์นี้ขึ้นต้นเหมือนภาพ PNG แต่อ่านเป็นภาพไม่ได้",
            id="png-bad-checksum",
        ),
        # A header announcing 10 gigapixels: Pillow itself refuses to open it.
        pytest.param(
            documents.png_claiming(100_000, 100_000),
            "x.png",
            "ภาพนี้มีมากกว่า 50 ล้านพิกเซล",
            id="decompression-bomb",
        ),
        # 64 megapixels: Pillow would decode it; our limit does not.
        pytest.param(
            documents.png_claiming(8_000, 8_000),
            "x.png",
            "ภาพนี้มีมากกว่า 50 ล้านพิกเซล",
            id="too-many-pixels",
        ),
    ],
)
def test_images_that_do_not_decode_or_are_too_big_are_refused(content, name, says):
    _code, message = refusal(content, name)
    assert message.startswith(says), message


def test_a_jpeg_is_stored_without_exif_gps_xmp_or_comment():
    original = documents.jpeg(comment=b"Somchai's phone", xmp=b"<x:xmpmeta>GPS 13.79N</x:xmpmeta>")
    assert {"exif", "gps", "comment", "xmp"} <= set(documents.metadata_of(original))

    kept = stored(attach("visit.jpg", original))

    assert documents.metadata_of(kept) == {}
    assert b"Somchai" not in kept and b"xmpmeta" not in kept and b"Phone maker" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert (image.format, image.size) == ("JPEG", (64, 48))


def test_a_png_is_stored_without_its_text_chunks_or_icc_profile():
    original = documents.png(
        text={"Comment": "บ้านเลขที่ 99 หมู่ 4", "Author": "Somchai"}, icc_profile=b"\x00" * 128
    )
    assert {"Comment", "Author", "icc_profile"} <= set(documents.metadata_of(original))

    kept = stored(attach("map.png", original))

    assert documents.metadata_of(kept) == {}
    assert b"tEXt" not in kept and b"iCCP" not in kept and b"Somchai" not in kept
    with Image.open(io.BytesIO(kept)) as image:
        assert (image.format, image.size, image.mode) == ("PNG", (64, 48), "RGB")
        assert image.getpixel((0, 0)) == (255, 0, 0)


def test_a_photo_taken_sideways_is_stored_upright():
    """The camera stored 64 × 48 pixels and an EXIF note "turn 90° clockwise"; the note goes, so
    the pixels are turned instead: 48 × 64, the red corner now top right."""
    kept = stored(attach("sideways.jpg", documents.jpeg(orientation=documents.ROTATED_90)))

    with Image.open(io.BytesIO(kept)) as image:
        assert image.size == (48, 64)
        assert 0x0112 not in image.getexif()
        red, green, blue = image.getpixel((40, 8))
        assert red > 200 and green < 60 and blue < 60
        assert image.getpixel((8, 56))[1] > 200  # bottom left stays white


def test_a_transparent_png_keeps_its_transparency():
    image = documents.picture(mode="RGBA")
    image.putpixel((63, 47), (0, 0, 0, 0))
    out = io.BytesIO()
    image.save(out, "PNG")

    with Image.open(io.BytesIO(stored(attach("logo.png", out.getvalue())))) as kept:
        assert kept.mode == "RGBA"
        assert kept.getpixel((63, 47))[3] == 0


def test_a_file_saved_without_the_form_checks_is_still_checked_and_re_encoded(tmp_path):
    """Attachment.file checks and re-encodes on save too, for any code that skips full_clean."""
    with pytest.raises(ValidationError), transaction.atomic():
        Attachment.objects.create(
            agreement=AgreementFactory(),
            title_th="สคริปต์",
            file=ContentFile(documents.pdf(documents.open_action_script), name="x.pdf"),
        )
    assert not Attachment.objects.exists()
    assert not list(tmp_path.rglob("*.pdf"))

    photo = Attachment.objects.create(
        agreement=AgreementFactory(),
        title_th="ภาพ",
        file=ContentFile(documents.jpeg(), name="photo.jpeg"),
    )
    assert photo.file.name.endswith(".jpg")
    assert documents.metadata_of(stored(photo)) == {}


def test_storing_a_file_directly_on_the_field_checks_and_re_encodes_it_too(tmp_path):
    attachment = Attachment(agreement=AgreementFactory(), title_th="สำเนา")
    with pytest.raises(ValidationError):
        attachment.file.save("x.pdf", ContentFile(documents.pdf(documents.embedded_file)))
    assert not [path for path in tmp_path.rglob("*") if path.is_file()]

    attachment.file.save("photo.png", ContentFile(documents.png(text={"GPS": "13.79 N"})))
    assert attachment.pk and attachment.file.name.endswith(".png")
    assert documents.metadata_of(stored(attachment)) == {}


def test_a_stored_file_is_not_checked_again_when_its_attachment_is_edited():
    """Files stored under the old first-bytes rule are listed by check_attachments; they do not
    stop staff from editing their agreement."""
    attachment = attach("mou.pdf", PDF)
    with attachment.file.open("wb") as f:
        f.write(b"%PDF-1.4 stored before the checks became strict")

    attachment.title_th = "ฉบับแก้ไข"
    attachment.full_clean()
    attachment.save()

    attachment.refresh_from_db()
    assert attachment.title_th == "ฉบับแก้ไข"


def test_only_public_attachments_of_published_agreements_show_on_the_page(client):
    agreement = AgreementFactory()
    attach("signed.pdf", PDF, agreement=agreement, is_public=True, title_th="ฉบับลงนาม")
    attach("annex.pdf", PDF, agreement=agreement, is_public=False, title_th="ภาคผนวกภายใน")
    text = client.get(f"/agreements/{agreement.pk}/").text
    assert "ฉบับลงนาม" in text
    assert "ภาคผนวกภายใน" not in text


def test_the_public_page_offers_pdfs_for_download_and_shows_photos(client):
    agreement = AgreementFactory()
    pdf = attach("signed.pdf", PDF, agreement=agreement, is_public=True, title_th="ฉบับลงนาม")
    photo = attach("day.jpg", JPEG, agreement=agreement, is_public=True, title_th="ภาพวันลงนาม")

    text = client.get(f"/agreements/{agreement.pk}/").text

    assert f'<a href="/attachments/{pdf.pk}/" download>ฉบับลงนาม</a>' in text
    assert f'<a href="/attachments/{photo.pk}/">ภาพวันลงนาม</a>' in text
