"""The house rules of docs/development.md ("Where things live"), checked on the code itself.

Imports point one way: the wiring → the composed sites → the domain apps → geography → the
shared building blocks. A module may import its own package and the packages of lower layers,
never a package of its own layer or above. The wiring (codi_registry, and benchmarking, which
measures the whole site) imports whatever it connects, and nothing else imports it.
"""

import ast
from pathlib import Path

import pytest

# No database: CI runs these once (docs/development.md, Tests).
pytestmark = pytest.mark.sqlite_once

ROOT = Path(__file__).resolve().parents[2]

# Lowest first. Packages on one line are side by side: neither imports the other.
LAYERS = [
    ["thai"],
    ["reports", "records", "uploads", "pagecache"],
    ["importing"],
    ["geography"],
    ["partners"],
    ["agreements"],
    ["budgets"],
    ["proposals"],
    ["tracking"],
    ["public", "opendata", "demo"],
    ["codi_registry", "benchmarking"],
]
WIRING = set(LAYERS[-1])
LAYER_OF = {package: level for level, packages in enumerate(LAYERS) for package in packages}
# The share of the application code (Python, migrations and tests left out) one app may hold.
LARGEST_SHARE = 0.25


def application_files(package):
    return sorted(
        path
        for path in (ROOT / package).rglob("*.py")
        if "migrations" not in path.relative_to(ROOT).parts
    )


def imported_packages(path):
    """(line, top-level package) of every absolute import of the project's packages in `path`,
    wherever it stands (a function's own import counts too)."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            names = [node.module]
        else:
            continue
        for name in names:
            top = name.split(".")[0]
            if top in LAYER_OF:
                yield node.lineno, top


def crossings(packages):
    """Every import that points sideways or up: 'path:line imports package'."""
    found = []
    for package in packages:
        if package in WIRING:
            continue
        for path in sorted((ROOT / package).rglob("*.py")):
            for line, imported in imported_packages(path):
                if imported != package and LAYER_OF[imported] >= LAYER_OF[package]:
                    where = path.relative_to(ROOT)
                    found.append(f"{where}:{line} imports {imported}")
    return found


def test_every_package_of_the_project_has_a_layer():
    packages = {
        path.parent.name
        for path in ROOT.glob("*/__init__.py")
        if path.parent.name not in {"tests", "docs"}
    }
    assert packages == set(LAYER_OF), "add the package to LAYERS and to docs/development.md"


def test_imports_point_down_the_layers():
    assert crossings(LAYER_OF) == []


def test_an_import_up_the_layers_is_found(tmp_path, monkeypatch):
    # The rule above must be able to fail: a geography module that imports the wiring.
    monkeypatch.setattr(f"{__name__}.ROOT", tmp_path)
    (tmp_path / "geography").mkdir()
    (tmp_path / "geography" / "bad.py").write_text(
        "import thai\n\n\ndef late():\n    from codi_registry.locking import x\n"
    )
    assert crossings(["geography"]) == ["geography/bad.py:5 imports codi_registry"]


def test_no_app_holds_more_than_a_quarter_of_the_application_code():
    lines = {
        package: sum(len(path.read_text(encoding="utf-8").splitlines()) for path in files)
        for package in LAYER_OF
        if (files := application_files(package))
    }
    total = sum(lines.values())
    shares = {package: round(n / total, 3) for package, n in lines.items()}
    assert max(shares.values()) <= LARGEST_SHARE, sorted(shares.items(), key=lambda s: -s[1])


@pytest.mark.parametrize(
    "module", ["ProgressUpdate", "FollowupDigest", "partnership", "needing_followup"]
)
def test_tracking_code_is_not_in_agreements(module):
    for path in application_files("agreements"):
        text = path.read_text(encoding="utf-8")
        assert f"def {module}" not in text and f"class {module}" not in text, path
    assert not (ROOT / "agreements" / "partnership.py").exists()


# The translation functions whose literal argument makemessages extracts (xgettext keywords).
TRANSLATING = {"gettext", "gettext_lazy", "gettext_noop", "ngettext", "pgettext", "_"}


def translations_in_f_strings(path):
    """'path:line text' of every translation call with a literal argument inside an f-string:
    xgettext does not read f-strings, so `make messages` would drop that text from the
    catalogue and the Thai page would show it in English."""
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    for node in ast.walk(tree):
        if not isinstance(node, ast.JoinedStr):
            continue
        for call in ast.walk(node):
            if (
                isinstance(call, ast.Call)
                and getattr(call.func, "id", getattr(call.func, "attr", None)) in TRANSLATING
                and any(isinstance(arg, ast.Constant) for arg in call.args)
            ):
                yield f"{path.relative_to(ROOT)}:{call.lineno} {ast.unparse(call)}"


def test_no_translated_text_is_written_inside_an_f_string():
    found = [
        place
        for package in LAYER_OF
        for path in application_files(package)
        for place in translations_in_f_strings(path)
    ]
    assert found == []
