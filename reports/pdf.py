"""Printable PDFs in Thai: fpdf2 with the shipped Sarabun font and HarfBuzz text shaping.

Thai vowels and tone marks stack above and below consonants; without shaping they would be
drawn side by side. uharfbuzz (a wheel on PyPI) does the shaping, so no system library is needed.
"""

from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos

from thai import calendar as thai_calendar

from .columns import DATE, INTEGER, MONEY, Report

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "sarabun"
FAMILY = "Sarabun"


class RegistryPDF(FPDF):
    def __init__(self, title: str, orientation: str = "portrait"):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.document_title = title
        self.add_font(FAMILY, "", FONT_DIR / "Sarabun-Regular.ttf")
        self.add_font(FAMILY, "B", FONT_DIR / "Sarabun-Bold.ttf")
        self.set_text_shaping(True)
        self.set_title(title)
        self.set_author(_("Community Organizations Development Institute (Public Organization)"))
        self.set_auto_page_break(auto=True, margin=15)
        self.set_margins(15, 15, 15)
        self.add_page()

    def header(self):
        self.set_font(FAMILY, "", 8)
        self.set_text_color(90, 96, 116)
        self.cell(0, 5, _("CODI partnership registry"), new_x=XPos.LMARGIN, new_y=YPos.NEXT)
        self.set_text_color(0, 0, 0)
        self.ln(2)

    def footer(self):
        self.set_y(-12)
        self.set_font(FAMILY, "", 8)
        self.set_text_color(90, 96, 116)
        printed = thai_calendar.local_date(timezone.localdate())
        self.cell(0, 5, _("Printed %(date)s") % {"date": printed})
        self.set_x(self.l_margin)
        self.cell(
            0,
            5,
            _("Page %(page)s of %(pages)s") % {"page": self.page_no(), "pages": "{nb}"},
            align="R",
        )

    def heading(self, text: str, size: int = 16):
        self.set_font(FAMILY, "B", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")
        self.ln(1)

    def paragraph(self, text: str, size: int = 11, bold: bool = False):
        self.set_font(FAMILY, "B" if bold else "", size)
        self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")

    def fact(self, label: str, value: str):
        self.set_font(FAMILY, "B", 10)
        self.cell(40, 6, label)
        self.set_font(FAMILY, "", 10)
        self.multi_cell(0, 6, value or "–", new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")

    def numbered(self, items, size: int = 10):
        self.set_font(FAMILY, "", size)
        for number, text in enumerate(items, start=1):
            self.set_x(self.l_margin + 4)
            self.cell(7, size * 0.5, f"{number}.")
            self.multi_cell(0, size * 0.5, text, new_x=XPos.LMARGIN, new_y=YPos.NEXT, align="L")

    def report_table(self, report: Report, size: int = 8):
        """A report as a table that repeats its header on every page."""
        self.heading(report.title, size=13)
        self.set_font(FAMILY, "", size)
        total_width = sum(column.width for column in report.columns)
        widths = [self.epw * column.width / total_width for column in report.columns]
        aligns = ["RIGHT" if c.kind in (MONEY, INTEGER) else "LEFT" for c in report.columns]
        with self.table(
            col_widths=widths,
            text_align=aligns,
            line_height=size * 0.55,
            repeat_headings=1,
            first_row_as_headings=True,
        ) as table:
            heading = table.row()
            for column in report.columns:
                heading.cell(str(column.header))
            for values in report.rows:
                row = table.row()
                for value, column in zip(values, report.columns, strict=True):
                    row.cell(_pdf_text(value, column.kind))
        for note in report.notes:
            self.ln(1)
            self.paragraph(note, size=9)
        self.ln(4)

    def render(self) -> bytes:
        return bytes(self.output())


def _pdf_text(value, kind) -> str:
    if value is None or value == "":
        return ""
    if kind == MONEY:
        return f"{Decimal(value):,.2f}"
    if kind == DATE:
        return thai_calendar.local_date(value, short=True)
    return str(value)
