"""/open-data/ serves docs/open-data.md inside the site; /api/docs/ is a page of the site too."""

import re

import pytest

from public.open_data import DOCUMENT, render_markdown

# A document drawn as a page, the same on any database: CI checks it once.
pytestmark = [pytest.mark.django_db, pytest.mark.sqlite_once]


def links(html):
    return re.findall(r'href="([^"]+)"', html)


@pytest.mark.parametrize(("url", "lang"), [("/open-data/", "th"), ("/en/open-data/", "en")])
def test_the_open_data_page_shows_the_documentation_in_the_site_layout(client, url, lang):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{lang}">' in html
    assert 'class="site-header"' in html and 'class="site-footer"' in html
    # Headings, tables and code blocks of the file, rendered.
    assert '<h1 id="open-data-api">Open data API</h1>' in html
    assert '<h2 id="organisations">Organisations</h2>' in html
    assert "<code>/api/v1/organisations/</code>" in html
    assert '<div class="table-wrap"><table>' in html
    assert '<article class="prose open-data-doc" lang="en">' in html
    assert "/api/docs/" in links(html)


def test_the_page_follows_the_file(client):
    text = DOCUMENT.read_text(encoding="utf-8")
    for heading in re.findall(r"^## (.+)$", text, flags=re.MULTILINE):
        assert heading.replace("`", "") in re.sub(
            "<[^>]+>", "", client.get("/en/open-data/").content.decode()
        )


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
        assert "Open data API" in page.content.decode()
    # Swagger UI's start-up script is a file of this site, not inline.
    assert '<script src="/api/docs/?script="></script>' in html


def test_the_schema_description_links_the_page_not_a_file(client):
    description = client.get("/api/schema/", {"format": "json"}).json()["info"]["description"]
    assert "(/open-data/)" in description
    assert "docs/open-data.md" not in description
