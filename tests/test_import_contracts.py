"""The dependency rules (import-linter contracts in pyproject.toml) hold on the tree: `make lint`
checks them, and so does the suite, so a breach fails the tests as well as the lint."""

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LINT_IMPORTS = Path(sys.executable).parent / "lint-imports"


def test_the_import_contracts_of_pyproject_are_kept():
    # --no-cache: the verdict is rebuilt from the files on disk, never from a stale graph.
    run = subprocess.run(
        [str(LINT_IMPORTS), "--no-cache"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert run.returncode == 0, run.stdout + run.stderr
    assert " 0 broken." in run.stdout
    # The three rules announced in the README are the ones checked.
    for name in (
        "rules/ packages import the standard library only",
        "demo above the area apps, above accounts, above spsti",
        "An app never imports another app's tasks, views or urls",
    ):
        assert name in run.stdout.replace("\n", " ")
