"""The admin in Thai as a browser shows it, with the text its scripts write: the selection
counter (from the admin's JavaScript catalogue, djangojs) and the date fields' time-zone note.
The text the server writes is checked page by page in test_admin_thai.py."""

import pytest

from tests.live import DESKTOP

pytestmark = pytest.mark.browser


@pytest.fixture
def page(browser, live_site):
    # A browser in another time zone than the server's, so the date fields' note shows.
    context = browser.new_context(viewport=DESKTOP, timezone_id="Europe/London")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(live_site.url + "/admin/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(live_site.regional[0])
    page.get_by_label("รหัสผ่าน").fill(live_site.regional[1])
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/admin/")
    yield page
    context.close()
    assert not errors, errors


def test_the_agreement_list_counts_the_selection_in_thai(live_site, page):
    page.goto(live_site.url + "/admin/agreements/agreement/")
    counter = page.locator(".action-counter")
    # The live site is shared with the other browser tests, which may have added agreements.
    rows = page.locator("#result_list tbody tr").count()
    assert rows >= 2
    assert counter.inner_text() == f"เลือก 0 จาก {rows} รายการ"
    page.locator("#action-toggle").check()
    assert counter.inner_text() == f"เลือก {rows} จาก {rows} รายการ"
    assert page.get_by_role("link", name="แสดงจำนวน").is_visible()
    page.screenshot(path="/tmp/thaiadmin-agreement-list.png", full_page=True)
    text = page.locator("body").inner_text()
    assert "selected" not in text and "Show counts" not in text


def test_the_time_zone_note_on_the_agreement_form_is_in_thai(live_site, page):
    page.goto(live_site.url + "/admin/agreements/agreement/")
    page.locator("#result_list tbody th a").first.click()
    page.wait_for_url("**/change/")
    note = page.locator(".timezonewarning").first
    assert note.inner_text().startswith("หมายเหตุ: เวลาของคุณ"), note.inner_text()
    page.screenshot(path="/tmp/thaiadmin-agreement-form.png", full_page=True)
    assert "Note: You are" not in page.locator("body").inner_text()


def test_an_agreements_history_is_in_thai(live_site, page):
    page.goto(live_site.url + "/admin/agreements/agreement/")
    page.locator("#result_list tbody th a").first.click()
    page.get_by_role("link", name="ประวัติ").click()
    page.wait_for_url("**/history/")
    headers = page.locator("#change-history th").all_inner_texts()
    assert "เปลี่ยนโดย" in headers and "การเปลี่ยนแปลง" in headers, headers
    assert "สร้าง" in page.locator("#change-history tbody").inner_text()
    page.screenshot(path="/tmp/thaiadmin-agreement-history.png", full_page=True)
    page.locator("#change-history tbody a").first.click()
    page.wait_for_url("**/history/*/")
    assert "Historical" not in page.locator(".breadcrumbs").inner_text()
    page.screenshot(path="/tmp/thaiadmin-agreement-history-entry.png", full_page=True)
