"""axe-core, a checker nobody on the project wrote, finds no critical or serious accessibility
problem on the public pages, the API documentation and the admin pages staff use.

axe-core comes from npm (`make install` runs `npm ci`, package.json). Each page is checked as
the browser shows it, scripts run, so Swagger UI's page and the admin's select2 boxes are
checked as drawn. The violations are printed, page by page, with the elements they name.
"""

import os
from pathlib import Path

import pytest

from tests.live import ROOT, checked_page

pytestmark = pytest.mark.browser

AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BLOCKING = {"critical", "serious"}

PUBLIC_PAGES = [
    "/",
    "/agreements/",
    "agreement",  # the first agreement of the list
    "/provinces/mukdahan/",
    "/regions/NORTHEAST/",
    "/partners/",
    "/budgets/",
    "/partnerships/",
    "/proposals/",
    "/open-data/",
    "/api/docs/",
    "/en/",
    "/en/partnerships/",
]
ADMIN_PAGES = [
    "/admin/agreements/agreement/add/",
    "agreement change form",
    "/admin/agreements/agreement/",
    "/admin/budgets/allocation/",
    "/admin/proposals/proposal/add/",
]


@pytest.fixture(scope="module")
def axe_source():
    if not AXE.exists():
        missing = f"{AXE.relative_to(ROOT)} is missing: `make install` installs it with npm"
        if os.environ.get("CI"):
            pytest.fail(missing)  # CI installs npm, so a skip there would hide the checks
        pytest.skip(missing)
    return Path(AXE).read_text()


@pytest.fixture(scope="module")
def public_page(browser):
    with checked_page(browser) as page:
        yield page


@pytest.fixture(scope="module")
def admin_page(browser, live_site):
    with checked_page(browser) as page:
        page.goto(live_site.url + "/admin/login/")
        page.locator("#id_username").fill(live_site.admin[0])
        page.locator("#id_password").fill(live_site.admin[1])
        page.locator("input[type=submit]").click()
        page.wait_for_url("**/admin/")
        yield page


def blocking_violations(page, axe_source):
    """The critical and serious violations axe-core finds on the page as it is now."""
    # Swagger UI draws the operations after the page has loaded.
    page.wait_for_load_state("networkidle")
    page.evaluate(axe_source)
    violations = page.evaluate("async () => (await axe.run(document)).violations")
    return [v for v in violations if v["impact"] in BLOCKING]


def report(violations):
    lines = []
    for v in violations:
        lines.append(f"{v['impact']}: {v['id']} ×{len(v['nodes'])}: {v['help']}")
        for node in v["nodes"]:
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            lines.append(f"    {' '.join(map(str, node['target']))}: {summary}")
    return "\n".join(lines)


def resolve(page, site_url, path):
    if path == "agreement":
        page.goto(site_url + "/agreements/")
        return page.locator("article.agreement-card h3 a").first.get_attribute("href")
    if path == "agreement change form":
        page.goto(site_url + "/admin/agreements/agreement/")
        return page.locator("#result_list tbody tr th a").first.get_attribute("href")
    return path


@pytest.mark.parametrize("path", PUBLIC_PAGES)
def test_axe_finds_nothing_serious_on_the_public_page(live_site, public_page, axe_source, path):
    public_page.goto(live_site.url + resolve(public_page, live_site.url, path))
    violations = blocking_violations(public_page, axe_source)
    print(f"{path}:\n{report(violations)}")
    assert not violations, report(violations)


@pytest.mark.parametrize("path", ADMIN_PAGES)
def test_axe_finds_nothing_serious_on_the_admin_page(live_site, admin_page, axe_source, path):
    admin_page.goto(live_site.url + resolve(admin_page, live_site.url, path))
    violations = blocking_violations(admin_page, axe_source)
    print(f"{path}:\n{report(violations)}")
    assert not violations, report(violations)
