"""docs/open-data.th.md as the public page /open-data/, and docs/open-data.md (English) as
/en/open-data/. tests/public/test_open_data_page.py keeps the two in step.

The files are ours, but they are rendered as untrusted text all the same: raw HTML in them comes
out escaped, never as markup. The HTML is kept per process until a file changes (its
modification time is part of the cache key), and the page cache keeps the whole page.
"""

import functools
import re
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import urlsplit

import markdown
from django.conf import settings
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext
from markdown.postprocessors import Postprocessor
from markdown.treeprocessors import Treeprocessor

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "open-data.md"
THAI_DOCUMENT = Path(settings.BASE_DIR) / "docs" / "open-data.th.md"


def heading_id(text, separator):
    """Python-Markdown's own ids keep ASCII only (a Thai heading gets none); these keep Thai
    whole, vowel and tone marks included, and are the same as its ids for English."""
    text = re.sub(r"[^\w\s\u0e00-\u0e7f-]", "", text).strip().lower()
    return re.sub(rf"[{separator}\s]+", separator, text)


EXTENSIONS = ["tables", "fenced_code", "sane_lists", "toc"]
EXTENSION_CONFIGS = {"toc": {"slugify": heading_id}}


def open_data_html():
    """The data documentation in the page's language as HTML, safe to put in a page."""
    language = get_language()
    document = THAI_DOCUMENT if language == "th" else DOCUMENT
    return _rendered(str(document), document.stat().st_mtime_ns, language)


@functools.lru_cache(maxsize=4)
def _rendered(path, modified, language):
    # The language is part of the key as the code blocks' names are translated.
    return mark_safe(render_markdown(Path(path).read_text(encoding="utf-8")))


SAFE_SCHEMES = {"", "http", "https", "mailto"}


class SitePage(Treeprocessor):
    """Links only to web addresses (no `javascript:`), and wide tables that scroll inside the
    page's width, as the site's own tables do (`.table-wrap`)."""

    def run(self, root):
        for link in root.iter("a"):
            if urlsplit(link.get("href", "")).scheme.lower() not in SAFE_SCHEMES:
                link.attrib.pop("href")
        for parent in list(root.iter()):
            for index, child in enumerate(list(parent)):
                if child.tag == "table":
                    wrap = etree.Element("div", {"class": "table-wrap"})
                    wrap.append(child)
                    parent.remove(child)
                    parent.insert(index, wrap)


class FocusableCode(Postprocessor):
    """Code blocks a keyboard can reach to scroll them sideways: a named tab stop. Fenced
    blocks reach the HTML only here, after the tree; a `<pre>` written in the file is text by
    now (`&lt;pre&gt;`), so only the blocks themselves match."""

    def run(self, text):
        label = escape(gettext("Code example"))
        return text.replace("<pre>", f'<pre tabindex="0" aria-label="{label}">')


def render_markdown(text):
    """Markdown as HTML in which any HTML of the source is shown as text, not obeyed."""
    converter = markdown.Markdown(
        extensions=EXTENSIONS, extension_configs=EXTENSION_CONFIGS, output_format="html"
    )
    # Without these two, Python-Markdown copies HTML blocks and inline tags through as they are.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.treeprocessors.register(SitePage(converter), "site_page", 0)
    # After raw_html (30), which puts the fenced blocks back.
    converter.postprocessors.register(FocusableCode(converter), "focusable_code", 0)
    return converter.convert(text)
