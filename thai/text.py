"""Thai (and English) text made comparable for substring search."""

import html
import re
import unicodedata

from django.db.models.functions import Collate
from django.utils.safestring import SafeString
from django.utils.translation import get_language


def fold(text):
    """`text` in the one form that search documents and search queries share.

    NFKC first, so that what looks the same compares the same: it turns SARA AM (ำ) into NIKHAHIT
    + SARA AA (ํา), the way many people type it, and full-width Latin into ASCII. Then casefold()
    for English (Thai has no case), and every run of whitespace as one space, because a line
    break in a title is not part of what anyone searches for.
    """
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


# A Thai vowel written before the consonant it follows in speech (เ แ โ ใ ไ), and that consonant.
_LEADING_VOWEL = re.compile("([\u0e40-\u0e44])([\u0e01-\u0e2e])")
# Tone marks, MAITAIKHU, THANTHAKHAT, NIKHAHIT, YAMAKKAN: they decide only between words
# spelled alike otherwise (กา, ก่า, ก้า).
_MARKS = re.compile("[\u0e47-\u0e4e]")


def sort_key(text):
    """`text` as Thai dictionaries order it, the order of ICU's Thai collation ("th", the one
    PostgreSQL's "th-x-icu" uses; the same order on every name of the reference data).

    Every leading vowel sorts after the consonant it is written before, so เชียงใหม่ comes
    among the ช, not after every consonant as by code point; tone marks, spaces and punctuation
    count only between names alike without them; digits as digits (๑ as 1); Thai before Latin
    letters, and Latin ones without regard to case.
    """
    text = _LEADING_VOWEL.sub(r"\2\1", text or "")
    return ("".join(_primary(char) for char in _MARKS.sub("", text)), text)


def _primary(char):
    if char.isdigit():
        return str(unicodedata.digit(char, 0))
    if unicodedata.category(char)[0] in "PZSC":  # punctuation, spaces, symbols, controls
        return ""
    if char.isascii():
        return chr(0xF000 + ord(char.casefold()))  # after Thai, as in ICU's Thai order
    return char


def english_sort_key(text):
    """English alphabetical order (a Thai name standing in for a missing English one comes
    after the English ones)."""
    return ((text or "").casefold(), text or "")


def sort_key_for(language):
    """The order of names on a page in `language`: Thai dictionary order on Thai pages,
    English alphabetical order on English ones."""
    return english_sort_key if (language or "th")[:2] == "en" else sort_key


def sorted_by_name(items, name=lambda item: item.name, *, language=None):
    """`items` ordered by `name(item)` (by default their name in the page's language) as
    readers of the page's language expect; `language` is the page's unless given. For the
    short lists (provinces, themes): the database orders text by code point."""
    key = sort_key_for(language or get_language())
    return sorted(items, key=lambda item: key(name(item)))


# PostgreSQL's collation of ICU's Thai order, made by geography/migrations/0005.
THAI_COLLATION = "thai"


class ThaiOrder(Collate):
    """`expression` in Thai dictionary order in an order_by(), for lists too long to sort in
    Python (the partner list, the admin's lists of organisations and people): ICU's Thai
    collation on PostgreSQL (geography/0005), the order of sort_key(); on SQLite the collation
    of the same name that every connection is given (register_sqlite_collation)."""

    def __init__(self, expression):
        super().__init__(expression, THAI_COLLATION)


def compare(first, second):
    """-1, 0 or 1 as `first` comes before, with or after `second` in Thai dictionary order."""
    first, second = sort_key(first), sort_key(second)
    return (first > second) - (first < second)


def register_sqlite_collation(sender, connection, **kwargs):
    """A `connection_created` receiver: SQLite connections get the collation "thai" (compare),
    so that ThaiOrder sorts the same on both databases. No SQLite index uses it, so a file
    opened without it (the sqlite3 shell, a backup) reads as before."""
    if connection.vendor == "sqlite":
        connection.connection.create_collation(THAI_COLLATION, compare)


_THAI_LETTER = re.compile(r"[\u0E00-\u0E7F]")
_LATIN_LETTER = re.compile(r"[A-Za-z]")


def language_of(text):
    """'th' for text with Thai letters in it, 'en' for text with Latin letters and no Thai, ''
    for neither (numbers, codes, punctuation), which reads the same in either language."""
    text = str(text or "")
    if _THAI_LETTER.search(text):
        return "th"
    if _LATIN_LETTER.search(text):
        return "en"
    return ""


def foreign_language(text, page_language):
    """The language of `text` when it is not the page's own ('th' on an English page showing a
    Thai fallback, 'en' on a Thai page showing an English-only name), else ''."""
    language = language_of(text)
    return language if language and language != (page_language or "th")[:2] else ""


def escape(text):
    """Django's escape(), the same SafeString of the same text, without the check for a lazy
    argument that wraps it: that check cost four times the escaping, and the public pages'
    blocks escape a few hundred texts each."""
    return SafeString(html.escape(str(text)))
