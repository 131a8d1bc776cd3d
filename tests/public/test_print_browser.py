"""Printing a province page and an agreement page, in a real browser (static/css/print.css)."""

import pytest

from tests.live import DESKTOP

pytestmark = pytest.mark.browser


def agreement_path(page, live_site):
    page.goto(live_site.url + "/provinces/ratchaburi/")
    return page.locator("main a[href^='/agreements/']").first.get_attribute("href")


@pytest.mark.parametrize("which", ["province", "agreement"])
def test_printed_pages_show_the_content_alone_full_width_black_on_white(
    live_site, page, tmp_path, which
):
    path = "/provinces/ratchaburi/" if which == "province" else agreement_path(page, live_site)
    page.goto(live_site.url + path)
    assert page.locator(".site-header").is_visible()

    page.emulate_media(media="print")

    for clutter in (".site-header", ".site-footer", ".breadcrumbs"):
        assert not page.locator(clutter).is_visible(), clutter
    main_width = page.evaluate("document.querySelector('main').getBoundingClientRect().width")
    assert main_width >= DESKTOP["width"] * 0.95
    colours = page.evaluate(
        "[getComputedStyle(document.body).backgroundColor, getComputedStyle(document.body).color]"
    )
    assert colours == ["rgb(255, 255, 255)", "rgb(0, 0, 0)"]
    # No table is cut: each fits its box, which no longer scrolls.
    cut = page.evaluate(
        "[...document.querySelectorAll('.table-wrap')]"
        ".filter(w => w.scrollWidth > w.clientWidth + 1).length"
    )
    assert cut == 0
    pdf = page.pdf(format="A4")
    assert pdf.startswith(b"%PDF")
    (tmp_path / f"{which}.pdf").write_bytes(pdf)
