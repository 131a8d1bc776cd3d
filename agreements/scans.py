"""Signed scans in bulk: a ZIP of PDFs or images named by agreement reference
(`MOU-2567-30-01.pdf`, `MOU-2567-30-01-2.jpg`) becomes attachments of those agreements.

Each file goes through the checks of a single upload (uploads.validators: the type from the
content, no scripts or appended data in a PDF, images re-encoded without their metadata, the
size limit) and is stored by Attachment.file as any upload is. Per file: each file is attached
or refused on its own, in its own transaction, and the report says which and why; a ZIP over
the limits (entries, unpacked size, compression ratio) is refused whole before anything is
read. Nothing is extracted to disk: an entry is read into memory, at most the attachment size
limit, and handed to the storage.

An agreement that does not exist and one outside the user's regions get the same answer, so
the report tells nothing of other regions. The same file attached twice to an agreement is
reported as already attached, so uploading a ZIP again adds nothing.

A ZIP may carry a list of its files (MANIFEST, a CSV at its root) giving each file's kind,
titles, whether it is public and the follow-up activity it documents; `export_agreements
--scans` writes such ZIPs (scans_archives), so that the attachments of exported agreements come
back as they were. A file the list does not name is a staff-only signed copy, as before.
"""

import csv
import hashlib
import io
import re
import zipfile
from collections import Counter
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext, pgettext

from geography.access import scope
from importing.resources import ChoiceWidget, DateWidget, TextWidget, YesNoWidget
from uploads.validators import SUFFIXES, check_document

from .models import Agreement, Attachment
from .workbook import be_date, not_found_or_not_yours

ACCEPTED_SUFFIXES = {suffix for suffixes in SUFFIXES.values() for suffix in suffixes}
# A second, third … scan of one agreement: MOU-2567-30-01-2.pdf (the reference itself may end
# in digits, so the whole stem is tried as a reference first).
NUMBERED = re.compile(r"^(?P<reference>.+)-(?P<number>\d{1,2})$")
MANIFEST = "attachments.csv"
# The list's columns: (key, Thai header, English header); either header is read.
MANIFEST_COLUMNS = (
    ("file", "ไฟล์", "file"),
    ("kind", "ประเภท", "kind"),
    ("title_th", "ชื่อ (ไทย)", "title_th"),
    ("title_en", "ชื่อ (อังกฤษ)", "title_en"),
    ("is_public", "เผยแพร่", "is_public"),
    ("activity_starts_on", "วันที่ของกิจกรรม (พ.ศ.)", "activity starts_on"),
    ("activity_title_th", "ชื่อกิจกรรม (ไทย)", "activity title_th"),
)


def limits():
    return {
        "entries": getattr(settings, "SCANS_MAX_ENTRIES", 200),
        "unpacked": getattr(settings, "SCANS_MAX_UNPACKED_BYTES", 500 * 1024 * 1024),
        # PDFs and JPEGs hardly compress; a far higher ratio is a bomb, not a scan.
        "ratio": getattr(settings, "SCANS_MAX_RATIO", 50),
    }


class ScansRefused(Exception):
    """The ZIP as a whole is refused (not a ZIP, over a limit): nothing was attached."""


@dataclass
class FileReport:
    name: str
    status: str  # attached, already, refused, skipped
    message: str = ""
    reference: str = ""

    @property
    def label(self):
        return {
            "attached": pgettext("scan", "attached"),
            "already": pgettext("scan", "already attached"),
            "refused": pgettext("scan", "refused"),
            "skipped": pgettext("scan", "skipped"),
        }[self.status]


def _entries(archive):
    """The ZIP's files (folders and the Mac's resource forks left out), checked against the
    limits from its directory before any is read."""
    limit = limits()
    entries = [info for info in archive.infolist() if not info.is_dir()]
    if len(entries) > limit["entries"]:
        raise ScansRefused(
            gettext("The ZIP holds %(count)s files; at most %(limit)s at a time.")
            % {"count": len(entries), "limit": limit["entries"]}
        )
    total = sum(info.file_size for info in entries)
    if total > limit["unpacked"]:
        raise ScansRefused(
            gettext("The ZIP unpacks to %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(total), "limit": filesizeformat(limit["unpacked"])}
        )
    for info in entries:
        if (
            info.file_size > limit["ratio"] * max(info.compress_size, 1)
            and info.file_size > 1024**2
        ):
            raise ScansRefused(
                gettext("%(name)s is compressed %(ratio)s times: this is not a scan.")
                % {"name": info.filename, "ratio": info.file_size // max(info.compress_size, 1)}
            )
    return entries


def _reference_candidates(stem):
    yield stem
    numbered = NUMBERED.match(stem)
    if numbered:
        yield numbered["reference"]


def _read(archive, info):
    """The entry's bytes, never more than the attachment limit + 1 whatever its header says."""
    cap = settings.ATTACHMENT_MAX_BYTES + 1
    with archive.open(info) as entry:
        return entry.read(cap)


def _manifest(archive, entries):
    """{file's path in the ZIP: its row} of the ZIP's MANIFEST, if it has one."""
    info = next((i for i in entries if i.filename.casefold() == MANIFEST), None)
    if info is None:
        return {}
    text = _read(archive, info).decode("utf-8-sig", errors="replace")
    rows = list(csv.reader(io.StringIO(text)))
    if not rows:
        return {}
    header = [cell.strip().casefold() for cell in rows[0]]
    index = {}
    for key, th, en in MANIFEST_COLUMNS:
        for name in (th, en, key):
            if name.casefold() in header:
                index[key] = header.index(name.casefold())
                break
    if "file" not in index:
        raise ScansRefused(
            gettext("%(file)s has no column “%(column)s”.")
            % {"file": MANIFEST, "column": MANIFEST_COLUMNS[0][1]}
        )
    return {
        row[index["file"]].strip(): {
            key: row[column] if column < len(row) else "" for key, column in index.items()
        }
        for row in rows[1:]
        if len(row) > index["file"] and row[index["file"]].strip()
    }


def check_scans(zip_file):
    """Refuse (ScansRefused) the ZIP attach_scans would refuse as a whole; attaches nothing."""
    try:
        archive = zipfile.ZipFile(zip_file)
    except (zipfile.BadZipFile, OSError):
        raise ScansRefused(gettext("The file is not a ZIP archive.")) from None
    with archive:
        _manifest(archive, _entries(archive))


def attach_scans(zip_file, *, user=None, is_public=False, file_name="") -> list:
    """Attach the scans of the ZIP `zip_file` (a path or a file object); [FileReport] per file.
    ScansRefused when the ZIP itself is refused. `is_public` is for the files its MANIFEST
    does not say of."""
    try:
        archive = zipfile.ZipFile(zip_file)
    except (zipfile.BadZipFile, OSError):
        raise ScansRefused(gettext("The file is not a ZIP archive.")) from None
    with archive:
        entries = _entries(archive)
        manifest = _manifest(archive, entries)
        agreements = Agreement.objects.select_related("province")
        if user is not None:
            agreements = scope(agreements, user, "province__region")
        with translation.override("th"):
            reason = gettext("Imported from file %(name)s") % {"name": file_name or "-"}
            title = str(Attachment.Kind.SIGNED_COPY.label)
        reports = []
        for info in entries:
            if info.filename.casefold() == MANIFEST:
                continue
            listed = manifest.get(info.filename)
            reports.append(
                _attach(archive, info, agreements, user, is_public, reason, title, listed)
            )
        return reports


def _listed(listed, agreement, is_public, title):
    """The attachment's kind, titles, public flag and activity: as the MANIFEST row `listed`
    says, else a signed copy titled by its file. ValueError for a cell that cannot be read."""
    values = {
        "kind": Attachment.Kind.SIGNED_COPY,
        "title_th": title,
        "title_en": "",
        "is_public": is_public,
        "activity": None,
    }
    if listed is None:
        return values
    kind = ChoiceWidget(Attachment.Kind).clean(listed.get("kind"))
    public = YesNoWidget().clean(listed.get("is_public"))
    values["kind"] = kind or values["kind"]
    values["title_th"] = TextWidget().clean(listed.get("title_th")) or title
    values["title_en"] = TextWidget().clean(listed.get("title_en"))
    values["is_public"] = is_public if public is None else public
    starts_on = DateWidget().clean(listed.get("activity_starts_on"))
    activity_title = TextWidget().clean(listed.get("activity_title_th"))
    if starts_on or activity_title:
        activity = (
            agreement.activities.filter(starts_on=starts_on, title_th=activity_title)
            .order_by("pk")
            .first()
        )
        if activity is None:
            raise ValueError(
                gettext("No follow-up activity “%(title)s” of %(date)s under %(reference)s.")
                % {"title": activity_title, "date": be_date(starts_on), "reference": agreement}
            )
        values["activity"] = activity
    return values


def _attach(archive, info, agreements, user, is_public, reason, title, listed=None):
    path = PurePosixPath(info.filename)
    name = path.name
    if name.startswith(".") or "__MACOSX" in path.parts:
        return FileReport(name, "skipped", gettext("Not a scan (a system file)."))
    suffix = path.suffix.lower()
    if suffix not in ACCEPTED_SUFFIXES:
        return FileReport(name, "refused", gettext("Only PDF, JPEG and PNG files can be attached."))
    stem = path.stem.strip()
    agreement = None
    for candidate in _reference_candidates(stem):
        agreement = agreements.filter(reference__iexact=candidate).first()
        if agreement is not None:
            break
    if agreement is None:
        return FileReport(name, "refused", not_found_or_not_yours(stem))
    try:
        values = _listed(listed, agreement, is_public, f"{title} {stem}"[:300])
    except ValueError as error:
        return FileReport(name, "refused", f"{MANIFEST}: {error}", agreement.reference)
    data = _read(archive, info)
    try:
        document = check_document(data)
    except ValidationError as error:
        return FileReport(name, "refused", " ".join(error.messages), agreement.reference)
    digest = hashlib.sha256(document.content).digest()
    for attachment in agreement.attachments.all():
        try:
            with attachment.file.open("rb") as stored:
                same = hashlib.sha256(stored.read()).digest() == digest
        except OSError:
            same = False
        if same:
            return FileReport(name, "already", "", agreement.reference)
    with transaction.atomic():
        attachment = Attachment(agreement=agreement, **values)
        attachment._history_user = user
        attachment._change_reason = reason
        # DocumentFieldFile.save() checks the file as it came (an image re-encoded once, as
        # `document` is, so a second upload finds it above) and names it anew.
        attachment.file.save(f"scan{document.suffix}", ContentFile(data), save=False)
        attachment.save()
    return FileReport(name, "attached", "", agreement.reference)


def report_lines(reports):
    """The lines the commands print of attach_scans' reports: one a file, then the counts."""
    lines = []
    for report in reports:
        line = f"{report.name}: {report.label}"
        if report.reference:
            line += f" ({report.reference})"
        if report.message:
            line += f" — {report.message}"
        lines.append(line)
    counts = Counter(report.label for report in reports)
    lines.append(", ".join(f"{label} {count}" for label, count in counts.items()) or "0")
    return lines


# Writing: the attachments of exported agreements, as ZIPs attach_scans reads back


def _scan_name(reference, number, suffix):
    """MOU-2567-30-01.pdf, MOU-2567-30-01-2.pdf … -99; past 99 (NUMBERED reads two digits),
    in a folder of their own: 1/MOU-2567-30-01-0.pdf."""
    if number == 1:
        return f"{reference}{suffix}"
    if number < 100:
        return f"{reference}-{number}{suffix}"
    return f"{number // 100}/{reference}-{number % 100}{suffix}"


def _manifest_row(name, attachment):
    activity = attachment.activity
    return [
        name,
        attachment.kind,
        attachment.title_th,
        attachment.title_en,
        "ใช่" if attachment.is_public else "ไม่ใช่",
        be_date(activity.starts_on) if activity else "",
        activity.title_th if activity else "",
    ]


def scans_archives(agreements):
    """The attachments of the agreements of the queryset `agreements` as ZIPs attach_scans
    reads, each with its MANIFEST and within attach_scans' limits (several when the files are
    more): ([ZIP bytes], [files that could not be read, named for people])."""
    limit = limits()
    attachments = (
        Attachment.objects.filter(agreement__in=agreements)
        .select_related("agreement", "activity")
        .order_by("agreement__reference", "kind", "pk")
    )
    parts, unread = [], []
    files, rows, size = [], [], 0
    numbers = {}

    def close():
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in files:
                archive.writestr(name, data)
            listing = io.StringIO()
            writer = csv.writer(listing)
            writer.writerow([th for _key, th, _en in MANIFEST_COLUMNS])
            writer.writerows(rows)
            archive.writestr(MANIFEST, listing.getvalue().encode("utf-8-sig"))
        parts.append(buffer.getvalue())

    for attachment in attachments:
        try:
            with attachment.file.open("rb") as stored:
                data = stored.read()
        except OSError:
            unread.append(f"{attachment.agreement.reference}: {attachment.title_th}")
            continue
        # A place and a tenth of the unpacked size kept for the list of the files.
        full = len(files) + 1 >= limit["entries"] or size + len(data) > limit["unpacked"] * 0.9
        if files and full:
            close()
            files, rows, size = [], [], 0
        reference = attachment.agreement.reference
        numbers[reference] = numbers.get(reference, 0) + 1
        name = _scan_name(reference, numbers[reference], Path(attachment.file.name).suffix.lower())
        files.append((name, data))
        rows.append(_manifest_row(name, attachment))
        size += len(data)
    if files:
        close()
    return parts, unread
