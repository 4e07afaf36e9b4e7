"""Issue 17, item 2: no table widens a page on a phone; each scrolls inside its own box.

Every table of a screen template sits directly in a `.table-responsive` box (PDF templates
aside: a page of paper has no scrolling). tests/test_browser_small_screens.py measures pages.
"""

import re
from pathlib import Path

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
TABLE = re.compile(r"<table\b|</table>")


def unwrapped_tables(text: str) -> list[int]:
    """Line numbers of the outermost tables not opened right inside a .table-responsive box."""
    found, depth = [], 0
    for match in TABLE.finditer(text):
        if match.group() == "</table>":
            depth -= 1
            continue
        if depth == 0:
            before = text[: match.start()].rstrip()
            opening = before[before.rfind("<") :]
            if not (opening.endswith(">") and "table-responsive" in opening):
                found.append(text.count("\n", 0, match.start()) + 1)
        depth += 1
    return found


def test_every_screen_table_scrolls_inside_its_box():
    unwrapped = {
        str(path.relative_to(TEMPLATES)): lines
        for path in sorted(TEMPLATES.rglob("*.html"))
        if "pdf" not in path.relative_to(TEMPLATES).parts
        and (lines := unwrapped_tables(path.read_text()))
    }
    assert not unwrapped, unwrapped


def test_the_check_sees_a_bare_table():
    assert unwrapped_tables('<p>Liste</p>\n<table class="table"></table>') == [2]
    assert unwrapped_tables('<div class="table-responsive">\n  <table></table>\n</div>') == []
    assert unwrapped_tables('<div class="table-responsive"><p>x</p><table></table></div>') == [1]
