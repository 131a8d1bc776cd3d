"""The admin's date fields in a real browser (Debian's Chromium): the calendar pop-up and
"วันนี้" write BE dates, the calendar heads its months with BE years, and the admin and the API
documentation read Thai in the Sarabun font the site ships.

Nothing is saved, so the session's shared `live_site` serves these tests.
"""

import pytest
from django.utils import timezone

from tests.site.test_browser import shoot
from thai.calendar import THAI_MONTHS, be_year

pytestmark = pytest.mark.browser

SARABUN_FILES = "/static/fonts/sarabun/"


def log_in(page, site):
    page.goto(site.url + "/admin/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(site.regional[0])
    page.get_by_label("รหัสผ่าน").fill(site.regional[1])
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/admin/")


def be_today():
    today = timezone.localdate()  # the admin's "today" is the site's (Bangkok), not the machine's
    return f"{today.day:02d}/{today.month:02d}/{be_year(today.year)}"


def test_today_link_writes_todays_date_with_its_be_year(live_site, page):
    log_in(page, live_site)
    page.goto(live_site.url + "/admin/agreements/agreement/add/")
    signed_on = page.locator("#id_signed_on")
    assert signed_on.get_attribute("placeholder") == "วว/ดด/ปปปป"

    signed_on.locator("xpath=following-sibling::span[@class='datetimeshortcuts']").get_by_role(
        "link", name="วันนี้"
    ).click()

    assert signed_on.input_value() == be_today()


def test_calendar_is_headed_with_the_be_year_and_a_picked_day_is_written_in_be(live_site, page):
    log_in(page, live_site)
    page.goto(live_site.url + "/admin/agreements/agreement/add/")
    shortcuts = page.locator("#id_signed_on + .datetimeshortcuts")

    # An empty field opens the calendar at this month, headed with its BE year.
    shortcuts.locator(".date-icon").click()
    calendar = page.locator(".calendarbox").first
    today = timezone.localdate()
    heading = f"{THAI_MONTHS[today.month - 1]} {be_year(today.year)}"
    assert calendar.locator("caption").inner_text() == heading
    calendar.get_by_role("link", name="15", exact=True).click()
    assert page.locator("#id_signed_on").input_value() == (
        f"15/{today.month:02d}/{be_year(today.year)}"
    )

    # A BE date typed in the field opens the calendar at its month, not in year 2568 CE.
    page.locator("#id_signed_on").fill("23/05/2567")
    shortcuts.locator(".date-icon").click()
    assert calendar.locator("caption").inner_text() == "พฤษภาคม 2567"
    shoot(page, "admin-calendar-be")
    calendar.locator(".calendarnav-next").click()
    assert calendar.locator("caption").inner_text() == "มิถุนายน 2567"
    calendar.get_by_role("link", name="4", exact=True).click()
    assert page.locator("#id_signed_on").input_value() == "04/06/2567"


def sarabun_faces_loaded(page):
    return page.evaluate(
        """() => Array.from(document.fonts)
            .filter(face => face.family.replace(/["']/g, '') === 'Sarabun' && face.status === 'loaded')
            .length"""
    )


@pytest.mark.parametrize(
    ("path", "thai_text"),
    [
        ("/admin/agreements/agreement/add/", "#content h1"),
        ("/api/docs/", "main h1"),
    ],
)
def test_the_admin_and_the_api_documentation_read_thai_in_sarabun(live_site, page, path, thai_text):
    fonts = []
    page.on(
        "response",
        lambda response: SARABUN_FILES in response.url and fonts.append(response.status),
    )
    if path.startswith("/admin/"):
        log_in(page, live_site)
    page.goto(live_site.url + path)
    page.wait_for_load_state("networkidle")
    page.evaluate("document.fonts.ready")

    heading = page.locator(thai_text).first
    family = heading.evaluate("e => getComputedStyle(e).fontFamily")
    assert family.split(",")[0].strip('"') == "Sarabun"
    assert page.evaluate("document.fonts.check('16px Sarabun', 'ก')")
    assert sarabun_faces_loaded(page) > 0
    assert fonts and set(fonts) <= {200, 304}
