"""Regional staff track a demo agreement's commitments in a real browser (Debian's Chromium).

The site is its own `runserver` with the demo data, not the session's shared `live_site`, so
the progress recorded here shows on no other test's pages. Screenshots go to
artifacts/screenshots/ like the other browser tests'.
"""

import pytest

from tests.live import demo_site
from tests.site import test_browser
from tests.site.test_browser import shoot

pytestmark = pytest.mark.browser

# The site's browser tests' fixtures: one Chromium, and a page that fails the test on a script
# error or an asset from another host.
browser = test_browser.browser
page = test_browser.page


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with demo_site(tmp_path_factory.mktemp("tracking")) as site:
        yield site


def log_in(tab, site):
    tab.goto(site.url + "/admin/login/")
    tab.get_by_label("ชื่อผู้ใช้").fill(site.regional[0])
    tab.get_by_label("รหัสผ่าน").fill(site.regional[1])
    tab.get_by_role("button", name="เข้าสู่ระบบ").click()
    tab.wait_for_url("**/admin/")


def test_regional_staff_record_progress_and_see_what_needs_follow_up(site, page):
    log_in(page, site)
    page.get_by_role("link", name="ต้องติดตามผล").first.click()
    page.wait_for_url("**/admin/agreements/agreement/followup/")
    assert "MOU-2564-49-01" in page.content()  # the demo agreements have no progress yet
    shoot(page, "admin-needs-follow-up")

    page.goto(site.url + "/admin/agreements/agreement/?q=MOU-2564-49-01")
    page.get_by_role("link", name="ติดตาม", exact=True).click()
    page.wait_for_url("**/progress/")
    first = page.locator("table.commitments tbody tr").first
    first.locator("select[name$='-status']").select_option("in_progress")
    first.locator("textarea[name$='-note_th']").fill("จัดเวทีแลกเปลี่ยนแล้ว 3 ครั้ง")
    duty = page.locator("table.commitments").nth(1).locator("tbody tr").first
    duty.locator("select[name$='-status']").select_option("done")
    # The admin's calendar is there (its script ran under the content security policy).
    assert first.locator(".datetimeshortcuts").count() == 1
    page.get_by_role("button", name="บันทึก").click()
    page.wait_for_url("**/progress/")

    assert "บันทึกความก้าวหน้าแล้ว 2 รายการ" in page.content()
    assert first.locator("td.current").inner_text().startswith("กำลังดำเนินการ")
    assert duty.locator("td.current").inner_text().startswith("ดำเนินการแล้ว")
    assert "จัดเวทีแลกเปลี่ยนแล้ว 3 ครั้ง" in first.inner_text()
    shoot(page, "admin-track-commitments")
