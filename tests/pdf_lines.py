"""What a PDF says, line by line, and where its Thai lines end.

fpdf2 draws each line of a wrapped text as one text operation, a line lower than the one before
(at the same x, or at another when the text is aligned right); a table row draws its cells one
after the other, each starting at the top of the row, and its numbers last. So consecutive text
operations in the same font, each a little lower than the one before, are the lines of one
wrapped text; a new text starts higher up, or in another font or size.
"""

import io

from pdfminer.high_level import extract_text_to_fp
from pypdf import PdfReader
from pythainlp.tokenize import word_tokenize

from thai.wordbreak import ENGINE, is_thai

# Lines of one text are closer together than this (points): a 16-point heading's lines are
# 8 mm (23 points) apart.
MAX_LINE_GAP = 25


def text_of(document: bytes) -> str:
    """The PDF's text as pypdf extracts it."""
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(document)).pages)


def text_of_by_pdfminer(document: bytes) -> str:
    """The PDF's text as pdfminer.six extracts it, in the order it is drawn.

    Without its layout analysis (laparams=None), which starts a new line between two marks of
    no width that stand over one consonant (ที่), whatever their text.
    """
    text = io.StringIO()
    extract_text_to_fp(io.BytesIO(document), text, laparams=None)
    return text.getvalue()


def operations(document: bytes) -> list:
    """Every text drawn, one per text operation: ((font, size), y, text)."""
    drawn = []
    for page in PdfReader(io.BytesIO(document)).pages:

        def visit(text, cm, tm, font, size):
            if text.strip():
                where = (font.get("/BaseFont") if font else None, size)
                drawn.append((where, tm[5], text.strip()))

        page.extract_text(visitor_text=visit)
    return drawn


def wrapped_texts(document: bytes) -> list:
    """Every text of the PDF as the list of its lines, in the order they are drawn."""
    texts = []
    previous = None
    for where, y, line in operations(document):
        if previous and where == previous[0] and 0 < previous[1] - y < MAX_LINE_GAP:
            texts[-1].append(line)
        else:
            texts.append([line])
        previous = (where, y)
    return texts


def word_boundaries(text: str) -> set:
    """The offsets in `text` at which the dictionary segmenter ends a word."""
    offsets, offset = set(), 0
    for word in word_tokenize(text, engine=ENGINE, keep_whitespace=True):
        offset += len(word)
        offsets.add(offset)
    return offsets


def lines_ending_inside_words(document: bytes) -> list:
    """(line, next line) wherever a Thai line of the PDF ends in the middle of a word."""
    broken = []
    for lines in wrapped_texts(document):
        joined = "".join(lines)
        boundaries = word_boundaries(joined)
        offset = 0
        for line, following in zip(lines, lines[1:], strict=False):
            offset += len(line)
            thai_on_both_sides = is_thai(line[-1]) and is_thai(following[0])
            if thai_on_both_sides and offset not in boundaries:
                broken.append((line, following))
    return broken
