"""Reports rendered as CSV, XLSX or PDF responses.

CSV streams a thousand rows at a time; XLSX is written by openpyxl's write-only mode to a
temporary file that is then streamed, so memory stays flat however many rows there are; PDF
tables come from reports.pdf. `respond` picks the renderer for the format asked for; `render`
gives the same CSV or XLSX file as bytes, for a background export that keeps it.

Dates: a CSV gives each date column in ISO (2024-05-23, which every spreadsheet reads as that
date) with a Buddhist Era column beside it in words (23 พฤษภาคม พ.ศ. 2567, text to a
spreadsheet); an XLSX date cell is a real date that a number format shows in the Buddhist
calendar, so a spreadsheet still sorts and filters it as a date.
"""

import csv
import io
import itertools
import tempfile
from decimal import Decimal

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.cell import Cell, WriteOnlyCell
from openpyxl.styles import Font, NamedStyle

from thai import calendar as thai_calendar

from . import copy
from .columns import DATE, FORMULA_TRIGGERS, MONEY, TEXT, Report, neutralise
from .pdf import RegistryPDF

FORMATS = ("csv", "xlsx", "pdf")


def respond(reports, stem: str, extension: str, *, title: str = ""):
    """`reports` (one Report or a list) as a download named codi-<stem>-<date>.<extension>.

    CSV holds the first report only; XLSX has a sheet per report; PDF a table per report under
    `title`. An unknown extension is a page that does not exist.
    """
    if isinstance(reports, Report):
        reports = [reports]
    if extension == "csv":
        return csv_response(reports[0], stem)
    if extension == "xlsx":
        return xlsx_response(reports, stem)
    if extension == "pdf":
        return pdf_response(tables_pdf(reports, title), stem)
    raise Http404


def tables_pdf(reports, title: str) -> bytes:
    pdf = RegistryPDF(title=title, orientation="landscape")
    pdf.heading(title)
    for report in reports:
        pdf.report_table(report)
    return pdf.render()


# CSV is sent in pieces of this many rows: big enough that the per-piece cost disappears,
# small enough that memory stays flat.
CSV_ROWS_PER_PIECE = 1000


def _emptied(buffer: io.StringIO) -> str:
    """What was written to `buffer`, which is then empty again."""
    text = buffer.getvalue()
    buffer.seek(0)
    buffer.truncate()
    return text


def export_filename(stem: str, extension: str) -> str:
    """Names are made by the server, never taken from the request: codi-agreements-2026-11-21.csv"""
    return f"codi-{stem}-{timezone.localdate().isoformat()}.{extension}"


def _kind_indexes(report: Report, kind: str) -> list:
    return [i for i, column in enumerate(report.columns) if column.kind == kind]


def _prepared(row, texts: list, amounts: list, amount) -> list:
    """`row` as a list with its text cells neutralised and `amount(value)` for its money.

    Other values are left to the writer: the csv module writes None as "" and a date in ISO.
    Called once per row of a full export: the checks are inlined (see neutralise()).
    """
    row = list(row)
    for i in texts:
        value = row[i]
        if value is None:
            continue
        if value.__class__ is not str:
            value = row[i] = str(value)
        if value.startswith(FORMULA_TRIGGERS):
            row[i] = "'" + value
    for i in amounts:
        if row[i] is not None:
            row[i] = amount(row[i])
    return row


def _csv_amount(value):
    """Two decimals. An amount read from the database has them already (numeric(14,2) and
    its sums): the csv writer prints that Decimal as it is, with no formatting here."""
    if value.__class__ is Decimal and value.as_tuple().exponent == -2:
        return value
    return f"{value:.2f}"


# Excel's locale code for Thai (041E), its Thai Buddhist calendar (07) and Western digits (01):
# the cell keeps its date value, the year is shown as BE. LibreOffice 7.4 shows it as 23/5/2567
# too (checked by converting an export to HTML headless); it does not understand the newer
# "[$-th-TH,107]" form, which it shows as a bare serial number.
BE_DATE_FORMAT = "[$-107041E]d/m/yyyy"


def be_header(column) -> str:
    """The header of a date column's BE twin: `ends_on_be` beside a code like `ends_on`,
    "Ends on (BE)" beside a header written for people."""
    header = str(column.header)
    if header.isidentifier() and header.isascii():
        return f"{header}_be"
    return _("%(column)s (BE)") % {"column": header}


def csv_be_date(day) -> str:
    """A date of a CSV's BE column, for Thai readers, as official letters write it:
    23 พฤษภาคม พ.ศ. 2567.

    A spreadsheet must read it as the text it is. LibreOffice reads 23/5/2567 as a date of the
    Common Era year 2567, in a Thai locale as in an English one, and in a Thai locale 23 พ.ค.
    2567 and 23 พฤษภาคม 2567 too; with the era written out, no locale takes it for a date.
    """
    month = thai_calendar.THAI_MONTHS[day.month - 1]
    return f"{day.day} {month} พ.ศ. {thai_calendar.be_year(day.year)}"


def _with_be_dates(row: list, dates: list) -> list:
    """`row` with the BE form of each date inserted after it."""
    if not dates:
        return row
    out = []
    for index, value in enumerate(row):
        out.append(value)
        if index in dates:
            out.append(csv_be_date(value) if value else None)
    return out


def render(reports, extension: str) -> bytes:
    """The file `respond` would send, as bytes: for a file kept rather than sent (the admin's
    large exports, importing.jobs)."""
    if isinstance(reports, Report):
        reports = [reports]
    if extension == "csv":
        return b"".join(
            piece.encode() if isinstance(piece, str) else piece for piece in csv_pieces(reports[0])
        )
    if extension == "xlsx":
        with xlsx_spool(reports) as spool:
            return spool.read()
    raise ValueError(f"No renderer for {extension}")


def csv_response(report: Report, stem: str) -> StreamingHttpResponse:
    response = StreamingHttpResponse(csv_pieces(report), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(stem, "csv")}"'
    return response


def csv_pieces(report: Report):
    """The CSV as pieces of text (or bytes, from PostgreSQL's COPY)."""
    texts, amounts = _kind_indexes(report, TEXT), _kind_indexes(report, MONEY)
    dates = set(_kind_indexes(report, DATE))
    headers = []
    for index, column in enumerate(report.columns):
        headers.append(str(column.header))
        if index in dates:
            headers.append(be_header(column))

    def csv_row(row):
        return _with_be_dates(_prepared(row, texts, amounts, _csv_amount), dates)

    def pieces():
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        # The byte-order mark makes Excel read the file as UTF-8, so Thai is not garbled.
        buffer.write("\ufeff")
        writer.writerow([neutralise(header) for header in headers])
        yield _emptied(buffer)
        rows = iter(report.rows)
        while piece := list(itertools.islice(rows, CSV_ROWS_PER_PIECE)):
            writer.writerows(map(csv_row, piece))
            yield _emptied(buffer)

    if copy.can_copy(report) and not dates:
        return copy.csv_pieces(report, headers, texts)
    return pieces()


def xlsx_response(reports: list, stem: str) -> FileResponse:
    """One sheet per report."""
    return FileResponse(
        xlsx_spool(reports),
        as_attachment=True,
        filename=export_filename(stem, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


def xlsx_spool(reports: list):
    """The workbook in a temporary file, read from its start."""
    workbook = Workbook(write_only=True)
    money = NamedStyle(name="money", number_format="#,##0.00")
    date = NamedStyle(name="date_be", number_format=BE_DATE_FORMAT)
    # Once per workbook; every money or date cell refers to its style.
    workbook.add_named_style(money)
    workbook.add_named_style(date)
    for report in reports:
        _write_sheet(workbook, report, money.as_tuple(), date.as_tuple())
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return spool


def _write_sheet(workbook, report: Report, money_style, date_style):
    sheet = workbook.create_sheet(title=_sheet_title(report.title))
    for index, column in enumerate(report.columns):
        sheet.column_dimensions[_column_letter(index)].width = column.width
    sheet.freeze_panes = "A2"
    bold = Font(bold=True)
    header = []
    for column in report.columns:
        cell = WriteOnlyCell(sheet, value=neutralise(str(column.header)))
        cell.font = bold
        header.append(cell)
    sheet.append(header)

    def money_cell(value):
        # Only money and dates need a cell object, to carry their style; plain values cost
        # openpyxl least. The row and column are placeholders that openpyxl sets when it writes.
        return Cell(sheet, row=1, column=1, value=value, style_array=money_style)

    texts, amounts = _kind_indexes(report, TEXT), _kind_indexes(report, MONEY)
    dates = _kind_indexes(report, DATE)
    for row in report.rows:
        # openpyxl takes a string for a formula only when it starts with "=", which
        # neutralise() prevents; the tests check that no cell comes out as a formula.
        cells = _prepared(row, texts, amounts, money_cell)
        for i in dates:
            if cells[i] is not None:
                cells[i] = Cell(sheet, row=1, column=1, value=cells[i], style_array=date_style)
        sheet.append(cells)


def pdf_response(document: bytes, stem: str) -> HttpResponse:
    response = HttpResponse(bytes(document), content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(stem, "pdf")}"'
    return response


def _sheet_title(title: str) -> str:
    # Excel allows 31 characters and none of []:*?/\ in a sheet name.
    cleaned = "".join(" " if ch in "[]:*?/\\" else ch for ch in str(title))
    return cleaned[:31] or "Sheet"


def _column_letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, remainder = divmod(index - 1, 26)
        letters = chr(65 + remainder) + letters
    return letters
