"""The public pages by keyboard: the first Tab offers a skip link to the main content, the maps'
77 provinces can be passed with one key, and what has focus wears a ring that stands out at
least 3:1 from what is behind it."""

import pytest

pytestmark = pytest.mark.browser

FOCUS_RING = """el => {
    const style = getComputedStyle(el);
    let behind = el.parentElement;
    while (behind && ['transparent', 'rgba(0, 0, 0, 0)'].includes(getComputedStyle(behind).backgroundColor)) {
        behind = behind.parentElement;
    }
    return {
        focusVisible: el.matches(':focus-visible'),
        style: style.outlineStyle,
        width: parseFloat(style.outlineWidth),
        colour: style.outlineColor,
        background: behind ? getComputedStyle(behind).backgroundColor : 'rgb(255, 255, 255)',
    };
}"""


def luminance(rgb):
    channels = [int(c) / 255 for c in rgb[rgb.index("(") + 1 : rgb.index(")")].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a, b):
    light, dark = sorted([luminance(a), luminance(b)], reverse=True)
    return (light + 0.05) / (dark + 0.05)


def tab_until(page, selector, limit=30):
    """Press Tab until the element matching `selector` has focus; how many presses it took."""
    for presses in range(1, limit + 1):
        page.keyboard.press("Tab")
        if page.evaluate(f"document.activeElement.matches({selector!r})"):
            return presses
    pytest.fail(f"{selector} not reached in {limit} Tab presses")


@pytest.mark.parametrize("path", ["/", "/agreements/", "/en/partnerships/"])
def test_the_first_tab_stop_is_a_visible_skip_link_to_the_main_content(live_site, page, path):
    page.goto(live_site.url + path)
    assert tab_until(page, ".skip-link", limit=1) == 1
    link = page.locator(".skip-link")
    box = link.bounding_box()
    assert box["x"] >= 0 and box["y"] >= 0 and box["width"] > 0
    expected = "Skip to main content" if path.startswith("/en/") else "ข้ามไปยังเนื้อหาหลัก"
    assert link.inner_text() == expected
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.evaluate("document.activeElement.tagName") == "MAIN"


@pytest.mark.parametrize(
    ("path", "after_the_map"), [("/", "#regions a"), ("/partnerships/", "#all-provinces *")]
)
def test_the_map_can_be_passed_with_one_key(live_site, page, path, after_the_map):
    page.goto(live_site.url + path)
    tab_until(page, ".skip-map")
    assert page.locator(".skip-map").bounding_box()["x"] >= 0  # shown when it has focus
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    assert page.evaluate(f"document.activeElement.matches({after_the_map!r})")


@pytest.mark.parametrize(
    ("path", "selector"),
    [
        ("/", ".site-header .main-nav a"),  # on the blue header
        ("/", "main a.more"),  # on a white card
        ("/", "main .hero-search input"),
        ("/agreements/", "main button"),
        ("/", ".site-footer a"),
    ],
)
def test_what_has_focus_wears_a_ring_that_stands_out(live_site, page, path, selector):
    page.goto(live_site.url + path)
    page.keyboard.press("Tab")  # focus moved by script after a key press shows the ring too
    page.locator(selector).first.focus()
    ring = page.evaluate(f"({FOCUS_RING})(document.activeElement)")
    assert ring["focusVisible"]
    assert ring["style"] != "none" and ring["width"] >= 2, ring
    assert contrast(ring["colour"], ring["background"]) >= 3, ring


def test_a_focused_province_changes_by_at_least_3_to_1(live_site, page):
    """Its amber fill differs 3:1 from the dark shades, its ink edge from the light ones."""
    page.goto(live_site.url + "/")
    tab_until(page, "svg.thailand-map a.province", limit=40)
    province = page.evaluate_handle("document.activeElement.querySelector('path')")
    before = page.evaluate(
        "path => { const a = path.closest('a'); a.blur(); "
        "const s = getComputedStyle(path); return [s.fill, s.stroke]; }",
        province,
    )
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")
    fill, stroke = page.evaluate(
        "path => { const s = getComputedStyle(path); return [s.fill, s.stroke]; }", province
    )
    assert max(contrast(fill, before[0]), contrast(stroke, before[0])) >= 3, (before, fill, stroke)
