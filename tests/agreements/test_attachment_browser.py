"""Attachments in a real browser (Chromium) against the live demo site: uploaded through the
admin's inline form, then opened from the public page the way a visitor would."""

import pytest

from tests import documents

pytestmark = pytest.mark.browser

PHOTO = documents.jpeg(size=(64, 48))
SIGNED = documents.pdf()
HOSTILE = documents.pdf(documents.open_action_script)


def new_page(browser):
    context = browser.new_context(accept_downloads=True)
    yield context.new_page()
    context.close()


staff_page = pytest.fixture(new_page)
visitor_page = pytest.fixture(new_page)


def log_in(page, live_site):
    page.goto(live_site.url + "/admin/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(live_site.admin[0])
    page.get_by_label("รหัสผ่าน").fill(live_site.admin[1])
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/admin/")


def add_attachment_rows(page, *files):
    """Add one row per (name, mime type, bytes) to the agreement's attachments inline."""
    for index, (name, mime_type, content) in enumerate(files):
        page.locator("#attachments-group .add-row a").click()
        page.fill(f"[name=attachments-{index}-title_th]", f"เอกสาร {name}")
        page.set_input_files(
            f"[name=attachments-{index}-file]",
            files={"name": name, "mimeType": mime_type, "buffer": content},
        )
        page.check(f"[name=attachments-{index}-is_public]")
    # Wait for the save's answer: click() returns before a slow POST navigates.
    with page.expect_navigation():
        page.locator("input[name=_continue]").first.click()


def test_staff_upload_a_photo_and_a_pdf_that_visitors_then_open_and_download(
    live_site, staff_page, visitor_page
):
    page = staff_page
    page.goto(live_site.url + "/agreements/?province=mukdahan")
    agreement_url = page.locator("article.agreement-card h3 a").first.get_attribute("href")
    pk = agreement_url.strip("/").split("/")[-1]
    log_in(page, live_site)
    change_url = f"{live_site.url}/admin/agreements/agreement/{pk}/change/"

    page.goto(change_url)
    add_attachment_rows(page, ("mou.pdf", "application/pdf", HOSTILE))
    assert "ไฟล์ PDF นี้มีสคริปต์ (JavaScript)" in page.locator(".errorlist").first.inner_text()

    page.goto(change_url)
    add_attachment_rows(
        page, ("signed.pdf", "application/pdf", SIGNED), ("visit.jpg", "image/jpeg", PHOTO)
    )
    assert page.locator(".errorlist").count() == 0, page.locator(".errorlist").all_inner_texts()

    public = visitor_page
    public.goto(live_site.url + agreement_url)
    pdf_link = public.get_by_role("link", name="เอกสาร signed.pdf")
    photo_link = public.get_by_role("link", name="เอกสาร visit.jpg")
    assert pdf_link.get_attribute("download") == ""
    assert photo_link.get_attribute("download") is None

    with public.expect_download() as download:
        pdf_link.click()
    with open(download.value.path(), "rb") as f:
        assert f.read() == SIGNED

    response = public.goto(live_site.url + photo_link.get_attribute("href"))
    headers = response.headers
    assert headers["content-type"] == "image/jpeg"
    assert "sandbox" in headers["content-security-policy"]
    assert headers["x-content-type-options"] == "nosniff"
    # The image shows despite the sandbox, upright and without its GPS position.
    assert public.evaluate("document.images[0].naturalWidth") == 64
    assert documents.metadata_of(response.body()) == {}
