"""Documents for tests, made on the spot with pypdf and Pillow: no binary fixtures.

- pdf(change) is a one-page PDF written by pypdf, after `change(writer)` had its way with it;
  hostile ones add what a viewer would run or unpack (see the helpers below).
- raw_pdf(objects) writes a PDF by hand, for what pypdf would not write: escaped names,
  reference cycles, absurd nesting.
- jpeg() and png() are images with, on request, the metadata uploads must lose.
"""

import io
import zipfile

from PIL import Image, ImageDraw, PngImagePlugin
from pypdf import PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    FloatObject,
    NameObject,
    TextStringObject,
)

# Where the test photos were "taken": CODI's office in Bangkok.
GPS = {1: "N", 2: (13.0, 47.0, 30.0), 3: "E", 4: (100.0, 34.0, 12.0)}
GPS_IFD = 0x8825
ORIENTATION = 0x0112
ROTATED_90 = 6  # EXIF: turn the stored pixels 90° clockwise to show the photo upright


def pdf(change=None) -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(595, 842)
    if change:
        change(writer)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def names(**entries):
    return DictionaryObject({NameObject(f"/{key}"): value for key, value in entries.items()})


def script(code="app.alert('pwned')"):
    return names(S=NameObject("/JavaScript"), JS=TextStringObject(code))


def open_action_script(writer):
    writer._root_object[NameObject("/OpenAction")] = script()


def document_script(writer):
    """A script in the catalogue's /Names /JavaScript name tree (runs when the file opens)."""
    tree = names(Names=ArrayObject([TextStringObject("init"), writer._add_object(script())]))
    writer._root_object[NameObject("/Names")] = names(JavaScript=writer._add_object(tree))


def page_additional_action(writer):
    writer.pages[0][NameObject("/AA")] = names(O=script())


def launch_link(writer):
    writer.pages[0][NameObject("/Annots")] = ArrayObject(
        [
            names(
                Type=NameObject("/Annot"),
                Subtype=NameObject("/Link"),
                Rect=ArrayObject(
                    [FloatObject(0), FloatObject(0), FloatObject(100), FloatObject(20)]
                ),
                A=names(S=NameObject("/Launch"), F=TextStringObject("cmd.exe")),
            )
        ]
    )


def form_field_script(writer):
    field = names(
        FT=NameObject("/Tx"),
        T=TextStringObject("amount"),
        AA=names(K=script("AFNumber_Keystroke(2)")),
    )
    writer._root_object[NameObject("/AcroForm")] = names(
        Fields=ArrayObject([writer._add_object(field)])
    )


def embedded_file(writer):
    writer.add_attachment("budget.xlsx", b"PK\x03\x04 not really a spreadsheet")


def file_attachment_annotation(writer):
    stream = DecodedStreamObject()
    stream.set_data(b"MZ a program")
    stream[NameObject("/Type")] = NameObject("/EmbeddedFile")
    writer.pages[0][NameObject("/Annots")] = ArrayObject(
        [
            names(
                Type=NameObject("/Annot"),
                Subtype=NameObject("/FileAttachment"),
                Rect=ArrayObject(
                    [FloatObject(0), FloatObject(0), FloatObject(20), FloatObject(20)]
                ),
                FS=names(
                    Type=NameObject("/Filespec"),
                    F=TextStringObject("setup.exe"),
                    EF=names(F=writer._add_object(stream)),
                ),
            )
        ]
    )


def xfa_form(writer):
    stream = DecodedStreamObject()
    stream.set_data(b"<xdp:xdp xmlns:xdp='http://ns.adobe.com/xdp/'/>")
    writer._root_object[NameObject("/AcroForm")] = names(
        Fields=ArrayObject(), XFA=writer._add_object(stream)
    )


def encrypted(writer):
    writer.encrypt("secret", algorithm="RC4-128")


def raw_pdf(*objects: bytes, root=1) -> bytes:
    """A PDF written by hand: `objects` are the bodies of objects 1, 2, ... with a correct
    cross-reference table, so pypdf reads exactly what is written."""
    out = bytearray(b"%PDF-1.7\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1,
        root,
        xref,
    )
    return bytes(out)


PAGE_TREE = (
    b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
    b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>",
)


def raw_pdf_with_catalogue(catalogue_extra: bytes, *more: bytes) -> bytes:
    """A one-page hand-written PDF whose catalogue also says `catalogue_extra`; `more` are
    objects 4, 5, ..."""
    return raw_pdf(b"<< /Type /Catalog /Pages 2 0 R " + catalogue_extra + b" >>", *PAGE_TREE, *more)


def picture(size=(64, 48), mode="RGB"):
    """A picture whose top-left quarter is red, so that turning it shows."""
    image = Image.new(mode, size, "white")
    ImageDraw.Draw(image).rectangle((0, 0, size[0] // 2 - 1, size[1] // 2 - 1), fill="red")
    return image


def jpeg(size=(64, 48), gps=True, orientation=None, comment=None, xmp=None) -> bytes:
    image = picture(size)
    exif = Image.Exif()
    exif[0x010F] = "Phone maker"  # Make
    if gps:
        exif[GPS_IFD] = GPS
    if orientation:
        exif[ORIENTATION] = orientation
    options = {"exif": exif.tobytes()}
    if comment:
        options["comment"] = comment
    if xmp:
        options["xmp"] = xmp
    out = io.BytesIO()
    image.save(out, "JPEG", **options)
    return out.getvalue()


def png(size=(64, 48), text=None, icc_profile=None, mode="RGB") -> bytes:
    image = picture(size, mode)
    info = PngImagePlugin.PngInfo()
    for key, value in (text or {}).items():
        info.add_text(key, value)
    options = {"pnginfo": info}
    if icc_profile:
        options["icc_profile"] = icc_profile
    out = io.BytesIO()
    image.save(out, "PNG", **options)
    return out.getvalue()


def png_claiming(width, height) -> bytes:
    """A PNG header announcing `width` × `height` pixels, with next to no data behind it: what
    a decompression bomb looks like before it goes off."""
    import struct
    import zlib

    def chunk(kind, data):
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(b"\x00" * 1024))
        + chunk(b"IEND", b"")
    )


def metadata_of(data: bytes) -> dict:
    """Everything Pillow finds in an image besides its pixels."""
    with Image.open(io.BytesIO(data)) as image:
        found = {
            key: value
            for key, value in image.info.items()
            if key not in ("dpi", "jfif", "jfif_version", "jfif_unit", "jfif_density")
        }
        exif = image.getexif()
        if exif:
            found["exif"] = dict(exif)
            gps = exif.get_ifd(GPS_IFD)
            if gps:
                found["gps"] = dict(gps)
        return found


def zip_archive() -> bytes:
    """A ZIP archive, as someone might append to a PDF: unzip finds it from the end."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("payload.exe", b"MZ")
    return buffer.getvalue()
