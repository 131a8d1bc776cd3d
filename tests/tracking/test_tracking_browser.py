"""Regional staff track a demo agreement's commitments in a real browser (Debian's Chromium).

The site is its own `runserver` with the demo data, not the session's shared `live_site`, so
the progress recorded here shows on no other test's pages. Screenshots go to
artifacts/screenshots/ like the other browser tests'.
"""

from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.live import CHROMIUM, CHROMIUM_ARGS, DESKTOP, demo_site, require_chromium
from tests.site.test_browser import shoot

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    with demo_site(tmp_path_factory.mktemp("tracking")) as site:
        yield site


def track_commitments(site):
    """Log in as Northeastern staff, open the needs-follow-up list, then record progress on a
    clause and a duty of MOU-2564-49-01. Returns the script errors and policy violations the
    browser reported."""
    from playwright.sync_api import sync_playwright

    problems = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page(viewport=DESKTOP)
        page.on("pageerror", lambda error: problems.append(str(error)))
        page.on(
            "console",
            lambda message: (
                "Content Security Policy" in message.text and problems.append(message.text)
            ),
        )

        page.goto(site.url + "/admin/login/")
        page.get_by_label("ชื่อผู้ใช้").fill(site.regional[0])
        page.get_by_label("รหัสผ่าน").fill(site.regional[1])
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.wait_for_url("**/admin/")
        page.get_by_role("link", name="ต้องติดตามผล").first.click()
        page.wait_for_url("**/admin/tracking/progressupdate/followup/")
        assert "MOU-2564-49-01" in page.content()  # the demo agreements have no progress yet
        shoot(page, "admin-needs-follow-up")

        page.goto(site.url + "/admin/agreements/agreement/?q=MOU-2564-49-01")
        page.get_by_role("link", name="ติดตาม", exact=True).click()
        page.wait_for_url("**/progressupdate/agreement/*/")
        clause = page.locator("table.commitments").first.locator("tbody tr").first
        clause.locator("select[name$='-status']").select_option("in_progress")
        clause.locator("textarea[name$='-note_th']").fill("จัดเวทีแลกเปลี่ยนแล้ว 3 ครั้ง")
        duty = page.locator("table.commitments").nth(1).locator("tbody tr").first
        duty.locator("select[name$='-status']").select_option("done")
        # The admin's calendar is there: its scripts ran under the content security policy.
        assert clause.locator(".datetimeshortcuts").count() == 1
        page.get_by_role("button", name="บันทึก").click()
        page.wait_for_url("**/progressupdate/agreement/*/")

        assert "บันทึกความก้าวหน้าแล้ว 2 รายการ" in page.content()
        # Recorded by regional staff: shown to them as waiting for a publisher, beside the
        # current (published) progress, which is still "not recorded".
        assert "เมื่อผู้เผยแพร่เผยแพร่แล้ว" in page.content()
        current = clause.locator("td.current").inner_text()
        assert current.startswith("ยังไม่มีการบันทึก") and "รอตรวจ: กำลังดำเนินการ" in current
        assert "จัดเวทีแลกเปลี่ยนแล้ว 3 ครั้ง" in clause.inner_text()
        assert "รอตรวจ: ดำเนินการแล้ว" in duty.locator("td.current").inner_text()
        shoot(page, "admin-track-commitments")
        browser.close()
    return problems


def test_regional_staff_see_what_needs_follow_up_and_record_progress(site):
    require_chromium()
    # Playwright's sync API runs one instance per thread, and test_browser.py keeps its own
    # open for the whole session: this one gets a thread of its own.
    with ThreadPoolExecutor(max_workers=1) as pool:
        assert pool.submit(track_commitments, site).result() == []
