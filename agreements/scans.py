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
"""

import hashlib
import re
import zipfile
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext, pgettext

from geography.access import scope
from uploads.validators import SUFFIXES, check_document

from .models import Agreement, Attachment
from .workbook import not_found_or_not_yours

ACCEPTED_SUFFIXES = {suffix for suffixes in SUFFIXES.values() for suffix in suffixes}
# A second, third … scan of one agreement: MOU-2567-30-01-2.pdf (the reference itself may end
# in digits, so the whole stem is tried as a reference first).
NUMBERED = re.compile(r"^(?P<reference>.+)-(?P<number>\d{1,2})$")


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


def attach_scans(zip_file, *, user=None, is_public=False, file_name="") -> list:
    """Attach the scans of the ZIP `zip_file` (a path or a file object); [FileReport] per file.
    ScansRefused when the ZIP itself is refused."""
    try:
        archive = zipfile.ZipFile(zip_file)
    except (zipfile.BadZipFile, OSError):
        raise ScansRefused(gettext("The file is not a ZIP archive.")) from None
    with archive:
        entries = _entries(archive)
        agreements = Agreement.objects.select_related("province")
        if user is not None:
            agreements = scope(agreements, user, "province__region")
        with translation.override("th"):
            reason = gettext("Imported from file %(name)s") % {"name": file_name or "-"}
            title = str(Attachment.Kind.SIGNED_COPY.label)
        reports = []
        for info in entries:
            reports.append(_attach(archive, info, agreements, user, is_public, reason, title))
        return reports


def _attach(archive, info, agreements, user, is_public, reason, title):
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
        attachment = Attachment(
            agreement=agreement,
            kind=Attachment.Kind.SIGNED_COPY,
            title_th=f"{title} {stem}"[:300],
            is_public=is_public,
        )
        attachment._history_user = user
        attachment._change_reason = reason
        # DocumentFieldFile.save() checks the file as it came (an image re-encoded once, as
        # `document` is, so a second upload finds it above) and names it anew.
        attachment.file.save(f"scan{document.suffix}", ContentFile(data), save=False)
        attachment.save()
    return FileReport(name, "attached", "", agreement.reference)
