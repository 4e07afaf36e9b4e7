"""Every table of the dashboards as CSV (semicolon, UTF-8 with BOM: Excel in French opens it) or
XLSX; cells through spsti.spreadsheet.safe_cell (no formula from a typed name)."""

from __future__ import annotations

import csv
import datetime
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.http import HttpResponse
from django.utils.text import slugify
from openpyxl import Workbook
from openpyxl.styles import Font

from spsti.spreadsheet import safe_cell

FORMATS = {"csv", "xlsx"}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def plain(value):
    """A Decimal as it reads: 4 (not 4.00), 66.7; anything else unchanged."""
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral_value() else value.normalize()
    return value


def _csv_text(value) -> str:
    value = plain(value)
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, Decimal):
        return str(value).replace(".", ",")
    return str(value)


def _xlsx(value):
    value = plain(value)
    return float(value) if isinstance(value, Decimal) else value


def table_response(
    title: str, columns: Sequence[str], rows: Iterable[Sequence], fmt: str
) -> HttpResponse:
    """The table as a download named after its title."""
    name = slugify(title)[:80] or "export"
    if fmt == "xlsx":
        book = Workbook()
        sheet = book.active
        sheet.title = title[:31].replace("/", "-").replace(":", "") or "Export"
        sheet.append([safe_cell(c) for c in columns])
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([safe_cell(_xlsx(c)) for c in row])
            for cell in sheet[sheet.max_row]:
                if isinstance(cell.value, datetime.date):
                    cell.number_format = "DD/MM/YYYY"
        buffer = io.BytesIO()
        book.save(buffer)
        response = HttpResponse(buffer.getvalue(), content_type=XLSX_TYPE)
        response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
        return response
    buffer = io.StringIO()
    buffer.write("\ufeff")
    writer = csv.writer(buffer, delimiter=";")
    writer.writerow([safe_cell(c) for c in columns])
    for row in rows:
        writer.writerow([safe_cell(_csv_text(c)) for c in row])
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{name}.csv"'
    return response
