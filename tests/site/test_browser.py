"""A real browser (Debian's Chromium driven by Playwright) against a real server process.

The server is `manage.py runserver` on its own SQLite file with the demo data, exactly what
`make run` serves. Screenshots land in artifacts/screenshots/ (git-ignored) for people to look at.
"""

import pytest

from tests.live import DESKTOP, PHONE, ROOT

pytestmark = pytest.mark.browser

SHOTS = ROOT / "artifacts" / "screenshots"


def shoot(page, name):
    SHOTS.mkdir(parents=True, exist_ok=True)
    for label, viewport in (("desktop", DESKTOP), ("phone", PHONE)):
        page.set_viewport_size(viewport)
        page.screenshot(path=SHOTS / f"{name}-{label}.png", full_page=True)
    page.set_viewport_size(DESKTOP)


def test_overview_map_leads_to_the_province(live_site, page):
    page.goto(live_site.url + "/")
    assert page.locator("svg.thailand-map a.province").count() == 77
    shoot(page, "home")
    page.locator('a[data-province="nakhon-ratchasima"]').click()
    page.wait_for_url("**/provinces/nakhon-ratchasima/")
    assert "23 พฤษภาคม 2567" in page.content()
    assert page.get_by_role("heading", level=1).inner_text() == "จังหวัดนครราชสีมา"
    shoot(page, "province-nakhon-ratchasima")


def test_filters_and_search_narrow_the_list(live_site, page):
    page.goto(live_site.url + "/agreements/")
    assert page.locator("article.agreement-card").count() == 4
    page.get_by_label("ภาค", exact=True).select_option("NORTHEAST")
    page.get_by_role("button", name="กรอง").click()
    page.wait_for_url("**/agreements/?*region=NORTHEAST*")
    assert page.locator("article.agreement-card").count() == 2

    page.get_by_label("ค้นหา", exact=True).fill("ราชภัฏ")
    page.get_by_role("button", name="กรอง").click()
    page.wait_for_url("**q=*")
    titles = page.locator("article.agreement-card h3").all_inner_texts()
    assert len(titles) == 1
    assert "การเสริมสร้างและพัฒนาความเข้มแข็งของชุมชนท้องถิ่น" in titles[0]  # the Korat MOU
    assert "region=NORTHEAST" in page.url  # filters compose and stay in the address
    shoot(page, "agreements-filtered")


def test_agreement_page_and_language_switch(live_site, page):
    page.goto(live_site.url + "/agreements/?province=mukdahan")
    page.locator("article.agreement-card h3 a").first.click()
    page.wait_for_url("**/agreements/*/")
    assert page.get_by_role("heading", name="ประธานในพิธี").is_visible()
    assert page.locator("ol.party-list > li").count() == 7
    shoot(page, "agreement-mukdahan")

    page.get_by_role("link", name="English").click()
    page.wait_for_url("**/en/agreements/*/")
    assert page.locator("html").get_attribute("lang") == "en"
    assert "22 February 2021" in page.content()
    page.get_by_role("link", name="ภาษาไทย").click()
    page.wait_for_url(lambda url: "/en/" not in url)
    assert "22 กุมภาพันธ์ 2564" in page.content()


def test_keyboard_users_can_skip_to_the_content(live_site, page):
    page.goto(live_site.url + "/budgets/?province=ratchaburi&fiscal_year=2566")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="ข้ามไปยังเนื้อหา")
    assert skip.evaluate("element => element === document.activeElement")
    page.keyboard.press("Enter")
    page.wait_for_url("**#main")  # in-page navigation completes asynchronously
    assert "6,340,120.00" in page.content()
    shoot(page, "budgets-ratchaburi")


def test_on_a_phone_the_extra_filters_fold_away_until_asked_for(live_site, page):
    page.set_viewport_size(PHONE)
    page.goto(live_site.url + "/agreements/")
    region = page.get_by_label("ภาค", exact=True)
    assert not region.is_visible()
    page.get_by_text("ตัวกรองเพิ่มเติม").click()
    assert region.is_visible()
    shoot(page, "agreements")


def test_region_page_on_a_phone_has_no_horizontal_scroll(live_site, page):
    page.set_viewport_size(PHONE)
    page.goto(live_site.url + "/regions/NORTHEAST/")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    shoot(page, "region-northeast")


def test_a_northeastern_user_never_sees_other_regions_in_the_admin(live_site, page):
    page.goto(live_site.url + "/agreements/?province=kanchanaburi")
    kanchanaburi = page.locator("article.agreement-card h3 a").first.get_attribute("href")
    kanchanaburi_pk = kanchanaburi.strip("/").split("/")[-1]

    page.goto(live_site.url + "/admin/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(live_site.regional[0])
    page.get_by_label("รหัสผ่าน").fill(live_site.regional[1])
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/admin/")

    page.goto(live_site.url + "/admin/agreements/agreement/")
    listing = page.content()
    assert "MOU-2567-30-01" in listing and "MOU-2564-49-01" in listing
    assert "MOU-2562-71-01" not in listing and "BUD-2566-70-01" not in listing
    assert "กาญจนบุรี" not in page.locator("#changelist-filter").inner_text()
    shoot(page, "admin-northeast-agreements")

    response = page.goto(live_site.url + f"/admin/agreements/agreement/{kanchanaburi_pk}/change/")
    assert response.status == 403
    assert "ว่าด้วย การประสานความร่วมมือทางวิชาการ" not in page.content()

    page.goto(live_site.url + "/admin/budgets/allocation/")
    assert "ราชบุรี" not in page.locator("#changelist").inner_text()
    assert "3,508,500.00" not in page.content()
