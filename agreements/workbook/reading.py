"""Reading the workbook: its sheets' rows, found by their headers and within the import
engine's caps (read_workbook, SheetRow, WorkbookError), and the helpers that read one cell."""

import re
from dataclasses import dataclass

from django.utils.translation import gettext

from importing.files import FileRefused, check_cells, open_workbook, sheet_rows
from importing.resources import TextWidget, _loose_header

from .sheets import AGREEMENTS, ORGANISATIONS, SHEETS, Sheet


class WorkbookError(Exception):
    """The file as a whole cannot be read (not an XLSX, no agreements sheet, a missing column)."""


@dataclass
class SheetRow:
    sheet: Sheet
    number: int  # as the spreadsheet shows it
    cells: dict

    def where(self):
        return gettext("sheet %(sheet)s, row %(number)s") % {
            "sheet": self.sheet.name,
            "number": self.number,
        }


def read_workbook(data: bytes) -> dict:
    """{sheet name: [SheetRow]} of every sheet of SHEETS the file has (agreements required)."""
    # Through the import engine's caps (importing.files): the file's size, what its ZIP
    # unpacks to, each sheet's rows and each cell's length; a refusal says why in Thai.
    try:
        book = open_workbook(data)
    except FileRefused as refused:
        raise WorkbookError(str(refused)) from None
    try:
        titles = {_loose_header(title): title for title in book.sheetnames}
        found = {}
        for sheet in SHEETS:
            title = titles.get(_loose_header(sheet.name)) or titles.get(
                _loose_header(sheet.name_en)
            )
            if title is None:
                if sheet is AGREEMENTS:
                    raise WorkbookError(
                        gettext("The workbook has no sheet “%(sheet)s”.") % {"sheet": sheet.name}
                    )
                found[sheet.name] = []
                continue
            found[sheet.name] = _read_sheet(sheet, book[title])
        return found
    finally:
        book.close()


def _plain(text):
    return re.sub(r"\s+", "", text).casefold()


def _column_indexes(sheet, header):
    """{column key: index in `header`}: a header as the export writes it (spaces and case
    aside), its English name or the key; else without its note in brackets ("จังหวัด (ชื่อ)"),
    where that leaves it unlike the other columns' (the Thai and English titles differ only
    in their notes)."""
    exact = [_plain(text) for text in header]
    loose = [_loose_header(text) for text in header]
    looses = [_loose_header(th) for _key, th, _en in sheet.columns]
    names = {}
    for key, th, en in sheet.columns:
        for candidate in (th, en, key):
            if _plain(candidate) in exact:
                names[key] = exact.index(_plain(candidate))
                break
        else:
            wanted = _loose_header(th)
            if looses.count(wanted) == 1 and loose.count(wanted) == 1:
                names[key] = loose.index(wanted)
    return names


def _read_sheet(sheet, worksheet):
    try:
        return _sheet_rows(sheet, worksheet)
    except FileRefused as refused:
        raise WorkbookError(str(refused)) from None


def _sheet_rows(sheet, worksheet):
    rows = sheet_rows(worksheet)
    header = [str(cell) if cell is not None else "" for cell in next(rows, ())]
    names = _column_indexes(sheet, header)
    required = [sheet.columns[0]] if sheet is not ORGANISATIONS else list(sheet.columns[:2])
    missing = [th for key, th, _en in required if key not in names]
    if missing:
        raise WorkbookError(
            gettext("Sheet %(sheet)s has no column %(columns)s (the header is row 1).")
            % {"sheet": sheet.name, "columns": ", ".join(f"“{name}”" for name in missing)}
        )
    # Row 2 of an exported workbook names the columns in English: a note, not data.
    known = {_loose_header(name) for key, _th, en in sheet.columns for name in (key, en)}
    result = []
    for number, values in enumerate(rows, start=2):
        check_cells(values, number)
        values = list(values)
        if not any(value not in (None, "") for value in values):
            continue
        loose = [_loose_header(str(v)) if v is not None else "" for v in values]
        if number == 2 and all(value in known for value in loose if value):
            continue
        cells = {
            key: values[index] if index < len(values) else None for key, index in names.items()
        }
        result.append(SheetRow(sheet, number, cells))
    return result


def _blank(value):
    return value is None or (isinstance(value, str) and not value.strip())


def _clean(widget, value, messages, header):
    try:
        return widget.clean(value)
    except ValueError as error:
        messages.append(f"{header}: {error}")
        return None


def _text(value):
    return TextWidget().clean(value)


def _split_lines(value):
    if _blank(value):
        return []
    return [part.strip() for part in str(value).replace(";", "\n").splitlines() if part.strip()]
