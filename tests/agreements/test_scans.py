"""Signed scans in bulk: a ZIP of files named by agreement reference becomes attachments."""

import io
import zipfile

import pytest
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from agreements.models import Agreement, Attachment
from agreements.scans import ScansRefused, attach_scans
from tests.documents import document_script, jpeg, metadata_of, pdf, png, zip_archive

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("media_in_tmp")]

KORAT = "MOU-2567-30-01"  # Northeast
KANCHANABURI = "MOU-2562-71-01"  # Central and West
NOT_FOUND = "ไม่พบบันทึกข้อตกลง “{}” หรือไม่อยู่ในภาคของท่าน"


def zipped(path, files, compression=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, "w", compression) as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return path


def scans_of(reference):
    return Attachment.objects.filter(agreement__reference=reference)


def reports_by_name(reports):
    return {report.name: report for report in reports}


def test_scans_named_by_reference_are_attached_staff_only_and_checked(demo, tmp_path, northeast):
    path = zipped(
        tmp_path / "scans.zip",
        {
            f"scans/{KORAT}.pdf": pdf(),
            f"scans/{KORAT}-2.jpg": jpeg(gps=True),
            f"{KORAT}-3.pdf": pdf(document_script),  # JavaScript: refused
            f"{KORAT}-4.pdf": pdf() + zip_archive(),  # data after %%EOF: refused
            "MOU-2599-99-99.pdf": pdf(),  # no such agreement
            f"{KANCHANABURI}.pdf": pdf(),  # another region's
            "notes.txt": b"hello",
            "__MACOSX/._x.pdf": b"junk",
        },
    )
    with open(path, "rb") as file:
        reports = reports_by_name(attach_scans(file, user=northeast, file_name="scans.zip"))

    assert reports[f"{KORAT}.pdf"].status == "attached"
    assert reports[f"{KORAT}-2.jpg"].status == "attached"
    assert reports[f"{KORAT}-3.pdf"].status == "refused"
    assert "JavaScript" in reports[f"{KORAT}-3.pdf"].message
    assert reports[f"{KORAT}-4.pdf"].status == "refused"
    assert reports["notes.txt"].status == "refused"
    assert reports["._x.pdf"].status == "skipped"
    # The same words for an unknown reference and for another region's agreement.
    assert reports["MOU-2599-99-99.pdf"].message == NOT_FOUND.format("MOU-2599-99-99")
    assert reports[f"{KANCHANABURI}.pdf"].message == NOT_FOUND.format(KANCHANABURI)
    assert reports[f"{KANCHANABURI}.pdf"].reference == ""
    assert not scans_of(KANCHANABURI).exists()

    attached = scans_of(KORAT).filter(kind=Attachment.Kind.SIGNED_COPY)
    assert attached.count() == 2
    assert not attached.filter(is_public=True).exists()
    photo = attached.get(file__endswith=".jpg")
    assert "gps" not in metadata_of(photo.file.read())  # re-encoded as a single upload is
    history = photo.history.first()
    assert history.history_change_reason == "นำเข้าจากไฟล์ scans.zip"
    assert history.history_user == northeast

    # The same ZIP again adds nothing.
    with open(path, "rb") as file:
        again = reports_by_name(attach_scans(file, user=northeast, file_name="scans.zip"))
    assert again[f"{KORAT}.pdf"].status == "already"
    assert again[f"{KORAT}-2.jpg"].status == "already"
    assert attached.count() == 2


@pytest.mark.parametrize(
    ("setting", "value", "words"),
    [
        ("SCANS_MAX_ENTRIES", 2, "รับได้ครั้งละไม่เกิน 2 ไฟล์"),
        ("SCANS_MAX_UNPACKED_BYTES", 1000, "เกินขีดจำกัด"),
    ],
)
def test_a_zip_over_a_limit_is_refused_whole(demo, tmp_path, settings, setting, value, words):
    setattr(settings, setting, value)
    path = zipped(tmp_path / "many.zip", {f"{KORAT}-{n}.pdf": pdf() for n in range(2, 5)})
    with open(path, "rb") as file, pytest.raises(ScansRefused, match=words):
        attach_scans(file, file_name="many.zip")
    assert not scans_of(KORAT).exists()


def test_a_highly_compressed_entry_is_refused_without_reading_it(demo, tmp_path):
    path = zipped(tmp_path / "bomb.zip", {f"{KORAT}.pdf": b"%PDF-" + b"\0" * 50_000_000})
    assert path.stat().st_size < 200_000
    with open(path, "rb") as file, pytest.raises(ScansRefused, match="บีบอัด"):
        attach_scans(file, file_name="bomb.zip")
    assert not scans_of(KORAT).exists()


def test_a_file_that_is_not_a_zip_is_refused(tmp_path):
    path = tmp_path / "x.zip"
    path.write_bytes(pdf())
    with pytest.raises(CommandError, match="ZIP"):
        call_command("attach_scans", str(path), stdout=io.StringIO())


def test_the_command_reports_each_file_and_may_make_them_public(demo, tmp_path):
    path = zipped(tmp_path / "scans.zip", {f"{KORAT}.pdf": pdf(), "X-1.pdf": pdf()})
    out = io.StringIO()
    call_command("attach_scans", str(path), "--public", stdout=out)
    text = out.getvalue()
    assert f"{KORAT}.pdf: แนบแล้ว ({KORAT})" in text
    assert NOT_FOUND.format("X-1") in text
    assert scans_of(KORAT).get().is_public


def test_the_admin_page_attaches_scans_of_the_users_regions(demo, tmp_path, client, northeast):
    client.force_login(northeast)
    url = reverse("admin:agreements_agreement_attach_scans")
    assert client.get(url).status_code == 200
    path = zipped(tmp_path / "scans.zip", {f"{KORAT}.pdf": pdf(), f"{KANCHANABURI}.pdf": pdf()})
    with open(path, "rb") as file:
        page = client.post(url, {"archive": file, "is_public": "on"})
    assert page.status_code == 200
    content = page.content.decode()
    assert "แนบแล้ว" in content
    assert NOT_FOUND.format(KANCHANABURI) in content
    assert scans_of(KORAT).get().is_public
    assert not scans_of(KANCHANABURI).exists()
    assert Agreement.objects.get(reference=KORAT).attachments.count() == 1


def test_the_zips_list_gives_each_files_kind_titles_public_flag_and_activity(demo, tmp_path):
    mukdahan = "MOU-2564-49-01"
    handover = Agreement.objects.get(reference=mukdahan).activities.get(kind="budget_handover")
    listing = (
        "ไฟล์,ประเภท,ชื่อ (ไทย),ชื่อ (อังกฤษ),เผยแพร่,วันที่ของกิจกรรม (พ.ศ.),ชื่อกิจกรรม (ไทย)\n"
        f"photos/{mukdahan}.png,ภาพถ่าย,ภาพพิธี,The ceremony,ใช่,22/02/2564,{handover.title_th}\n"
        f"{mukdahan}-2.pdf,annex,ภาคผนวก,,,22/02/2564,ไม่มีกิจกรรมนี้\n"
    )
    path = zipped(
        tmp_path / "listed.zip",
        {
            "attachments.csv": listing.encode("utf-8-sig"),
            f"photos/{mukdahan}.png": png(),
            f"{mukdahan}-2.pdf": pdf(),
            f"{mukdahan}-3.pdf": pdf(lambda writer: writer.add_blank_page(100, 100)),
        },
    )
    with open(path, "rb") as file:
        reports = reports_by_name(attach_scans(file, file_name="listed.zip"))
    assert "attachments.csv" not in reports
    photo = scans_of(mukdahan).get(kind=Attachment.Kind.PHOTO)
    assert (photo.title_th, photo.title_en, photo.is_public) == ("ภาพพิธี", "The ceremony", True)
    assert photo.activity == handover
    assert reports[f"{mukdahan}-2.pdf"].status == "refused"
    assert "ไม่พบกิจกรรมติดตาม “ไม่มีกิจกรรมนี้”" in reports[f"{mukdahan}-2.pdf"].message
    unlisted = scans_of(mukdahan).get(kind=Attachment.Kind.SIGNED_COPY)  # as before
    assert not unlisted.is_public and unlisted.title_th == f"ฉบับลงนาม {mukdahan}-3"


def test_exported_scans_are_split_into_zips_attach_scans_takes(demo, tmp_path, settings):
    settings.SCANS_MAX_ENTRIES = 3  # two files and the list a ZIP
    korat = Agreement.objects.get(reference=KORAT)
    for pages in range(1, 4):
        attachment = Attachment(agreement=korat, title_th=f"ไฟล์ {pages}", is_public=pages == 1)
        blank = pdf(lambda writer, n=pages: [writer.add_blank_page(99, 99) for _ in range(n)])
        attachment.file.save("x.pdf", ContentFile(blank), save=False)
        attachment.save()
    out = io.StringIO()
    call_command(
        "export_agreements",
        str(tmp_path / "a.xlsx"),
        "--reference",
        KORAT,
        "--scans",
        str(tmp_path / "scans.zip"),
        stdout=out,
    )
    assert "scans.zip: 2 files" in out.getvalue() and "scans-2.zip: 1 files" in out.getvalue()
    with zipfile.ZipFile(tmp_path / "scans-2.zip") as archive:
        assert sorted(archive.namelist()) == ["MOU-2567-30-01-3.pdf", "attachments.csv"]
    korat.attachments.all().delete()
    for name in ("scans.zip", "scans-2.zip"):
        with open(tmp_path / name, "rb") as file:
            attach_scans(file, file_name=name)
    assert sorted(korat.attachments.values_list("title_th", "is_public")) == [
        ("ไฟล์ 1", True),
        ("ไฟล์ 2", False),
        ("ไฟล์ 3", False),
    ]
