"""Thai (and English) text made comparable for substring search."""

import unicodedata


def fold(text):
    """`text` in the one form that search documents and search queries share.

    NFKC first, so that what looks the same compares the same: it turns SARA AM (ำ) into NIKHAHIT
    + SARA AA (ํา), the way many people type it, and full-width Latin into ASCII. Then casefold()
    for English (Thai has no case), and every run of whitespace as one space, because a line
    break in a title is not part of what anyone searches for.
    """
    return " ".join(unicodedata.normalize("NFKC", text or "").casefold().split())
