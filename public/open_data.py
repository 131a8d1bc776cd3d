"""docs/open-data.md as the public page /open-data/ (and /en/open-data/).

The file is ours, but it is rendered as untrusted text all the same: raw HTML in it comes out
escaped, never as markup. The HTML is kept per process until the file changes (its
modification time is part of the cache key), and the page cache keeps the whole page.
"""

import functools
import xml.etree.ElementTree as etree
from pathlib import Path
from urllib.parse import urlsplit

import markdown
from django.conf import settings
from django.utils.safestring import mark_safe
from markdown.treeprocessors import Treeprocessor

DOCUMENT = Path(settings.BASE_DIR) / "docs" / "open-data.md"
EXTENSIONS = ["tables", "fenced_code", "sane_lists", "toc"]


def open_data_html():
    """The data documentation as HTML, safe to put in a page."""
    return _rendered(str(DOCUMENT), DOCUMENT.stat().st_mtime_ns)


@functools.lru_cache(maxsize=4)
def _rendered(path, modified):
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


def render_markdown(text):
    """Markdown as HTML in which any HTML of the source is shown as text, not obeyed."""
    converter = markdown.Markdown(extensions=EXTENSIONS, output_format="html")
    # Without these two, Python-Markdown copies HTML blocks and inline tags through as they are.
    converter.preprocessors.deregister("html_block")
    converter.inlinePatterns.deregister("html")
    converter.treeprocessors.register(SitePage(converter), "site_page", 0)
    return converter.convert(text)
