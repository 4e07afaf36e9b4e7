"""The DGT annual survey as a workbook (issue 16, item 6): one line per rubric, its figure for
the year over the whole service, and how it is computed."""

from __future__ import annotations

import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font

from dashboards.dgt.selectors import survey_lines
from dashboards.facts.selectors import last_run
from spsti.spreadsheet import safe_cell

HEADERS = [
    "Rubrique",
    "Indicateur",
    "Ventilation",
    "Numérateur",
    "Dénominateur",
    "Valeur",
    "Unité",
    "Définition",
    "Source",
]
WIDTHS = [48, 24, 28, 14, 14, 12, 10, 80, 40]


def survey_xlsx(year: int) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = f"Enquête DGT {year}"
    sheet.append(HEADERS)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for line in survey_lines(year):
        sheet.append(
            [
                safe_cell(value)
                for value in (
                    line.label,
                    line.indicator_id,
                    line.breakdown,
                    line.numerator,
                    line.denominator,
                    line.value,
                    line.unit,
                    line.definition,
                    line.source,
                )
            ]
        )
    for index, width in enumerate(WIDTHS, start=1):
        sheet.column_dimensions[chr(64 + index)].width = width
    for row in sheet.iter_rows(min_row=2, min_col=8, max_col=8):
        row[0].alignment = Alignment(wrap_text=True, vertical="top")
    sheet.freeze_panes = "A2"
    about = workbook.create_sheet("À propos")
    run = last_run()
    for row in (
        ("Année", year),
        ("Périmètre", "Tout le service (tous les centres)"),
        ("Période", f"janvier à décembre {year}"),
        ("Généré le", timezone.localtime().strftime("%d/%m/%Y %H:%M")),
        (
            "Faits calculés le",
            timezone.localtime(run.finished_at).strftime("%d/%m/%Y %H:%M") if run else "jamais",
        ),
        (
            "Lecture",
            "Pourcentages : numérateur / dénominateur × 100 ; nombres et montants : somme des "
            "mois (un stock : son dernier mois) ; délais : médiane.",
        ),
    ):
        about.append([safe_cell(value) for value in row])
    about.column_dimensions["A"].width = 20
    about.column_dimensions["B"].width = 90
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
