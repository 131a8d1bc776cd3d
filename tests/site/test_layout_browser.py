"""Every public page fits a 390 px phone without scrolling sideways, and the budget tables keep
the place and the total in view, in a real browser.

Against `make run`'s site (tests/live.py) with the demo data. With SCREENSHOTS=folder, screenshots
of every page at both widths go to that folder for people to look at:

    SCREENSHOTS=/tmp/shots make test PYTEST_ARGS="tests/site/test_layout_browser.py"

(CI, where nobody looks at them, takes none: full-page pictures were a fifth of the browser step.)
"""

import os
from pathlib import Path

import pytest

from tests.live import DESKTOP, PHONE

pytestmark = pytest.mark.browser

# Every kind of public page, in Thai and in English. The agreement and partner pages are found
# through their lists, so no primary key is assumed.
PAGES = [
    "/",
    "/regions/NORTHEAST/",
    "/regions/CENTRAL_WEST/",
    "/provinces/ratchaburi/",
    "/provinces/nakhon-ratchasima/",
    "/provinces/mukdahan/",
    "/agreements/",
    "/agreements/?status=in_force",
    "/partners/",
    "/budgets/",
    "/budgets/?region=CENTRAL_WEST",
    "/partnerships/",
]
LANGUAGES = ["", "/en"]


@pytest.fixture(scope="module")
def shots():
    """shots(page, name, full_page=...): a screenshot in the folder SCREENSHOTS names, if any."""
    folder = os.environ.get("SCREENSHOTS")
    if not folder:
        return lambda page, name, **options: None
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    print(f"screenshots in {folder}")
    return lambda page, name, **options: page.screenshot(path=folder / name, **options)


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context(viewport=PHONE)
    yield context
    context.close()


def every_public_page(page, site_url):
    """PAGES plus each agreement and the first partners, in both languages."""
    page.goto(site_url + "/agreements/")
    agreements = page.locator("article.agreement-card h3 a").evaluate_all(
        "links => links.map(a => a.getAttribute('href'))"
    )
    page.goto(site_url + "/partners/")
    partners = page.locator("main table tbody th a").evaluate_all(
        "links => links.slice(0, 3).map(a => a.getAttribute('href'))"
    )
    assert agreements and partners
    return [prefix + path for prefix in LANGUAGES for path in PAGES + agreements + partners]


def name_of(path):
    return path.strip("/").replace("/", "-").replace("?", "-").replace("=", "-") or "home"


def test_no_public_page_scrolls_sideways_on_a_phone(live_site, context, shots):
    page = context.new_page()
    page.set_viewport_size(PHONE)
    paths = every_public_page(page, live_site.url)
    too_wide = {}
    for path in paths:
        page.goto(live_site.url + path)
        scroll_width, client_width = page.evaluate(
            "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        if scroll_width > client_width:
            too_wide[path] = scroll_width
        shots(page, f"{name_of(path)}-390.png", full_page=True)
    assert len(paths) > 30
    assert not too_wide, f"wider than {PHONE['width']} px: {too_wide}"


def test_no_table_cuts_its_text_and_wide_tables_say_they_scroll(live_site, context):
    """On a phone a cell shows its whole text ("ปีงบประมาณ", not "ปีงบประม"; amounts in
    full), and a table wider than the screen has the scroll hint just above it."""
    page = context.new_page()
    page.set_viewport_size(PHONE)
    problems = {}
    for path in every_public_page(page, live_site.url):
        page.goto(live_site.url + path)
        found = page.evaluate(
            """() => {
                const cut = [...document.querySelectorAll('.table-wrap th, .table-wrap td')]
                    .filter(cell => cell.scrollWidth > cell.clientWidth + 1)
                    .map(cell => cell.innerText.trim());
                const unhinted = [...document.querySelectorAll('.table-wrap')]
                    .filter(wrap => wrap.scrollWidth > wrap.clientWidth + 1)
                    .filter(wrap => {
                        const hint = wrap.previousElementSibling;
                        return !(hint && hint.matches('.scroll-hint') && hint.checkVisibility());
                    })
                    .map(wrap => wrap.querySelector('th').innerText.trim());
                return cut.length || unhinted.length ? {cut, unhinted} : null;
            }"""
        )
        if found:
            problems[path] = found
    assert not problems


def test_an_agreements_amounts_stay_in_view_on_a_phone(live_site, context):
    page = context.new_page()
    page.set_viewport_size(PHONE)
    page.goto(live_site.url + "/provinces/ratchaburi/")
    page.locator("main a[href^='/agreements/']").first.click()
    page.locator(".allocation-table").scroll_into_view_if_needed()
    in_view = page.evaluate(
        """() => {
            const box = document.querySelector('.allocation-table').closest('.table-wrap')
                .getBoundingClientRect();
            const cells = [...document.querySelectorAll('.allocation-table td.num')];
            return cells.length > 0 && cells.every(cell => {
                const r = cell.getBoundingClientRect();
                return r.left >= box.left && r.right <= box.right + 1;
            });
        }"""
    )
    assert in_view


def total_column_in_view(page):
    """Whether the budget table's total heading and its grand total are inside the viewport
    and inside the table's own scrolling box (not hidden behind its horizontal scroll)."""
    return page.evaluate(
        """() => {
            const wrap = document.querySelector('.budget-table').closest('.table-wrap');
            const box = wrap.getBoundingClientRect();
            const cells = [
                ...document.querySelectorAll('.budget-table thead th.total, .budget-table tfoot td.total'),
            ];
            return cells.length === 2 && cells.every(cell => {
                const r = cell.getBoundingClientRect();
                return r.left >= box.left && r.right <= box.right + 1
                    && r.right <= document.documentElement.clientWidth;
            });
        }"""
    )


@pytest.mark.parametrize("path", ["/budgets/", "/provinces/ratchaburi/", "/en/budgets/"])
@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1280", "390"])
def test_the_budget_total_column_is_in_view(live_site, context, shots, path, viewport):
    page = context.new_page()
    page.set_viewport_size(viewport)
    page.goto(live_site.url + path)
    page.locator(".budget-table").scroll_into_view_if_needed()
    assert total_column_in_view(page)
    shots(page, f"budget-{name_of(path)}-{viewport['width']}.png")


def test_budget_year_cells_do_not_repeat_the_column_heading(live_site, context):
    page = context.new_page()
    page.goto(live_site.url + "/budgets/")
    heading = page.locator(".budget-table thead th").first.inner_text()
    years = page.locator(".budget-table tbody th[scope=row]").all_inner_texts()
    assert heading == "ปีงบประมาณ"
    assert years and all(year.strip().isdigit() for year in years), years


def test_every_public_page_at_1280_for_people_to_look_at(live_site, context, shots):
    page = context.new_page()
    page.set_viewport_size(DESKTOP)
    for path in every_public_page(page, live_site.url):
        page.goto(live_site.url + path)
        shots(page, f"{name_of(path)}-1280.png", full_page=True)
        scroll_width, client_width = page.evaluate(
            "[document.scrollingElement.scrollWidth, document.scrollingElement.clientWidth]"
        )
        assert scroll_width <= client_width, path
