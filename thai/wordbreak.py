"""Where a line of Thai may end.

Thai is written without spaces between words, so a renderer that wraps only at spaces breaks a
long title wherever the line happens to be full, often in the middle of a word. PyThaiNLP's
dictionary segmenter ("newmm", maximal matching over the dictionary that ships inside the
package: nothing is downloaded) finds the words, and a ZERO WIDTH SPACE between two Thai words
tells the renderer that it may end a line there.
"""

import os
import re
from functools import lru_cache

ZERO_WIDTH_SPACE = "\u200b"
ENGINE = "newmm"

THAI = re.compile("[\u0e00-\u0e7f]")


def is_thai(char: str) -> bool:
    return bool(THAI.match(char))


def words(text: str) -> list:
    """`text` cut into words by the dictionary segmenter (spaces are tokens of their own)."""
    # PyThaiNLP creates ~/pythainlp-data on import unless it is read-only, and downloads
    # corpora unless offline; newmm needs neither (its dictionary is in the wheel), and the
    # server's user may have no writable home.
    os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")
    os.environ.setdefault("PYTHAINLP_OFFLINE", "1")
    # Imported here: the dictionary is loaded on first use (about a second, once per process),
    # and only a PDF that wraps Thai text needs it.
    from pythainlp.tokenize import word_tokenize

    return word_tokenize(text, engine=ENGINE, keep_whitespace=True)


@lru_cache(maxsize=8192)
def with_word_breaks(text: str) -> str:
    """`text` with a ZERO WIDTH SPACE at every boundary between two Thai words.

    Only between two Thai characters: a boundary beside a space needs no mark, and one between
    Thai and a digit or a bracket ("2566)", "(ราชบุรี") is not a place to end a line. Cached,
    because a report prints the same names on many rows.
    """
    if not THAI.search(text):
        return text
    pieces = words(text)
    marked = [pieces[0]]
    for before, after in zip(pieces, pieces[1:], strict=False):
        if before and after and is_thai(before[-1]) and is_thai(after[0]):
            marked.append(ZERO_WIDTH_SPACE)
        marked.append(after)
    return "".join(marked)


def without_word_breaks(text: str) -> str:
    return text.replace(ZERO_WIDTH_SPACE, "")
