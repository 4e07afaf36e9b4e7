"""Cells of every CSV and XLSX export: text a member typed never runs as a formula (OWASP "CSV
injection": a unit named =HYPERLINK(...) would be a live link in the employer's spreadsheet).

Every export writes its cells through `safe_cell` (tests/test_spreadsheet_exports.py checks that
each module writing a CSV or a workbook imports this one). Stdlib only.
"""

from __future__ import annotations

import re

# A cell starting with = @ a tab or a carriage return is read as a formula by spreadsheets; + and
# - too, unless the cell is a number or a phone number (+33 6 12 34 56 78, -12,50).
_FORMULA_START = "=@\t\r"
_PLAIN_SIGNED = re.compile(r"[+-][\d\s.,()]*")


def spreadsheet_safe(text: str) -> str:
    """The text with a leading quote when a spreadsheet would run it as a formula."""
    if not text:
        return text
    if text[0] in _FORMULA_START or (text[0] in "+-" and not _PLAIN_SIGNED.fullmatch(text)):
        return "'" + text
    return text


def safe_cell(value):
    """Any cell value: text neutralised, numbers, dates and empty cells as they are."""
    return spreadsheet_safe(value) if isinstance(value, str) else value
