"""Thai (and English) text made comparable for substring search."""

import re
import unicodedata


def fold(text):
    """`text` in the one form that search documents and search queries share.

    NFKC first, so that what looks the same compares the same: it turns SARA AM (ำ) into NIKHAHIT
    + SARA AA (ํา), the way many people type it, and full-width Latin into ASCII. Then casefold()
    for English (Thai has no case), and every run of whitespace as one space, because a line
    break in a title is not part of what anyone searches for.
    """
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())


# Thai vowels written before the consonant they follow in speech.
LEADING_VOWELS = "เแโใไ"


def sort_key(text):
    """`text` as Thai dictionaries order it: a leading vowel sorts after the consonant it is
    written before, so เชียงใหม่ comes among the ช, not after every consonant as by code
    point. (Only the first syllable is reordered: enough to order names.)"""
    text = text or ""
    if len(text) > 1 and text[0] in LEADING_VOWELS:
        return text[1] + text[0] + text[2:]
    return text


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
