"""Checks on uploaded attachments: by content, not by the name the file arrived with."""

from pathlib import Path

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _

# The first bytes of each accepted type, and the file name endings that go with it.
SIGNATURES = [
    (b"%PDF-", "application/pdf", {".pdf"}),
    (b"\xff\xd8\xff", "image/jpeg", {".jpg", ".jpeg"}),
    (b"\x89PNG\r\n\x1a\n", "image/png", {".png"}),
]


def sniff_content_type(head: bytes):
    for magic, content_type, suffixes in SIGNATURES:
        if head.startswith(magic):
            return content_type, suffixes
    return None, set()


def validate_attachment(file):
    size = file.size
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": filesizeformat(size), "limit": filesizeformat(limit)},
            code="too_large",
        )
    file.seek(0)
    head = file.read(16)
    file.seek(0)
    content_type, suffixes = sniff_content_type(head)
    if content_type is None:
        raise ValidationError(
            _("Only PDF, JPEG and PNG files can be attached; this file is none of them."),
            code="bad_type",
        )
    if Path(file.name).suffix.lower() not in suffixes:
        raise ValidationError(
            _("The file's name does not match its content (%(type)s).") % {"type": content_type},
            code="bad_suffix",
        )
