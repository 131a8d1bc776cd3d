"""Printable PDFs in Thai: fpdf2 with the shipped Sarabun font and HarfBuzz text shaping.

Thai vowels and tone marks stack above and below consonants; without shaping they would be
drawn side by side. uharfbuzz (a wheel on PyPI) does the shaping, so no system library is needed.

Thai has no spaces between words, so every text that may wrap goes through wrap(): the
dictionary segmenter (thai.wordbreak) marks the boundaries between words, fpdf2 breaks the lines
there, and the marks are taken out again before anything is drawn.
"""

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.enums import XPos, YPos
from fpdf.fonts import SubsetMap

from thai import calendar as thai_calendar
from thai.wordbreak import with_word_breaks, without_word_breaks

from .columns import DATE, INTEGER, MONEY, TEXT, Report

FONT_DIR = Path(settings.BASE_DIR) / "static" / "fonts" / "sarabun"
FAMILY = "Sarabun"
TITLE_HEIGHT = 8  # mm: a report_table title (heading() at 13 points)


class RegistryPDF(FPDF):
    def __init__(self, title: str, orientation: str = "portrait"):
        super().__init__(orientation=orientation, unit="mm", format="A4")
        self.document_title = title
        for style, file in (("", "Sarabun-Regular.ttf"), ("B", "Sarabun-Bold.ttf")):
            self.add_font(FAMILY, style, FONT_DIR / file)
            font = self.fonts[f"{FAMILY.lower()}{style}"]
            font.subset = _TextOfEveryGlyph(font)
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

    def wrap(self, text: str, width: float, line_height: float) -> list:
        """`text` as the lines of a box `width` wide (0: to the right margin), in the current
        font, each ending at a space or between two Thai words.

        fpdf2 ends lines at spaces, ZERO WIDTH SPACE included, and only cuts a word in the
        middle when the word alone is wider than the box.
        """
        available = (width or self.w - self.r_margin - self.x) - 2 * self.c_margin
        if self.get_string_width(text) <= available and "\n" not in text:
            return [text]
        lines = self.multi_cell(
            width, line_height, with_word_breaks(text), dry_run=True, output="LINES"
        )
        return [without_word_breaks(line) for line in lines]

    def flow(self, text: str, line_height: float, width: float = 0):
        """`text` wrapped at word boundaries, from the current position down."""
        lines = self.wrap(text, width, line_height)
        self.multi_cell(
            width,
            line_height,
            "\n".join(lines),
            new_x=XPos.LMARGIN,
            new_y=YPos.NEXT,
            align="L",
        )

    def heading(self, text: str, size: int = 16):
        self.set_font(FAMILY, "B", size)
        self.flow(text, size * 0.5)
        self.ln(1)

    def paragraph(self, text: str, size: int = 11, bold: bool = False):
        self.set_font(FAMILY, "B" if bold else "", size)
        self.flow(text, size * 0.5)

    def fact(self, label: str, value: str):
        self.set_font(FAMILY, "B", 10)
        self.cell(40, 6, label)
        self.set_font(FAMILY, "", 10)
        self.flow(value or "–", 6)

    def numbered(self, items, size: int = 10):
        self.set_font(FAMILY, "", size)
        for number, text in enumerate(items, start=1):
            self.set_x(self.l_margin + 4)
            self.cell(7, size * 0.5, f"{number}.")
            self.flow(text, size * 0.5)

    def report_table(self, report: Report, size: int = 8):
        """A report as a table that repeats its header on every page.

        Drawn cell by cell rather than with fpdf's table(), which line-breaks and shapes the
        text of every cell: a national summary has thousands of numbers, and digits need
        neither. Only text is measured, wrapped and shaped by HarfBuzz.

        Leading text columns are grouped: a region or province that repeats the row above is
        printed once, and again at the top of each page. The table reads more easily, and Thai
        text is most of what a page costs to typeset.
        """
        total_width = sum(column.width for column in report.columns)
        table = _Table(
            header=[str(column.header) for column in report.columns],
            widths=[self.epw * column.width / total_width for column in report.columns],
            numeric=[column.kind in (MONEY, INTEGER) for column in report.columns],
            size=size,
            grouped=_leading_text_columns(report.columns),
        )
        # The title, the header and a first row start on the same page.
        self.set_font(FAMILY, "B", size)
        header_height = self._row_height(table, table.header, header=True)
        if self.will_page_break(TITLE_HEIGHT + header_height + 2 * table.line_height):
            self.add_page()
        self.heading(report.title, size=13)
        self._table_header(table)
        previous = None
        for values in report.rows:
            texts = [
                _pdf_text(value, column.kind)
                for value, column in zip(values, report.columns, strict=True)
            ]
            shown = _without_repeats(texts, previous, table.grouped)
            if self.will_page_break(self._row_height(table, texts)):
                self.add_page()
                self._table_header(table)
                shown = texts
            self._table_row(table, shown)
            previous = texts
        for note in report.notes:
            self.ln(1)
            self.paragraph(note, size=9)
        self.ln(4)

    def _table_header(self, table):
        self.set_font(FAMILY, "B", table.size)
        self._table_row(table, table.header, header=True)
        self.set_font(FAMILY, "", table.size)

    def _lines(self, table, text: str, width: float) -> list:
        """`text` broken into the lines of a cell `width` wide, in the current font.

        Each text is broken once per table: a region's name or the header recurs on many rows.
        """
        key = (text, width, self.font_style)
        if key not in table.lines:
            table.lines[key] = self.wrap(text, width, table.line_height)
        return table.lines[key]

    def _number_width(self, table, text: str) -> float:
        """The width of unshaped digits and punctuation: the sum of their widths."""
        for char in text:
            if char not in table.char_widths:
                table.char_widths[char] = self.get_string_width(char)
        return sum(table.char_widths[char] for char in text)

    def _row_height(self, table, texts, header=False) -> float:
        lines = [
            1
            if number and not header and _is_figure(text)
            else len(self._lines(table, text, width))
            for text, width, number in zip(texts, table.widths, table.numeric, strict=True)
        ]
        return max(lines) * table.line_height

    def _table_row(self, table, texts, header=False):
        """One row at the current position; the caller has made sure that it fits the page."""
        height = self._row_height(table, texts, header)
        top = self.get_y()
        numbers = []
        x = self.l_margin
        for text, width, number in zip(texts, table.widths, table.numeric, strict=True):
            self.rect(x, top, width, height)
            if text and number and not header and _is_figure(text):
                numbers.append((x + width, text))
            elif text:
                for index, line in enumerate(self._lines(table, text, width)):
                    self.set_xy(x, top + index * table.line_height)
                    self.cell(width, table.line_height, line, align="R" if number else "L")
            x += width
        # Numbers are placed with text(), which never shapes: digits, commas and points look
        # the same unshaped, and shaping is most of what a cell costs. The baseline is where
        # cell() puts the text beside them.
        baseline = top + table.line_height / 2 + 0.3 * self.font_size
        self.set_text_shaping(False)
        for right, text in numbers:
            self.text(right - self.c_margin - self._number_width(table, text), baseline, text)
        self.set_text_shaping(True)
        self.set_xy(self.l_margin, top + height)

    def render(self) -> bytes:
        return bytes(self.output())


SARA_AM, NIKHAHIT, SARA_AA = 0x0E33, 0x0E4D, 0x0E32


class _NoText(int):
    """A code point written as nothing: fpdf2 prints each code point of a glyph's text in hex
    into the font's ToUnicode map, so a glyph whose text is (NO_TEXT,) maps to `<>`."""

    def __format__(self, spec):
        return ""


NO_TEXT = (_NoText(0),)


class _TextOfEveryGlyph(SubsetMap):
    """The glyphs of a font as fpdf2 embeds them, each with the text that it stands for.

    The text of every glyph goes into the PDF's ToUnicode map, which is what copy, search and
    text extraction read. fpdf2 gives the text of a HarfBuzz cluster to its first glyph and
    none to the others, and a glyph without text is extracted as its raw code, a stray
    character. Thai has one such cluster: HarfBuzz splits SARA AM (ำ) into a NIKHAHIT glyph,
    alone or joined with the tone mark before it (น้ำ), and a SARA AA glyph. fpdf2 gives ำ to
    the NIKHAHIT, so สำนักงาน came out as สำ?นักงาน. Here ำ goes with the SARA AA, the glyph
    that advances the line (extractors that place text by glyph width then see no gap), and
    the NIKHAHIT keeps only its tone mark, or maps to no text at all.
    """

    # Cached as SubsetMap's own: fpdf2 calls its cache_clear() when the document is written.
    @cache  # noqa: B019
    def get_glyph(self, glyph=None, unicode=None, glyph_name=None, glyph_width=None):
        if glyph_name is not None and isinstance(unicode, tuple):
            unicode = _text_of_glyph(glyph_name, unicode)
        return super().get_glyph(glyph, unicode, glyph_name, glyph_width)


def _text_of_glyph(name: str, text: tuple) -> tuple:
    """`text`, the code points fpdf2 gave the shaped glyph `name`, as the glyph's own.

    The names are Sarabun's: uni0E4D is the NIKHAHIT, uni0E4D0E49 and uni0E4D0E48.narrow it
    joined with a tone mark, uni0E32 the SARA AA.
    """
    if name.startswith(f"uni{NIKHAHIT:04X}") and text[-1:] == (SARA_AM,):
        return text[:-1] or NO_TEXT
    if name == f"uni{SARA_AA:04X}" and not text:
        return (SARA_AM,)
    return text or NO_TEXT


def _leading_text_columns(columns) -> int:
    """How many columns come before the first that is not text (region, province)."""
    for index, column in enumerate(columns):
        if column.kind != TEXT:
            return index
    return len(columns)


def _without_repeats(texts, previous, grouped: int) -> list:
    """`texts` with its first `grouped` cells blank where they repeat the row above."""
    shown = list(texts)
    for index in range(grouped):
        if previous is None or texts[index] != previous[index]:
            break
        shown[index] = ""
    return shown


FIGURE_CHARACTERS = frozenset("0123456789,.-")


def _is_figure(text: str) -> bool:
    """Whether `text` is only digits and their punctuation, which need no shaping. A label
    in a number column ("Total" in the fiscal year column) is text like any other."""
    return FIGURE_CHARACTERS.issuperset(text)


def _pdf_text(value, kind) -> str:
    if value is None or value == "":
        return ""
    if kind == MONEY:
        return f"{Decimal(value):,.2f}"
    if kind == DATE:
        return thai_calendar.local_date(value, short=True)
    return str(value)


@dataclass
class _Table:
    """A table being drawn, and what has been measured for it."""

    header: list
    widths: list
    numeric: list
    size: int
    grouped: int  # leading text columns whose repeats are left blank
    lines: dict = field(default_factory=dict)  # (text, width, font style) -> lines
    char_widths: dict = field(default_factory=dict)  # of digits and punctuation, unshaped

    @property
    def line_height(self) -> float:
        return self.size * 0.55
