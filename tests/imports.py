"""Spreadsheets for the import tests, written the way staff's files are."""

import csv
import io

import pytest
from django.core.management import CommandError, call_command
from openpyxl import Workbook, load_workbook


def write_xlsx(path, headers, rows):
    """An XLSX file; a cell given as "=…" is a real formula cell, as Excel saves one."""
    book = Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


def write_csv(path, headers, rows):
    with open(path, "w", newline="", encoding="utf-8-sig") as file:
        writer = csv.writer(file)
        writer.writerow(headers)
        writer.writerows(rows)
    return path


def is_formula_cell(path, coordinate):
    return load_workbook(path).worksheets[0][coordinate].data_type == "f"


def run(command, path, *args):
    """The command's output; a refusal (CommandError) is raised."""
    out = io.StringIO()
    call_command(command, str(path), *args, stdout=out)
    return out.getvalue()


def refused(command, path, *args):
    """The preview the command printed before refusing the file; fails if it was not refused."""
    out = io.StringIO()
    with pytest.raises(CommandError):
        call_command(command, str(path), *args, stdout=out)
    return out.getvalue()


def upload(client, url, path, format_index):
    with open(path, "rb") as file:
        return client.post(url, {"import_file": file, "format": format_index})
