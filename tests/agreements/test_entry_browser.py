"""Entering the 4-party agreement of issue 12 in a real browser (Chromium) as Northeastern staff:
3 new organisations, 4 new people, a presiding official, a witness, 3 clauses, 8 duties, a
document, a follow-up and an allocation, all on the agreement's add form, with the pop-up
windows counted."""

import pytest

from tests import documents
from tests.live import DESKTOP

pytestmark = pytest.mark.browser

MOST_POPUPS = 2

NEW_ORGANISATIONS = [
    # (name, kind, province, signatory, position, duties)
    (
        "มหาวิทยาลัยขอนแก่น",
        "university",
        "ขอนแก่น",
        "ศ.ดร.ชาติชาย โขนงนุช",
        "อธิการบดี",
        ["จัดทำงานวิจัยร่วมกับชุมชน", "ถ่ายทอดองค์ความรู้", "ร่วมติดตามผล"],
    ),
    (
        "ขบวนองค์กรชุมชนจังหวัดขอนแก่น",
        "community_network",
        "ขอนแก่น",
        "นายสมศักดิ์ ใจกล้า",
        "ผู้แทนขบวนองค์กรชุมชน",
        ["จัดเวทีแลกเปลี่ยนเรียนรู้", "รวบรวมข้อมูลชุมชน"],
    ),
    (
        "เทศบาลนครขอนแก่น",
        "local_government",
        "ขอนแก่น",
        "นายธีระศักดิ์ ฑีฆายุพันธุ์",
        "นายกเทศมนตรีนครขอนแก่น",
        ["สนับสนุนพื้นที่ดำเนินงาน"],
    ),
]
CODI_NORTHEAST = "สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน) สำนักงานภาคตะวันออกเฉียงเหนือ"
CODI_SIGNATORY = "นางสาวเฉลิมศรี ระดากูล"
CODI_DUTIES = ["สนับสนุนงบประมาณ", "หนุนเสริมการจัดทำแผนพัฒนาตำบล"]
PRESIDING = "นายวิรัช พิมพะนิตย์"
WITNESS = "นายบุญเพ็ง ยืนยง"  # already registered (the Mukdahan agreement)
CLAUSES = ["พัฒนาที่อยู่อาศัยชุมชน", "ส่งเสริมสวัสดิการชุมชน", "พัฒนาผู้นำการเปลี่ยนแปลง"]
TITLE = "บันทึกข้อตกลงความร่วมมือการพัฒนาชุมชนเข้มแข็งจังหวัดขอนแก่น"


@pytest.fixture
def staff_page(browser):
    context = browser.new_context(viewport=DESKTOP)
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    yield page
    context.close()
    assert not errors, errors


def log_in(page, live_site, account):
    page.goto(live_site.url + "/admin/login/")
    page.get_by_label("ชื่อผู้ใช้").fill(account[0])
    page.get_by_label("รหัสผ่าน").fill(account[1])
    page.get_by_role("button", name="เข้าสู่ระบบ").click()
    page.wait_for_url("**/admin/")


def form_height(page):
    return page.evaluate("document.querySelector('#content').scrollHeight")


def choose(page, field_id, text):
    """Pick `text` in the admin's autocomplete (select2) of the field `field_id`."""
    page.locator(f"#{field_id} + .select2").click()
    page.locator(".select2-container--open .select2-search__field").fill(text)
    option = page.locator(".select2-container--open .select2-results__option", has_text=text)
    option.first.click()


def add_row(page, group):
    page.locator(f"#{group}-group .add-row a").click()


def fill_order(page, name, value):
    # Rows may number themselves (a hidden or pre-filled order field): type only where shown.
    field = page.locator(f"[name={name}]")
    if field.is_visible():
        field.fill(str(value))


def fill_party(page, index, *, role="party", order):
    fill_order(page, f"parties-{index}-order", order)
    page.select_option(f"[name=parties-{index}-role]", role)


def test_the_four_party_agreement_takes_at_most_two_popup_windows(live_site, staff_page):
    page = staff_page
    popups = []
    page.on("popup", lambda popup: popups.append(popup))
    log_in(page, live_site, live_site.regional)
    page.goto(live_site.url + "/admin/agreements/agreement/add/")
    empty_height = form_height(page)

    # Basic data and term.
    page.fill("[name=title_th]", TITLE)
    page.fill("[name=signed_on]", "15/03/2568")
    choose(page, "id_province", "ขอนแก่น")
    assert "เลือกได้เฉพาะจังหวัดในภาค: สำนักงานภาคตะวันออกเฉียงเหนือ" in page.content()
    page.fill("[name=venue_th]", "ศาลากลางจังหวัดขอนแก่น")
    page.select_option("[name=term_mode]", "duration")
    page.fill("[name=term_length]", "3")
    page.select_option("[name=term_unit]", "years")

    # Four parties: CODI's regional office (registered) and three new organisations, each
    # signed by a new person; then a new presiding official and a registered witness.
    for _ in range(5):
        add_row(page, "parties")
    fill_party(page, 0, order=1)
    choose(page, "id_parties-0-organisation", CODI_NORTHEAST)
    choose(page, "id_parties-0-signatory", CODI_SIGNATORY)
    page.fill("[name=parties-0-signatory_title]", "ผู้อำนวยการภาค")
    page.fill("[name=parties-0-responsibilities_th]", numbered(CODI_DUTIES))
    for index, (name, kind, province, person, position, duties) in enumerate(
        NEW_ORGANISATIONS, start=1
    ):
        fill_party(page, index, order=index + 1)
        kind_field = page.locator(f"[name=parties-{index}-new_organisation_kind]")
        assert kind_field.is_hidden()  # until a new organisation's name is typed
        page.fill(f"[name=parties-{index}-new_organisation_name]", name)
        assert kind_field.is_visible()
        page.select_option(f"[name=parties-{index}-new_organisation_kind]", kind)
        page.select_option(f"[name=parties-{index}-new_organisation_province]", label=province)
        page.fill(f"[name=parties-{index}-new_signatory_name]", person)
        page.fill(f"[name=parties-{index}-signatory_title]", position)
        page.fill(f"[name=parties-{index}-responsibilities_th]", numbered(duties))
    fill_party(page, 4, role="presiding", order=5)
    page.fill("[name=parties-4-new_signatory_name]", PRESIDING)
    page.fill("[name=parties-4-signatory_title]", "ผู้ว่าราชการจังหวัดขอนแก่น")
    fill_party(page, 5, role="witness", order=6)
    choose(page, "id_parties-5-signatory", WITNESS)
    page.fill("[name=parties-5-signatory_title]", "ผู้แทนสภาองค์กรชุมชน")

    for index, text in enumerate(CLAUSES):
        add_row(page, "clauses")
        fill_order(page, f"clauses-{index}-order", index + 1)
        page.fill(f"[name=clauses-{index}-text_th]", text)

    add_row(page, "attachments")
    page.fill("[name=attachments-0-title_th]", "บันทึกข้อตกลงฉบับลงนาม")
    page.set_input_files(
        "[name=attachments-0-file]",
        files={"name": "mou.pdf", "mimeType": "application/pdf", "buffer": documents.pdf()},
    )

    add_row(page, "activities")
    page.fill("[name=activities-0-starts_on]", "20/03/2568")
    choose(page, "id_activities-0-province", "ขอนแก่น")
    page.fill("[name=activities-0-title_th]", "ประชุมติดตามผลครั้งที่ 1")

    add_row(page, "allocations")
    choose(page, "id_allocations-0-province", "ขอนแก่น")
    page.fill("[name=allocations-0-fiscal_year]", "2568")
    page.select_option("[name=allocations-0-programme]", index=1)
    page.fill("[name=allocations-0-amount]", "250000")

    filled_height = form_height(page)

    # Wait for the save's own answer (click() returns before a slow POST navigates; another
    # navigation, or none, must not stand in for it), then for the page it leads to.
    def is_the_save(response):
        return response.request.method == "POST" and "/agreement/add/" in response.url

    with page.expect_response(is_the_save, timeout=60_000) as saved:
        page.locator("input[name=_continue]").first.click()
    page.wait_for_load_state()
    assert page.locator(".errorlist").count() == 0, page.locator(".errorlist").all_inner_texts()
    assert saved.value.status == 302, (saved.value.status, page.content()[:2000])
    page.wait_for_url("**/change/")

    assert len(popups) <= MOST_POPUPS, [p.url for p in popups]

    # The saved agreement, as its change form shows it.
    parties = [
        (
            page.locator(f"#id_parties-{i}-role").input_value(),
            page.locator(f"#id_parties-{i}-organisation option:checked").inner_text().strip(),
            page.locator(f"#id_parties-{i}-signatory option:checked").inner_text().strip(),
        )
        for i in range(6)
    ]
    assert parties == [
        ("party", CODI_NORTHEAST, CODI_SIGNATORY),
        *[("party", name, person) for name, _k, _p, person, _t, _d in NEW_ORGANISATIONS],
        ("presiding", "", PRESIDING),
        ("witness", "", WITNESS),
    ]
    assert page.locator("[name=parties-6-role]").count() == 0
    duties = [
        page.locator(f"[name=parties-{i}-responsibilities_th]").input_value().splitlines()
        for i in range(4)
    ]
    assert sum(len(lines) for lines in duties) == 8
    assert duties[1] == ["1. จัดทำงานวิจัยร่วมกับชุมชน", "2. ถ่ายทอดองค์ความรู้", "3. ร่วมติดตามผล"]
    clauses = [page.locator(f"[name=clauses-{i}-text_th]").input_value() for i in range(3)]
    assert clauses == CLAUSES
    assert page.locator("[name=clauses-3-text_th]").count() == 0
    assert page.locator("#attachments-group a[download]").count() == 1
    assert page.locator("[name=activities-0-title_th]").input_value() == "ประชุมติดตามผลครั้งที่ 1"
    assert page.locator("[name=allocations-0-amount]").input_value() in {"250000", "250000.00"}

    saved_height = form_height(page)
    page.evaluate("document.querySelectorAll('details').forEach(d => d.open = true)")
    unfolded_height = form_height(page)
    print(
        f"\nagreement form height (px): empty add form {empty_height}, filled {filled_height}, "
        f"saved change form {saved_height}, the same with every folded part open "
        f"{unfolded_height}; pop-up windows: {len(popups)}"
    )
    page.screenshot(path="/tmp/entry-after-change.png", full_page=True)

    # The new organisations and people are in the registry, each with its history.
    page.goto(live_site.url + "/admin/partners/organisation/?q=ขอนแก่น")
    listed = page.locator("#result_list tbody th a").all_inner_texts()
    assert {name for name, *_rest in NEW_ORGANISATIONS} <= set(listed)


def numbered(items):
    return "\n".join(f"{n}. {text}" for n, text in enumerate(items, start=1))
