"""/open-data/ serves docs/open-data.th.md inside the site, /en/open-data/ docs/open-data.md;
the two say the same. /api/docs/ is a page of the site too."""

import html as html_lib
import re
from collections import Counter

import pytest

from public.open_data import DOCUMENT, THAI_DOCUMENT, render_markdown

# A document drawn as a page, the same on any database: CI checks it once.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_once]

PAGES = {"/open-data/": THAI_DOCUMENT, "/en/open-data/": DOCUMENT}


def links(html):
    return re.findall(r'href="([^"]+)"', html)


def article(html):
    return html[html.index('<article class="prose open-data-doc">') : html.index("</article>")]


@pytest.mark.parametrize(
    ("url", "lang", "h1", "h2"),
    [
        ("/open-data/", "th", '<h1 id="api-ข้อมูลเปิด">API ข้อมูลเปิด</h1>', '<h2 id="องค์กร">องค์กร</h2>'),
        (
            "/en/open-data/",
            "en",
            '<h1 id="open-data-api">Open data API</h1>',
            '<h2 id="organisations">Organisations</h2>',
        ),
    ],
)
def test_the_open_data_page_shows_the_documentation_in_the_site_layout(client, url, lang, h1, h2):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    # Headings, tables and code blocks of the file, rendered, in the page's language.
    assert h1 in html
    assert h2 in html
    assert "<code>/api/v1/organisations/</code>" in html
    assert '<div class="table-wrap"><table>' in html
    assert "/api/docs/" in links(html)


@pytest.mark.parametrize("url", PAGES)
def test_the_page_follows_the_file_and_its_links_to_sections_arrive(client, url):
    text = PAGES[url].read_text(encoding="utf-8")
    page = article(client.get(url).content.decode())
    shown = html_lib.unescape(re.sub("<[^>]+>", "", page))
    for heading in re.findall(r"^## (.+)$", text, flags=re.MULTILINE):
        assert heading.replace("`", "") in shown
    ids = set(re.findall(r' id="([^"]+)"', page))
    sections = [link[1:] for link in links(page) if link.startswith("#")]
    assert sections
    assert set(sections) <= ids


# -- the Thai and the English document in step ----------------------------------------------


def markdown_of(document):
    return document.read_text(encoding="utf-8")


def headings(text):
    """How many headings of each level, outside code blocks."""
    prose = re.sub(r"^```.*?^```$", "", text, flags=re.MULTILINE | re.DOTALL)
    return Counter(len(marks) for marks in re.findall(r"^(#+) ", prose, flags=re.MULTILINE))


def code_blocks(text):
    return re.findall(r"^```.*?^```$", text, flags=re.MULTILINE | re.DOTALL)


def endpoints(text):
    return Counter(re.findall(r"/api/[\w/{}.-]*", text))


@pytest.mark.parametrize("part", [headings, code_blocks, endpoints])
def test_the_thai_and_the_english_document_say_the_same(part):
    # An edit of one without the other fails here.
    thai, english = markdown_of(THAI_DOCUMENT), markdown_of(DOCUMENT)
    assert part(english)
    assert part(thai) == part(english)


def test_the_thai_document_has_the_same_tables_as_the_english(client):
    def table_shapes(url):
        page = article(client.get(url).content.decode())
        return [
            (table.count("<tr>"), table.count("<code>"))
            for table in re.findall(r"<table>.*?</table>", page, flags=re.DOTALL)
        ]

    assert table_shapes("/open-data/") == table_shapes("/en/open-data/")


THAI = re.compile(r"[\u0e00-\u0e7f]")
LATIN = re.compile(r"[A-Za-z]")


def prose_of(page):
    """The text of each paragraph, list item, table cell and heading, without its code."""
    without_code = re.sub(r"<(pre|code)\b.*?</\1>", "", page, flags=re.DOTALL)
    blocks = re.findall(r"<(p|li|td|th|h\d)\b[^>]*>(.*?)</\1>", without_code, flags=re.DOTALL)
    return [html_lib.unescape(re.sub("<[^>]+>", "", text)).strip() for _tag, text in blocks]


def test_the_thai_page_has_no_english_prose(client):
    """Code, field names and addresses stay as they are; every sentence around them is Thai
    (names of standards such as "IATI" or "Swagger UI" may stand in a Thai sentence)."""
    english_prose = [
        text
        for text in prose_of(article(client.get("/open-data/").content.decode()))
        if len(LATIN.findall(text)) > len(THAI.findall(text))
    ]
    assert not english_prose, english_prose


def test_the_english_page_would_fail_that_check(client):
    english = prose_of(article(client.get("/en/open-data/").content.decode()))
    assert sum(len(LATIN.findall(text)) > len(THAI.findall(text)) for text in english) > 100


@pytest.mark.parametrize(
    ("url", "name"), [("/open-data/", "ตัวอย่างโค้ด"), ("/en/open-data/", "Code example")]
)
def test_code_blocks_that_scroll_can_be_reached_by_keyboard_and_are_named(client, url, name):
    page = article(client.get(url).content.decode())
    blocks = re.findall(r"<pre\b[^>]*>", page)
    assert len(blocks) == len(code_blocks(markdown_of(PAGES[url]))) == 10
    assert set(blocks) == {f'<pre tabindex="0" aria-label="{name}">'}


def test_html_in_the_documentation_is_shown_as_text_and_scripts_are_not_linked():
    html = render_markdown(
        '<script>alert(1)</script>\n\nText <img src=x onerror="alert(2)">\n\n'
        "[bad](javascript:alert(3)) [good](/api/docs/)\n"
    )
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "javascript:" not in html
    assert '<a href="/api/docs/">good</a>' in html


@pytest.mark.parametrize("page", ["/", "/en/", "/agreements/"])
def test_the_footer_links_the_data_documentation_and_the_api(client, page):
    html = client.get(page).content.decode()
    footer = html[html.index('class="site-footer"') :]
    expected = "/en/open-data/" if page.startswith("/en/") else "/open-data/"
    assert expected in links(footer)
    assert "/api/docs/" in links(footer)


def test_the_api_docs_page_has_the_site_header_and_a_working_link_to_the_documentation(client):
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert 'class="site-header"' in html
    assert 'href="/"' in html  # the way back to the site
    assert '<div id="swagger-ui"' in html
    documentation = [link for link in links(html) if link.rstrip("/").endswith("open-data")]
    assert documentation
    for link in documentation:
        page = client.get(link)
        assert page.status_code == 200, link
        title = "Open data API" if link.startswith("/en/") else "API ข้อมูลเปิด"
        assert f">{title}</h1>" in page.content.decode()
    # Swagger UI's start-up script is a file of this site, not inline.
    assert '<script src="/api/docs/?script="></script>' in html


def test_the_schema_description_links_the_page_not_a_file(client):
    description = client.get("/api/schema/", {"format": "json"}).json()["info"]["description"]
    assert "(/open-data/)" in description
    assert "docs/open-data.md" not in description
