"""The row/column model every report is written in.

A report is a title, a list of typed columns and an iterable of rows (see the apps' exports.py).
The same rows feed every format (reports.renderers), so the formats cannot disagree.
"""

from collections.abc import Iterable
from dataclasses import dataclass, field

TEXT, DATE, MONEY, INTEGER = "text", "date", "money", "integer"

# A cell starting with one of these is a formula (or DDE payload) to a spreadsheet program.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r", "\n")


@dataclass(frozen=True)
class Column:
    header: str
    kind: str = TEXT
    width: int = 18  # characters, for XLSX column widths and PDF proportions


@dataclass
class Report:
    title: str
    columns: list
    rows: Iterable
    notes: list = field(default_factory=list)  # lines printed under a PDF table
    # The values_list() queryset `rows` come from, when they are its rows as they are: a CSV
    # of it is then written by PostgreSQL's COPY (reports.copy), not row by row in Python.
    source: object = None


def neutralise(text: str) -> str:
    """Make text that a spreadsheet would run as a formula plain text again."""
    return "'" + text if text.startswith(FORMULA_TRIGGERS) else text
