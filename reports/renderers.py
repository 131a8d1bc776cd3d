"""Reports rendered as CSV, XLSX or PDF responses.

CSV streams row by row; XLSX is written by openpyxl's write-only mode to a temporary file that is
then streamed, so memory stays flat however many rows there are; PDF tables come from
reports.pdf. `respond` picks the renderer for the format asked for.
"""

import csv
import datetime
import tempfile
from decimal import Decimal

from django.http import FileResponse, Http404, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font

from .columns import DATE, INTEGER, MONEY, Report, neutralise
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


def _csv_value(value, kind):
    if value is None:
        return ""
    if kind == MONEY:
        return f"{Decimal(value):.2f}"
    if kind == DATE:
        return value.isoformat()
    if kind == INTEGER:
        return str(value)
    return neutralise(str(value))


class _Echo:
    def write(self, value):
        return value


def export_filename(stem: str, extension: str) -> str:
    """Names are made by the server, never taken from the request: codi-agreements-2026-11-21.csv"""
    return f"codi-{stem}-{timezone.localdate().isoformat()}.{extension}"


def csv_response(report: Report, stem: str) -> StreamingHttpResponse:
    writer = csv.writer(_Echo())
    kinds = [column.kind for column in report.columns]

    def lines():
        # The byte-order mark makes Excel read the file as UTF-8, so Thai is not garbled.
        yield "\ufeff" + writer.writerow([neutralise(str(c.header)) for c in report.columns])
        for row in report.rows:
            yield writer.writerow([_csv_value(v, k) for v, k in zip(row, kinds, strict=True)])

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{export_filename(stem, "csv")}"'
    return response


def _xlsx_cell(sheet, value, kind):
    """A typed cell. Only money and dates need a styled cell object; plain values are cheaper."""
    if value is None:
        return None
    if kind == MONEY:
        cell = WriteOnlyCell(sheet, value=Decimal(value))
        cell.number_format = "#,##0.00"
        return cell
    if kind == DATE:
        cell = WriteOnlyCell(sheet, value=value)
        cell.number_format = "yyyy-mm-dd"
        return cell
    if kind == INTEGER:
        return int(value)
    # openpyxl takes a string for a formula only when it starts with "=", which neutralise()
    # has already prevented; the tests check that no cell comes out as a formula.
    return neutralise(str(value))


def xlsx_response(reports: list, stem: str) -> FileResponse:
    """One sheet per report."""
    workbook = Workbook(write_only=True)
    bold = Font(bold=True)
    for report in reports:
        sheet = workbook.create_sheet(title=_sheet_title(report.title))
        for index, column in enumerate(report.columns):
            sheet.column_dimensions[_column_letter(index)].width = column.width
        sheet.freeze_panes = "A2"
        header = []
        for column in report.columns:
            cell = WriteOnlyCell(sheet, value=neutralise(str(column.header)))
            cell.font = bold
            header.append(cell)
        sheet.append(header)
        kinds = [column.kind for column in report.columns]
        for row in report.rows:
            sheet.append([_xlsx_cell(sheet, v, k) for v, k in zip(row, kinds, strict=True)])
    spool = tempfile.TemporaryFile()
    workbook.save(spool)
    spool.seek(0)
    return FileResponse(
        spool,
        as_attachment=True,
        filename=export_filename(stem, "xlsx"),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )


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


def as_date(value):
    """Date cells accept dates only (a datetime would carry a time zone Excel cannot store)."""
    if isinstance(value, datetime.datetime):
        return timezone.localtime(value).date()
    return value
