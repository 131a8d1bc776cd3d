"""Checks on uploaded attachments: the content is parsed, never trusted for its first bytes or
for the name the file arrived with.

- A PDF must parse (pypdf), must not be encrypted, and nothing in it may run or unpack when it
  is opened: no JavaScript, launch actions, embedded files, rich media or XFA forms, and
  nothing may follow its final %%EOF (a ZIP appended there opens as an archive as well).
- A JPEG or PNG image must decode (Pillow), within a limit of pixels, and is stored re-encoded:
  upright, without EXIF (with the GPS position phones write), XMP, ICC profile, text or comments.

check_document() does both and returns what to store; the model field's validator shows its
refusals in the admin, and Attachment.file (a DocumentField) stores only what it returns.
"""

import io
import logging
import re
import time
from pathlib import Path
from typing import NamedTuple

from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from PIL import Image, ImageOps
from pypdf import PdfReader
from pypdf.generic import ArrayObject, DictionaryObject, IndirectObject, NameObject

logger = logging.getLogger(__name__)

PDF, JPEG, PNG = "application/pdf", "image/jpeg", "image/png"

# The first bytes of each accepted type; they choose the parser that then has to agree.
SIGNATURES = [(b"%PDF-", PDF), (b"\xff\xd8\xff", JPEG), (b"\x89PNG\r\n\x1a\n", PNG)]
# File name endings of each type; the first is the one a stored file gets.
SUFFIXES = {PDF: (".pdf",), JPEG: (".jpg", ".jpeg"), PNG: (".png",)}
IMAGE_TYPES = {JPEG, PNG}
IMAGE_SUFFIXES = {suffix for content_type in IMAGE_TYPES for suffix in SUFFIXES[content_type]}

# A decoded image takes width × height × 3-4 bytes of memory: 50 million pixels is a 48 MP phone
# photo and some 200 MB, which one upload may cost, and no more.
MAX_PIXELS = 50_000_000
JPEG_QUALITY = 90

# How far the PDF check goes before it gives up on a file as too complex: objects read, nesting
# of dictionaries and arrays inside one object, and time. A 300-page report takes a tenth of a
# second; an upload is checked twice (form, then storage) within the server's 30 s timeout.
PDF_MAX_OBJECTS = 100_000
PDF_MAX_DEPTH = 100
PDF_MAX_SECONDS = 10


class Document(NamedTuple):
    content_type: str
    content: bytes  # what to store: a PDF as it came, an image re-encoded

    @property
    def suffix(self):
        return SUFFIXES[self.content_type][0]


def content_type_of(head: bytes) -> str | None:
    """The type a file's first bytes announce. Only a file that passed check_document() (as
    every file stored since is) is sure to be what they say."""
    for magic, content_type in SIGNATURES:
        if head.startswith(magic):
            return content_type
    return None


def validate_attachment(file):
    """The validator of Attachment.file: a new upload must pass check_document() and carry a
    name that matches its content."""
    if getattr(file, "_committed", False):
        # A stored file was checked when it arrived. Checking it again at every save of its
        # agreement would parse every PDF again; files stored under older rules are listed by
        # `manage.py check_attachments` rather than blocking the agreement's form.
        return
    check_size(file.size)
    document = check_document(read_all(file))
    if Path(file.name).suffix.lower() not in SUFFIXES[document.content_type]:
        raise ValidationError(
            _("The file's name does not match its content (%(type)s).")
            % {"type": document.content_type},
            code="bad_suffix",
        )


def read_all(file) -> bytes:
    file.seek(0)
    data = file.read()
    file.seek(0)
    return data


def check_size(size):
    limit = settings.ATTACHMENT_MAX_BYTES
    if size > limit:
        size_text, limit_text = filesizeformat(size), filesizeformat(limit)
        if size_text == limit_text:
            # "20.0 MB; the limit is 20.0 MB" would read as no reason at all: a file just over
            # the limit is told in bytes.
            size_text, limit_text = in_bytes(size), in_bytes(limit)
        raise ValidationError(
            _("The file is %(size)s; the limit is %(limit)s.")
            % {"size": size_text, "limit": limit_text},
            code="too_large",
        )


def in_bytes(size):
    return ngettext("%(count)s byte", "%(count)s bytes", size) % {
        "count": number_format(size, force_grouping=True)
    }


def check_document(data: bytes) -> Document:
    """The accepted document in `data`, or ValidationError saying in plain words what is wrong."""
    check_size(len(data))
    content_type = content_type_of(data[:16])
    if content_type == PDF:
        check_pdf(data)
        return Document(PDF, data)
    if content_type in IMAGE_TYPES:
        return Document(content_type, clean_image(data, content_type))
    raise ValidationError(
        _("Only PDF, JPEG and PNG files can be attached; this file is none of them."),
        code="bad_type",
    )


# --- PDF ---


def pdf_refusal(problem):
    advice = _("Save it again with “Print to PDF” or scan the paper copy, and upload that file.")
    messages = {
        "script": _(
            "This PDF contains a script (JavaScript) or an action that runs by itself when the "
            "file is opened, which is not accepted."
        ),
        "launch": _(
            "This PDF contains a command that starts another program (a Launch action), which "
            "is not accepted."
        ),
        "embedded": _(
            "This PDF has other files embedded in it, which is not accepted. Attach each "
            "document on its own."
        ),
        "media": _(
            "This PDF contains multimedia or an interactive XFA form, which is not accepted."
        ),
        "encrypted": _(
            "This PDF is encrypted or protected with a password, so its content cannot be checked."
        ),
        "complex": _("This PDF is too complex to be checked."),
        "trailing": _(
            "This PDF has other data appended after its end, which is not accepted: it may be "
            "a second file hidden in the first."
        ),
        "unreadable": _(
            "This file begins like a PDF but cannot be read as one: it is damaged or is not a PDF."
        ),
    }
    return ValidationError(f"{messages[problem]} {advice}", code=f"pdf_{problem}")


# What a viewer would run or unpack, by dictionary key and by (key, value), with the refusal
# it earns. An /OpenAction is judged by what it does (going to a page is fine, a script is not);
# /AA (additional actions: on opening a page, focusing a form field...) is refused outright, as
# it exists only to act by itself.
PDF_KEYS = {
    "/JS": "script",
    "/JavaScript": "script",  # the document's script name tree, in /Names
    "/AA": "script",
    "/EmbeddedFiles": "embedded",
    "/EF": "embedded",  # a file specification carrying the file itself
    "/RichMediaContent": "media",
    "/XFA": "media",
}
PDF_VALUES = {
    ("/S", "/JavaScript"): "script",
    ("/S", "/Launch"): "launch",
    ("/S", "/GoToE"): "embedded",
    ("/S", "/RichMediaExecute"): "media",
    ("/Type", "/EmbeddedFile"): "embedded",
    ("/Subtype", "/FileAttachment"): "embedded",
    ("/Subtype", "/RichMedia"): "media",
}
# The same names anywhere in the raw bytes, for objects a viewer might find where pypdf does
# not (a damaged cross-reference table is rebuilt differently by each reader). Only names long
# enough not to occur by chance in compressed data.
PDF_RAW_NAMES = re.compile(
    rb"/(JavaScript|EmbeddedFiles?|RichMedia\w*|Launch|XFA)(?![^\s()<>\[\]{}/%])"
)
PDF_RAW_PROBLEMS = {
    b"JavaScript": "script",
    b"EmbeddedFile": "embedded",
    b"EmbeddedFiles": "embedded",
    b"Launch": "launch",
    b"XFA": "media",
}


class TooComplex(Exception):
    pass


def check_pdf(data: bytes):
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            raise pdf_refusal("encrypted")
        if not isinstance(reader.trailer.get("/Root"), IndirectObject | DictionaryObject):
            raise pdf_refusal("unreadable")
        problem = pdf_problem(reader.trailer, time.monotonic() + PDF_MAX_SECONDS)
        if problem:
            raise pdf_refusal(problem)
        if len(reader.pages) < 1:
            raise pdf_refusal("unreadable")
    except ValidationError:
        raise
    except TooComplex:
        raise pdf_refusal("complex") from None
    except Exception as error:  # whatever a hostile file makes pypdf do
        logger.info("PDF refused, pypdf could not read it: %r", error)
        raise pdf_refusal("unreadable") from None
    raw = PDF_RAW_NAMES.search(data)
    if raw:
        raise pdf_refusal(PDF_RAW_PROBLEMS.get(raw.group(1), "media"))
    # Viewers ignore what follows the last %%EOF, so nothing above looked at it; unzip and
    # other programs read it. Only the PDF white-space characters may follow.
    if not data.rstrip(b"\x00\t\n\f\r ").endswith(b"%%EOF"):
        raise pdf_refusal("trailing")


def pdf_problem(root, deadline):
    """The first reason to refuse found in every object reachable from `root`, or None.

    Iterative, each indirect object read once, with limits, so a hostile file (a reference
    cycle, a million nested arrays) ends in TooComplex rather than a hang or a crash.
    """
    stack = [(root, 0)]
    seen = set()
    while stack:
        if time.monotonic() > deadline:
            raise TooComplex
        obj, depth = stack.pop()
        if isinstance(obj, IndirectObject):
            ref = (obj.idnum, obj.generation)
            if ref in seen:
                continue
            seen.add(ref)
            if len(seen) > PDF_MAX_OBJECTS:
                raise TooComplex
            obj, depth = obj.get_object(), 0
        if depth > PDF_MAX_DEPTH:
            raise TooComplex
        if isinstance(obj, DictionaryObject):
            problem = dictionary_problem(obj)
            if problem:
                return problem
            children = dict.values(obj)  # as stored: references stay references
        elif isinstance(obj, ArrayObject):
            children = list.__iter__(obj)
        else:
            continue
        stack.extend(
            (child, depth + 1)
            for child in children
            if isinstance(child, IndirectObject | DictionaryObject | ArrayObject)
        )
    return None


def dictionary_problem(dictionary):
    for key, value in dict.items(dictionary):
        if key in PDF_KEYS:
            return PDF_KEYS[key]
        if isinstance(value, NameObject) and (key, value) in PDF_VALUES:
            return PDF_VALUES[key, value]
        if key == "/URI" and str(value).strip().lower().startswith("javascript:"):
            return "script"
    return None


# --- Images ---


def image_refusal(content_type):
    return ValidationError(
        _(
            "This file begins like a %(type)s image but cannot be read as one: it is damaged or "
            "is not an image. Open it in an image program, save it again and upload that file."
        )
        % {"type": "JPEG" if content_type == JPEG else "PNG"},
        code="image_unreadable",
    )


def clean_image(data: bytes, content_type) -> bytes:
    """The image in `data` decoded, turned upright and encoded again in its own format, with
    none of the original's metadata; ValidationError when it does not decode."""
    image_format = "JPEG" if content_type == JPEG else "PNG"
    try:
        with Image.open(io.BytesIO(data), formats=[image_format]) as image:
            check_pixels(image)
            image.verify()  # checksums and structure, before decoding anything
        with Image.open(io.BytesIO(data), formats=[image_format]) as image:
            image.load()
            return encode_image(image, image_format)
    except ValidationError:
        raise
    except Image.DecompressionBombError:
        raise pixels_refusal() from None
    except Exception as error:  # whatever a hostile file makes Pillow do
        logger.info("Image refused, Pillow could not read it: %r", error)
        raise image_refusal(content_type) from None


def check_pixels(image):
    if image.width * image.height > MAX_PIXELS:
        raise pixels_refusal()


def pixels_refusal():
    return ValidationError(
        _("This image has more than %(limit)s million pixels. Make it smaller and upload it again.")
        % {"limit": MAX_PIXELS // 1_000_000},
        code="image_too_large",
    )


def encode_image(image, image_format) -> bytes:
    # Photos are often stored sideways with an EXIF note to turn them; the note goes, so the
    # pixels are turned first.
    transparency = image.info.get("transparency")
    upright = ImageOps.exif_transpose(image)
    if image_format == "JPEG" and upright.mode not in ("L", "RGB"):
        upright = upright.convert("RGB")  # CMYK shows differently from browser to browser
    # Pillow writes some metadata from `info` (a JPEG comment, a PNG's ICC profile) unless told
    # otherwise: start from none.
    upright.info = {}
    options = {"quality": JPEG_QUALITY} if image_format == "JPEG" else {}
    if image_format == "PNG" and transparency is not None:
        options["transparency"] = transparency
    out = io.BytesIO()
    upright.save(out, image_format, **options)
    return out.getvalue()
