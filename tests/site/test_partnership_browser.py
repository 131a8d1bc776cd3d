"""The partnership dashboard and a province page in a real browser, on a desktop and a phone.

Against `make run`'s site (tests/live.py) with the demo data, as of the real today: Kanchanaburi
and Ratchaburi lapsed, Mukdahan and Nakhon Ratchasima stalled. Screenshots go to a temporary
folder (its path is printed) for people to look at.
"""

import re

import pytest

from tests.live import DESKTOP, PHONE

pytestmark = pytest.mark.browser

WIDTHS = {"desktop": DESKTOP, "phone": PHONE}
PAGES = {"partnerships": "/partnerships/", "province-mukdahan": "/provinces/mukdahan/"}


@pytest.fixture(scope="module")
def shots(tmp_path_factory):
    folder = tmp_path_factory.mktemp("partnership-screenshots")
    print(f"screenshots in {folder}")
    return folder


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("name", PAGES)
def test_the_page_fits_the_screen_without_errors(live_site, page, shots, name, width):
    viewport = WIDTHS[width]
    page.set_viewport_size(viewport)
    response = page.goto(live_site.url + PAGES[name])
    assert response.status == 200
    page.screenshot(path=shots / f"{name}-{width}.png", full_page=True)
    assert page.evaluate("document.documentElement.scrollWidth") <= viewport["width"]


def test_the_map_links_all_77_provinces_by_name_and_status(live_site, page):
    page.goto(live_site.url + "/partnerships/")
    links = page.locator("svg.partnership-map").get_by_role("link")
    assert links.count() == 77
    names = re.findall(r'link "([^"]+)"', page.locator("svg.partnership-map").aria_snapshot())
    assert len(set(names)) == 77
    assert all(re.fullmatch(r"\S.*: \S.*", name) for name in names), names
    mukdahan = page.get_by_role("link", name=re.compile(r"^มุกดาหาร: "))
    assert mukdahan.get_attribute("href") == "/provinces/mukdahan/"
    assert "partnership-stalled" in mukdahan.get_attribute("class")


def test_a_province_on_the_map_leads_to_its_page(live_site, page):
    page.goto(live_site.url + "/partnerships/")
    page.locator('svg.partnership-map a[href="/provinces/mukdahan/"]').click()
    page.wait_for_url("**/provinces/mukdahan/")
    # Mukdahan's 4 scope clauses and its parties' 27 duties.
    assert page.locator(".commitments .progress").count() == 4 + 27
    assert page.locator(".partnership-status .partnership-stalled").is_visible()


def test_a_column_heading_sorts_the_table(live_site, page):
    page.goto(live_site.url + "/partnerships/")
    page.locator("table.partnership-table thead a").nth(1).click()  # the status column
    page.wait_for_url("**/partnerships/?sort=status")
    first = page.locator("table.partnership-table tbody th[scope=row] a").all_inner_texts()[:4]
    assert set(first) == {"มุกดาหาร", "นครราชสีมา", "กาญจนบุรี", "ราชบุรี"}
