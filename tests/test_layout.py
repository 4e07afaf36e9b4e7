"""The house plan (README "Plan du code", issue 12): every app has the same shape, templates and
tests mirror it, and an app uses another only through its public modules.

A module outside the convention fails here with its path, so the layout cannot drift quietly.
"""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
APPS = [
    name
    for name in (
        "adherents",
        "suivi_sante",
        "prevention",
        "pdp",
        "tns",
        "certification",
        "dashboards",
        "api",
    )
    if (ROOT / name / "apps.py").exists()
]
# Modules an app may hold at its root, for the whole app (a kind may split into topics:
# perms_disclosure.py, services_uploads.py).
APP_KINDS = (
    "admin",
    "apps",
    # the REST API's machinery (api/): Bearer tokens, problem+json errors, cursors, throttles
    "authentication",
    "enums",
    "errors",
    "hooks",
    "middleware",
    "models",
    "pagination",
    "perms",
    "schema",
    "scope",
    "selectors",
    "services",
    "throttling",
    "urls_api",
    "urls_backoffice",
    "urls_portal",
    "urls_public",
    "validators",
)
APP_FOLDERS = {"rules", "data", "migrations", "management", "templatetags"}
# The same file names in every area (a file over 400 lines splits as <kind>_<topic>.py).
AREA_KINDS = (
    "models",
    "services",
    "selectors",
    "forms",
    "views_portal",
    "views_backoffice",
    "views_public",
    "views_common",
    "urls",
    "tasks",
    "pdf",
    "exports",
    "resources",
    # the REST API's areas (api/<area>/): DRF serializers and API views
    "serializers",
    "views_api",
)
# Another app is used through these only (reads: models, selectors; writes: services; who may:
# perms), never through its views, urls, tasks or forms.
PUBLIC_KINDS = (
    "models",
    "selectors",
    "services",
    "perms",
    "enums",
    "errors",
    "hooks",
    "rules",
    # the import framework's base resource and widgets, which suivi_sante's worker import extends
    "resources",
)
MAX_LINES = 400


def _kind_ok(stem: str, kinds: tuple[str, ...]) -> bool:
    return any(stem == kind or stem.startswith(kind + "_") for kind in kinds)


def _areas(app: str) -> list[Path]:
    return [
        path
        for path in sorted((ROOT / app).iterdir())
        if path.is_dir() and path.name not in APP_FOLDERS and path.name != "__pycache__"
    ]


def _python_files(app: str):
    for path in sorted((ROOT / app).rglob("*.py")):
        if "migrations" not in path.parts:
            yield path


def test_there_are_apps_to_walk():
    assert {"adherents", "suivi_sante", "prevention"} <= set(APPS)


@pytest.mark.parametrize("app", APPS)
def test_every_module_of_an_app_follows_the_house_plan(app):
    wrong = []
    for path in sorted((ROOT / app).iterdir()):
        if path.suffix == ".py" and path.stem != "__init__" and not _kind_ok(path.stem, APP_KINDS):
            wrong.append(f"{path.relative_to(ROOT)}: not an app-level module")
    for area in _areas(app):
        if not (area / "__init__.py").exists():
            wrong.append(f"{area.relative_to(ROOT)}: an area is a package (__init__.py)")
        for path in sorted(area.iterdir()):
            if path.name == "__pycache__" or path.stem == "__init__":
                continue
            if path.is_dir():
                wrong.append(f"{path.relative_to(ROOT)}: an area has no sub-package")
            elif path.suffix == ".py" and not _kind_ok(path.stem, AREA_KINDS):
                wrong.append(f"{path.relative_to(ROOT)}: not one of {', '.join(AREA_KINDS)}")
    assert wrong == []


@pytest.mark.parametrize("app", APPS)
def test_templates_and_tests_mirror_the_areas(app):
    areas = {area.name for area in _areas(app)}
    wrong = []
    templates = ROOT / "templates" / app
    if templates.exists():
        for path in sorted(templates.iterdir()):
            if path.name not in areas:
                wrong.append(f"{path.relative_to(ROOT)}: templates/{app}/<area>/… only")
    tests = ROOT / "tests" / app
    if tests.exists():
        for path in sorted(tests.iterdir()):
            if path.is_dir() and path.name not in areas | {"rules", "__pycache__"}:
                wrong.append(f"{path.relative_to(ROOT)}: tests/{app}/<area>/… only")
    assert wrong == []


@pytest.mark.parametrize("app", APPS + ["accounts", "spsti", "demo"])
def test_no_module_is_over_400_lines(app):
    long = [
        f"{path.relative_to(ROOT)}: {count} lines"
        for path in _python_files(app)
        if (count := len(path.read_text(encoding="utf-8").splitlines())) > MAX_LINES
    ]
    assert long == []


def _imported_modules(path: Path):
    tree = ast.parse(path.read_text(encoding="utf-8"))
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
            for alias in node.names:
                yield f"{node.module}.{alias.name}"


def _public(module: str) -> bool:
    """`other_app.models`, `other_app.perms`, `other_app.<area>.selectors`…: a public module
    (or a name imported from one)."""
    parts = module.split(".")[1:]
    return any(_kind_ok(part, PUBLIC_KINDS) for part in parts[:2])


@pytest.mark.parametrize("app", APPS)
def test_an_app_uses_another_only_through_its_public_modules(app):
    others = set(APPS) - {app}
    wrong = [
        f"{path.relative_to(ROOT)} imports {module}"
        for path in _python_files(app)
        for module in _imported_modules(path)
        if module.split(".")[0] in others and not _public(module)
    ]
    assert wrong == []
