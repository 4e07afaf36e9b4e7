"""No tracked file keeps a merge conflict's markers: a template with them renders the markers as
text (it happened once, in a cherry-pick, and only an accessibility check saw it)."""

import subprocess
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARKERS = ("<<<<<<< ", ">>>>>>> ")


def test_no_tracked_file_keeps_conflict_markers():
    files = subprocess.run(
        ["git", "ls-files", "-z"],
        cwd=ROOT,
        capture_output=True,
        check=True,  # noqa: S607
    ).stdout.split(b"\0")
    found = []
    for name in filter(None, files):
        path = ROOT / name.decode()
        if not path.is_file():
            continue
        try:
            lines = path.read_text(encoding="utf-8").splitlines()
        except UnicodeDecodeError:  # images, fonts, PDF fixtures
            continue
        found += [
            f"{name.decode()}:{number}"
            for number, line in enumerate(lines, 1)
            if line.startswith(MARKERS)
        ]
    assert len(files) > 500  # the listing really read the repository
    assert not found, found
