"""/api/docs/ and /open-data/ in Debian's Chromium: Swagger UI starts inside the site's layout
under the site's Content-Security-Policy, and neither page scrolls sideways on a phone."""

import pytest

from tests.live import PHONE

pytestmark = pytest.mark.browser


def test_swagger_ui_starts_inside_the_site_and_links_the_documentation(live_site, page):
    page.goto(live_site.url + "/api/docs/")
    page.wait_for_selector(".opblock", timeout=15_000)
    paths = page.locator(".opblock-summary-path").all_inner_texts()
    assert "/api/v1/organisations/" in paths
    assert "/api/v1/activities/" in paths
    assert page.locator("header.site-header a.brand").is_visible()
    page.locator("main > p a[href='/open-data/']").click()
    page.wait_for_url(live_site.url + "/open-data/")
    assert page.locator("article.open-data-doc h1").inner_text() == "API ข้อมูลเปิด"


@pytest.mark.parametrize("path", ["/open-data/", "/en/open-data/"])
def test_a_code_block_too_wide_for_a_phone_is_reached_and_scrolled_by_keyboard(
    live_site, page, path
):
    page.set_viewport_size(PHONE)
    page.goto(live_site.url + path)
    wide = "el => el.tagName === 'PRE' && el.scrollWidth > el.clientWidth"
    for _stop in range(400):
        page.keyboard.press("Tab")
        if page.evaluate(f"({wide})(document.activeElement)"):
            break
    else:
        pytest.fail("no code block that scrolls sideways is a tab stop")
    # Chromium (since 130) makes a scroller a tab stop by itself, other browsers do not: the
    # block must be one by its own markup.
    assert page.evaluate("document.activeElement.getAttribute('tabindex')") == "0"
    page.keyboard.press("ArrowRight")
    # Polled from here: the page's policy forbids the eval that wait_for_function's string uses.
    for _wait in range(100):
        if page.evaluate("document.activeElement.scrollLeft") > 0:
            break
        page.wait_for_timeout(20)
    else:
        pytest.fail("the arrow key did not scroll the code block")


@pytest.mark.parametrize("path", ["/api/docs/", "/open-data/", "/en/open-data/"])
def test_no_sideways_scroll_on_a_phone(live_site, page, path):
    page.set_viewport_size(PHONE)
    page.goto(live_site.url + path)
    if path == "/api/docs/":
        page.wait_for_selector(".opblock", timeout=15_000)
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
