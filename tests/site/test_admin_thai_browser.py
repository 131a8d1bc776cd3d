"""The admin in Thai as a browser shows it, with the text its scripts write: the selection
counter (from the admin's JavaScript catalogue, djangojs) and the date fields' time-zone note.
The text the server writes is checked page by page in test_admin_thai.py."""

import pytest

from tests.live import checked_page

pytestmark = pytest.mark.browser


@pytest.fixture
def northeast_page(browser, live_site):
    """A page logged in to the admin as the live site's Northeastern staff, in a browser in
    another time zone than the server's, so the date fields' note shows."""
    with checked_page(browser, timezone_id="Europe/London") as page:
        page.goto(live_site.url + "/admin/login/")
        page.get_by_label("ชื่อผู้ใช้").fill(live_site.regional[0])
        page.get_by_label("รหัสผ่าน").fill(live_site.regional[1])
        page.get_by_role("button", name="เข้าสู่ระบบ").click()
        page.wait_for_url("**/admin/")
        yield page


def test_the_agreement_list_counts_the_selection_in_thai(live_site, northeast_page):
    northeast_page.goto(live_site.url + "/admin/agreements/agreement/")
    counter = northeast_page.locator(".action-counter")
    # The live site is shared with the other browser tests, which may have added agreements.
    rows = northeast_page.locator("#result_list tbody tr").count()
    assert rows >= 2
    assert counter.inner_text() == f"เลือก 0 จาก {rows} รายการ"
    northeast_page.locator("#action-toggle").check()
    assert counter.inner_text() == f"เลือก {rows} จาก {rows} รายการ"
    assert northeast_page.get_by_role("link", name="แสดงจำนวน").is_visible()
    northeast_page.screenshot(path="/tmp/thaiadmin-agreement-list.png", full_page=True)
    text = northeast_page.locator("body").inner_text()
    assert "selected" not in text and "Show counts" not in text


def test_the_time_zone_note_on_the_agreement_form_is_in_thai(live_site, northeast_page):
    northeast_page.goto(live_site.url + "/admin/agreements/agreement/")
    northeast_page.locator("#result_list tbody th a").first.click()
    northeast_page.wait_for_url("**/change/")
    note = northeast_page.locator(".timezonewarning").first
    assert note.inner_text().startswith("หมายเหตุ: เวลาของคุณ"), note.inner_text()
    northeast_page.screenshot(path="/tmp/thaiadmin-agreement-form.png", full_page=True)
    assert "Note: You are" not in northeast_page.locator("body").inner_text()


def test_an_agreements_history_is_in_thai(live_site, northeast_page):
    northeast_page.goto(live_site.url + "/admin/agreements/agreement/")
    northeast_page.locator("#result_list tbody th a").first.click()
    northeast_page.get_by_role("link", name="ประวัติ").click()
    northeast_page.wait_for_url("**/history/")
    headers = northeast_page.locator("#change-history th").all_inner_texts()
    assert "เปลี่ยนโดย" in headers and "การเปลี่ยนแปลง" in headers, headers
    assert "สร้าง" in northeast_page.locator("#change-history tbody").inner_text()
    northeast_page.screenshot(path="/tmp/thaiadmin-agreement-history.png", full_page=True)
    northeast_page.locator("#change-history tbody a").first.click()
    northeast_page.wait_for_url("**/history/*/")
    assert "Historical" not in northeast_page.locator(".breadcrumbs").inner_text()
    northeast_page.screenshot(path="/tmp/thaiadmin-agreement-history-entry.png", full_page=True)


def test_the_greeting_shows_the_users_name_as_written(live_site, northeast_page):
    name = northeast_page.locator("#user-tools strong")
    assert name.inner_text() == live_site.regional[0]  # "northeast", not "NORTHEAST"
    assert "ยินดีต้อนรับ" in northeast_page.locator("#user-tools").inner_text()
