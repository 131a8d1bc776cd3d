"""Reading an uploaded spreadsheet safely: every byte read has a cap, and a file over one is
refused with a Thai reason before it costs memory or time.

The caps (settings, docs/import.md "Limits"): the file's size (IMPORT_MAX_FILE_BYTES); for an
XLSX, which is a ZIP, the sizes its members unpack to and their compression ratio, read from the
ZIP's directory before openpyxl opens anything (IMPORT_MAX_UNPACKED_BYTES,
IMPORT_MAX_COMPRESSION_RATIO; zipfile never inflates a member past its declared size, so the
declaration is a real cap); the rows (IMPORT_MAX_ROWS: the sheet's declared dimension first,
then a count that stops one row past the cap); each cell's length (IMPORT_MAX_CELL_CHARS); and
the time the reading and the rows may take (IMPORT_MAX_SECONDS).

CSV files are decoded as UTF-8 (with or without BOM), UTF-16 (with BOM) or TIS-620 / cp874, the
encoding Thai Windows Excel saves "CSV (Comma delimited)" in. Anything else is named in Thai
with how to save the file instead.
"""

import csv
import io
import re
import time
import zipfile
from dataclasses import dataclass

import tablib
from django.conf import settings
from django.utils.translation import gettext
from openpyxl.reader.excel import ExcelReader
from openpyxl.utils.cell import range_boundaries
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

FIRST_DATA_ROW = 2  # the header is row 1
# The start of an old binary Excel file (.xls, OLE2) and of any ZIP (.xlsx).
XLS_SIGNATURE = b"\xd0\xcf\x11\xe0"
ZIP_SIGNATURE = b"PK\x03\x04"
# ZIP members smaller than this are not held to the compression ratio: a small XML part of a
# workbook may compress very well without costing anything.
RATIO_FLOOR_BYTES = 1024 * 1024


class FileRefused(ValueError):
    """The whole file is refused; the message says why, in the user's language."""


@dataclass(frozen=True)
class Limits:
    file_bytes: int
    unpacked_bytes: int
    compression_ratio: int
    rows: int
    cell_chars: int
    seconds: int

    @classmethod
    def from_settings(cls):
        return cls(
            file_bytes=settings.IMPORT_MAX_FILE_BYTES,
            unpacked_bytes=settings.IMPORT_MAX_UNPACKED_BYTES,
            compression_ratio=settings.IMPORT_MAX_COMPRESSION_RATIO,
            rows=settings.IMPORT_MAX_ROWS,
            cell_chars=settings.IMPORT_MAX_CELL_CHARS,
            seconds=settings.IMPORT_MAX_SECONDS,
        )


class Deadline:
    """The moment an import has taken too long; `check()` refuses the file after it."""

    def __init__(self, seconds):
        self.seconds = seconds
        self.ends = time.monotonic() + seconds

    def check(self):
        if time.monotonic() > self.ends:
            raise FileRefused(
                gettext(
                    "The file took longer than %(seconds)s seconds to read and was stopped; "
                    "nothing was saved. Split it into smaller files."
                )
                % {"seconds": self.seconds}
            )


def _megabytes(size):
    return f"{size / (1024 * 1024):,.0f}"


def check_size(size, limits=None):
    limits = limits or Limits.from_settings()
    if size > limits.file_bytes:
        raise FileRefused(
            gettext("The file is larger than %(limit)s MB; split it into smaller files.")
            % {"limit": _megabytes(limits.file_bytes)}
        )


def read_dataset(data: bytes, extension: str, *, limits=None, deadline=None):
    """The rows of the file `data` (".xlsx" or ".csv") as a tablib Dataset with the
    spreadsheet's row number of each row (`dataset.row_numbers`); FileRefused otherwise."""
    limits = limits or Limits.from_settings()
    deadline = deadline or Deadline(limits.seconds)
    check_size(len(data), limits)
    if extension == ".xlsx":
        rows = _xlsx_rows(data, limits, deadline)
    elif extension == ".csv":
        rows = _csv_rows(data)
    else:
        raise FileRefused(gettext("Only .xlsx and .csv files can be imported."))
    return _dataset(rows, limits, deadline)


def _dataset(rows, limits, deadline):
    """A Dataset of `rows` (the header first), with every cap of `limits` applied as it goes."""
    dataset = tablib.Dataset()
    header = next(rows, ())
    width = len(header)
    while width and header[width - 1] in (None, ""):
        width -= 1
    header = [str(cell).strip() if cell is not None else "" for cell in header[:width]]
    _check_cells(header, 1, limits)
    dataset.headers = header
    # The spreadsheet's number of each row kept, so that the preview names the row staff see
    # after an empty one is left out.
    dataset.row_numbers = []
    for number, values in enumerate(rows, start=FIRST_DATA_ROW):
        if number % 1000 == 0:
            deadline.check()
        values = list(values[:width]) + [None] * (width - len(values))
        if not any(value not in (None, "") for value in values):
            continue
        if len(dataset) >= limits.rows:
            raise _too_many_rows(limits)
        _check_cells(values, number, limits)
        dataset.append(values)
        dataset.row_numbers.append(number)
    return dataset


def _too_many_rows(limits):
    return FileRefused(
        gettext(
            "The file has more than %(limit)s rows; split it into files of at most %(limit)s rows."
        )
        % {"limit": f"{limits.rows:,}"}
    )


def _check_cells(values, number, limits):
    for value in values:
        if isinstance(value, str) and len(value) > limits.cell_chars:
            raise _cell_too_long(number, limits)


def _cell_too_long(number, limits):
    return FileRefused(
        gettext("Row %(number)s has a cell of more than %(limit)s characters; shorten it.")
        % {"number": number, "limit": f"{limits.cell_chars:,}"}
    )


def precheck(data: bytes, extension: str, limits=None):
    """The checks that cost nothing, before a file is kept or handed to a job: its size and,
    for an XLSX, what its ZIP directory declares. FileRefused if one fails."""
    limits = limits or Limits.from_settings()
    check_size(len(data), limits)
    if extension == ".xlsx":
        _open_archive(data, limits)
    elif extension == ".csv":
        decode_csv(data[:4096] if len(data) > 4096 else data, partial=len(data) > 4096)


def estimated_rows(data: bytes, extension: str) -> int:
    """About how many data rows the file has, without reading it: a CSV's lines; an XLSX's
    first sheet's declared dimension, or, where it declares none, its unpacked size at 50
    bytes a row. Decides whether the file is read in the request or by a background job."""
    if extension == ".csv":
        return max(data.count(b"\n") - 1, 0)
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        sheets = sorted(
            (m for m in archive.infolist() if m.filename.startswith("xl/worksheets/sheet")),
            key=lambda m: (len(m.filename), m.filename),
        )
        if not sheets:
            return 0
        with archive.open(sheets[0]) as sheet:
            start = sheet.read(4096).decode("utf-8", "replace")
    except (zipfile.BadZipFile, OSError, ValueError, KeyError):
        return 0  # read in the request, which names what is wrong with it
    found = re.search(r'<(?:\w+:)?dimension ref="[A-Z]+\d+:?[A-Z]*(\d*)"', start)
    if found and found.group(1):
        return max(int(found.group(1)) - 1, 0)
    return sheets[0].file_size // 50


# Excel


def open_workbook(data: bytes, limits=None):
    """A read-only workbook (openpyxl) of the XLSX `data`, after the checks of its size and its
    ZIP directory; FileRefused otherwise. For a workbook of several sheets (the agreements
    workbook): read each sheet through `sheet_rows`, and close the book."""
    limits = limits or Limits.from_settings()
    check_size(len(data), limits)
    _open_archive(data, limits)
    try:
        # Read-only: the sheet is streamed row by row, never held whole. Formulas are read as
        # their text ("=1+1"), never as a cached value (importing.resources).
        reader = _Reader(io.BytesIO(data), read_only=True, data_only=False)
        reader.read()
    except Exception:  # a damaged workbook: openpyxl raises many kinds of error
        raise _not_xlsx() from None
    return reader.wb


def sheet_rows(sheet, limits=None):
    """The rows of `sheet` (of `open_workbook`), as tuples of values, once its rows are known
    to be at most IMPORT_MAX_ROWS (+ the header); FileRefused otherwise. Cells are not checked
    here: `read_dataset` does, or the caller with `check_cells`."""
    limits = limits or Limits.from_settings()
    declared = _declared_rows(sheet)
    if (declared is not None and declared - 1 > limits.rows) or _row_tags_over(
        sheet.parent._archive, sheet._worksheet_path, limits.rows + 1
    ):
        raise _too_many_rows(limits)
    # Read every row there is, however many the dimension declares: openpyxl would stop at
    # a dimension that says too few, and pad with empty rows up to one that says too many.
    sheet.reset_dimensions()
    return _damaged_as_refused(sheet.iter_rows(values_only=True))


def check_cells(values, number, limits=None):
    """FileRefused if a cell of row `number` is longer than IMPORT_MAX_CELL_CHARS."""
    _check_cells(values, number, limits or Limits.from_settings())


def _damaged_as_refused(rows):
    try:
        yield from rows
    except Exception:  # damaged XML or ZIP inside: openpyxl raises many kinds of error
        raise _not_xlsx() from None


def _xlsx_rows(data, limits, deadline):
    book = open_workbook(data, limits)
    try:
        if not book.worksheets:
            raise _not_xlsx()
        rows = sheet_rows(book.worksheets[0], limits)
    except FileRefused:
        book.close()
        raise
    deadline.check()
    return _closing_rows(book, rows)


def _closing_rows(book, rows):
    try:
        yield from rows
    finally:
        book.close()


class _Sheet(ReadOnlyWorksheet):
    """openpyxl's read-only sheet, whose <dimension> is looked for where the format puts it,
    before the rows: openpyxl's own search parses a whole sheet that has none (a million rows
    took 40 s before the first was read)."""

    def _get_size(self):
        with self._get_source() as source:
            head = source.read(64 * 1024)
        head = head[: head.find(b"<sheetData")] if b"<sheetData" in head else head
        found = re.search(rb'<(?:\w+:)?dimension\s+ref="([A-Z]+[0-9]+(?::[A-Z]+[0-9]+)?)"', head)
        if found:
            ref = found.group(1).decode()
            bounds = range_boundaries(ref if ":" in ref else f"{ref}:{ref}")
            self._min_column, self._min_row, self._max_column, self._max_row = bounds


class _Reader(ExcelReader):
    """openpyxl's reader in read-only mode, with the sheets above (chart sheets left out)."""

    def read_worksheets(self):
        for sheet, rel in self.parser.find_sheets():
            if rel.target not in self.valid_files or "chartsheet" in rel.Type:
                continue
            worksheet = _Sheet(self.wb, sheet.name, rel.target, self.shared_strings)
            worksheet.sheet_state = sheet.state
            self.wb._sheets.append(worksheet)


def _open_archive(data, limits):
    if data.startswith(XLS_SIGNATURE):
        raise FileRefused(
            gettext(
                "This is an old Excel file (.xls). Open it in Excel and save it as "
                "“Excel Workbook (.xlsx)”."
            )
        )
    if not data.startswith(ZIP_SIGNATURE):
        raise _not_xlsx()
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        raise _not_xlsx() from None
    _check_unpacked(members, limits)


ROW_TAG = re.compile(rb"<(?:\w+:)?row[\s>/]")


def _row_tags_over(archive, path, most):
    """Whether the sheet at `path` has more than `most` row elements, counted in its raw XML
    a megabyte at a time and no further than needed: thousands of times faster than openpyxl
    reading the rows, so a sheet of a million rows is refused at once."""
    count = 0
    carry = b""
    with archive.open(path) as source:
        while chunk := source.read(1024 * 1024):
            text = carry + chunk
            count += len(ROW_TAG.findall(text))
            # A tag cut at the chunk's end is counted with the next chunk.
            cut = text.rfind(b"<", max(len(text) - 16, 0))
            carry = b""
            if cut != -1 and not ROW_TAG.match(text, cut):
                carry = text[cut:]
            if count > most:
                return True
    return False


def _declared_rows(sheet):
    """The last row the sheet's <dimension> declares, or None: a cheap first answer to "too
    many rows" that a file may leave out or get wrong, so the rows are counted as well."""
    try:
        return sheet.max_row if sheet.max_row and sheet.max_row > 1 else None
    except Exception:  # an unreadable dimension is no dimension
        return None


def _check_unpacked(members, limits):
    total = 0
    for member in members:
        total += member.file_size
        ratio = member.file_size / max(member.compress_size, 1)
        if total > limits.unpacked_bytes or (
            member.file_size > RATIO_FLOOR_BYTES and ratio > limits.compression_ratio
        ):
            raise FileRefused(
                gettext(
                    "The Excel file unpacks to more than %(limit)s MB (or is packed unusually "
                    "tightly) and is not read. Check that it holds only the rows to import, or "
                    "save it as CSV UTF-8."
                )
                % {"limit": _megabytes(limits.unpacked_bytes)}
            )


def _not_xlsx():
    return FileRefused(
        gettext(
            "This file is not an Excel workbook (.xlsx) that can be read. Open it in Excel and "
            "save it as “Excel Workbook (.xlsx)” or as “CSV UTF-8 (Comma delimited)”."
        )
    )


# CSV


def decode_csv(data: bytes, *, partial=False) -> str:
    """The text of a CSV file saved as UTF-8 (with or without BOM), UTF-16 with its BOM, or
    TIS-620 / cp874; FileRefused naming how to save it otherwise. `partial`: `data` is the
    start of a file, which may end inside a character."""
    if partial:
        # Up to three bytes of a cut character, or one of a UTF-16 pair, may be missing.
        for cut in range(4):
            try:
                return decode_csv(data[: len(data) - cut])
            except FileRefused:
                continue
    if data.startswith(ZIP_SIGNATURE) or data.startswith(XLS_SIGNATURE):
        raise FileRefused(
            gettext(
                "This is an Excel file, not a CSV file: choose the Excel format, or save it "
                "in Excel as “CSV UTF-8 (Comma delimited)”."
            )
        )
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        encodings = ["utf-16"]
    elif b"\x00" in data:
        encodings = []  # UTF-16 without its BOM, or not text at all
    else:
        # Then Thai Windows Excel's "CSV (Comma delimited)". cp874 is TIS-620 with a few more
        # characters (the euro, typographic quotes), so it reads both.
        encodings = ["utf-8-sig", "cp874"]
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if encoding == "cp874" and not _looks_thai(text):
            break
        return text
    raise FileRefused(
        gettext(
            "The CSV file's encoding cannot be read (only UTF-8, UTF-16 and TIS-620 are). "
            "Open it in Excel and save it as “CSV UTF-8 (Comma delimited)” (บันทึกเป็น CSV "
            "UTF-8), then upload it again."
        )
    )


def _looks_thai(text):
    """Whether text decoded as cp874 reads as Thai: its characters outside ASCII are Thai, in
    words rather than one by one between Latin letters. A file in another single-byte
    encoding decodes too, as nonsense: Windows-1252's "Café" is "Caف" with a Thai letter."""
    other = [c for c in text if ord(c) > 127]
    if not other:
        return False
    thai = [c for c in other if "\u0e00" <= c <= "\u0e7f"]
    if len(thai) < 0.9 * len(other):
        return False
    beside_latin = len(
        re.findall(r"(?<=[A-Za-z])[\u0e00-\u0e7f]|[\u0e00-\u0e7f](?=[A-Za-z])", text)
    )
    return beside_latin <= 0.1 * len(thai)


def _csv_rows(data):
    text = decode_csv(data)
    try:
        yield from csv.reader(io.StringIO(text, newline=""))
    except csv.Error as error:
        if "field larger" in str(error):
            raise _cell_too_long("?", Limits.from_settings()) from None
        raise FileRefused(
            gettext("The CSV file cannot be read: %(error)s") % {"error": error}
        ) from None
