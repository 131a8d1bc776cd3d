"""Reordering scope clauses by drag and drop in a real browser (Chromium), against the live
demo site, and the number a row added with "add another" is given."""

import pytest

from tests.agreements.test_attachment_browser import log_in, new_page

pytestmark = pytest.mark.browser

staff_page = pytest.fixture(new_page)

CLAUSE_ROWS = "#clauses-group tr.form-row:not(.empty-form)"


def clause_rows(page):
    """[(number, Thai text)] of the clause rows, top to bottom."""
    return [
        (
            row.locator("input[name$='-order']").input_value(),
            row.locator("textarea[name$='-text_th']").input_value(),
        )
        for row in page.locator(CLAUSE_ROWS).all()
    ]


def drag(page, handle, target):
    """Drag `handle` by the mouse to just inside the top of `target` (both on screen)."""
    page.set_viewport_size({"width": 1280, "height": 2000})
    target.scroll_into_view_if_needed()
    start = handle.bounding_box()
    end = target.bounding_box()
    page.mouse.move(start["x"] + start["width"] / 2, start["y"] + start["height"] / 2)
    page.mouse.down()
    page.mouse.move(end["x"] + 20, end["y"] + 3, steps=12)
    page.mouse.up()


def an_agreement_with_clauses(page, live_site):
    page.goto(live_site.url + "/admin/agreements/agreement/")
    for href in page.locator("#result_list tbody th a").evaluate_all(
        "rows => rows.map(a => a.href)"
    ):
        page.goto(href)
        if page.locator(CLAUSE_ROWS).count() >= 3:
            return href
    pytest.fail("no demo agreement has three scope clauses")


def test_staff_drag_a_clause_to_the_top_and_the_saved_order_follows(live_site, staff_page):
    page = staff_page
    refused = []
    page.on("console", lambda m: refused.append(m.text) if "Content Security" in m.text else 0)
    log_in(page, live_site)
    change_url = an_agreement_with_clauses(page, live_site)
    before = clause_rows(page)
    assert [number for number, _ in before] == [str(n) for n in range(1, len(before) + 1)]

    rows = page.locator(CLAUSE_ROWS)
    drag(page, rows.last.locator(".row-drag-handle"), rows.first)

    moved = [before[-1][1], *[text for _, text in before[:-1]]]
    assert clause_rows(page) == [(str(n), text) for n, text in enumerate(moved, start=1)]

    page.locator("#clauses-group .add-row a").click()
    added = page.locator(CLAUSE_ROWS).last
    assert added.locator("input[name$='-order']").input_value() == str(len(before) + 1)
    added.locator("textarea[name$='-text_th']").fill("ติดตามผลร่วมกันทุกไตรมาส")
    # Wait for the save's answer: click() returns before a slow POST navigates.
    with page.expect_navigation():
        page.locator("input[name=_continue]").first.click()

    assert page.locator(".errorlist").count() == 0, page.locator(".errorlist").all_inner_texts()
    page.goto(change_url)
    assert clause_rows(page) == [
        *[(str(n), text) for n, text in enumerate(moved, start=1)],
        (str(len(before) + 1), "ติดตามผลร่วมกันทุกไตรมาส"),
    ]
    assert refused == []


def test_a_party_moved_with_the_arrow_keys_swaps_signing_order_within_its_role(
    live_site, staff_page
):
    page = staff_page
    log_in(page, live_site)
    page.goto(live_site.url + "/admin/agreements/agreement/")
    for href in page.locator("#result_list tbody th a").evaluate_all(
        "rows => rows.map(a => a.href)"
    ):
        page.goto(href)
        if page.locator("#parties-group select[name$='-role'] >> nth=1").count():
            break
    parties = page.locator("#parties-group div.inline-related:not(.empty-form)")
    first_name = parties.nth(0).locator("select[name$='-organisation']").input_value()

    parties.nth(0).locator(".row-drag-handle").focus()
    page.keyboard.press("ArrowDown")

    moved = page.locator("#parties-group div.inline-related:not(.empty-form)")
    assert moved.nth(1).locator("select[name$='-organisation']").input_value() == first_name
    roles = [r.input_value() for r in moved.locator("select[name$='-role']").all()]
    numbers = [n.input_value() for n in moved.locator("input[name$='-order']").all()]
    counted = {}
    for role, number in zip(roles, numbers, strict=True):
        counted[role] = counted.get(role, 0) + 1
        assert number == str(counted[role])
    # Wait for the save's answer: click() returns before a slow POST navigates.
    with page.expect_navigation():
        page.locator("input[name=_continue]").first.click()
    assert page.locator(".errorlist").count() == 0, page.locator(".errorlist").all_inner_texts()
    page.goto(href)
    saved = page.locator("#parties-group div.inline-related:not(.empty-form)")
    assert saved.nth(1).locator("select[name$='-organisation']").input_value() == first_name


PARTY_ROWS = "#parties-group div.inline-related:not(.empty-form)"


def party_numbers(page):
    """[(role, number)] of the party rows, top to bottom."""
    return [
        (
            row.locator("select[name$='-role']").input_value(),
            row.locator("input[name$='-order']").input_value(),
        )
        for row in page.locator(PARTY_ROWS).all()
    ]


def test_signing_order_follows_a_change_of_role_and_stays_unique_within_each_role(
    live_site, staff_page
):
    """Issue 26: three parties, a presiding official and two witnesses, the role chosen on
    each row after adding it, were numbered 1, 2, 3, 4, 4, 4."""
    page = staff_page
    log_in(page, live_site)
    page.goto(live_site.url + "/admin/agreements/agreement/add/")
    assert party_numbers(page) == [("party", "1")]

    for role in ["party", "party", "presiding", "witness", "witness"]:
        page.locator("#parties-group .add-row a").click()
        page.locator(PARTY_ROWS).last.locator("select[name$='-role']").select_option(role)

    assert party_numbers(page) == [
        ("party", "1"),
        ("party", "2"),
        ("party", "3"),
        ("presiding", "1"),
        ("witness", "1"),
        ("witness", "2"),
    ]

    # The second party becomes a witness: it goes after the witnesses, the third party
    # moves up; and back again: it goes after the parties.
    second = page.locator(PARTY_ROWS).nth(1).locator("select[name$='-role']")
    second.select_option("witness")
    assert [number for _, number in party_numbers(page)] == ["1", "3", "2", "1", "1", "2"]
    second.select_option("party")
    assert [number for _, number in party_numbers(page)] == ["1", "3", "2", "1", "1", "2"]

    # Moving a row still numbers each role in the order on the page.
    page.locator(PARTY_ROWS).nth(2).locator(".row-drag-handle").focus()
    page.keyboard.press("ArrowUp")
    assert party_numbers(page) == [
        ("party", "1"),
        ("party", "2"),
        ("party", "3"),
        ("presiding", "1"),
        ("witness", "1"),
        ("witness", "2"),
    ]
