"""The published DUERP as a document: its frozen snapshot, and exports read from it alone.

The snapshot is built once, at publication, from the live workspace; the page, the PDF and
the XLSX of a version read the snapshot only, never the workspace.

The deposit portal planned by L4121-3-1 is not open: these exports are the copy the employer
keeps, gives to its workers and the inspectorate (R4121-4).
"""

from __future__ import annotations

import datetime
import io
import json
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from prevention.duerp import selectors as selectors_duerp
from prevention.duerp.selectors import band_style
from prevention.models import Duerp, DuerpVersion, HazardThesaurus
from spsti.pdf import html_to_pdf
from spsti.spreadsheet import safe_cell

SNAPSHOT_FORMAT = 1
PDF_TEMPLATE = "prevention/duerp/pdf/duerp.html"
DATE_FORMAT = "DD/MM/YYYY"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


# --- The frozen document: built once at publication -------------------------------------


def canonical_json(snapshot: dict) -> bytes:
    """The bytes the version's SHA-256 covers: sorted keys, no spaces, UTF-8."""
    return json.dumps(snapshot, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def _iso(day: datetime.date | None) -> str | None:
    return day.isoformat() if day else None


def build_snapshot(
    duerp: Duerp,
    *,
    number: int,
    published_at: datetime.datetime,
    published_by: Any,
    cse_consulted_on: datetime.date | None,
) -> dict:
    """The whole document as JSON values only, in a fixed order: what the version freezes."""
    space = selectors_duerp.workspace(duerp)
    matrix = duerp.matrix
    units = [block.unit for block in space.units]
    rows = [row for block in space.units for row in block.risks]
    return {
        "format": SNAPSHOT_FORMAT,
        "number": number,
        "member": {
            "id": duerp.adherent_id,
            "name": duerp.adherent.name,
            "siren": duerp.adherent.siren,
        },
        "headcount": duerp.headcount,
        "papripact": space.needs_papripact,
        "matrix": {
            "name": matrix.name,
            "severity_labels": list(matrix.severity_labels),
            "probability_labels": list(matrix.probability_labels),
            "bands": [list(band) for band in matrix.bands],
        },
        "thesaurus": HazardThesaurus.objects.get(is_current=True).version,
        "units": [
            {
                "id": unit.pk,
                "establishment": unit.establishment.name,
                "siret": unit.establishment.siret,
                "name": unit.name,
                "description": unit.description,
                "headcount": unit.headcount,
            }
            for unit in units
        ],
        "risks": [
            {
                "id": row.risk.pk,
                "unit_id": row.risk.work_unit_id,
                "unit": row.risk.work_unit.name,
                "hazard_code": row.risk.hazard.code,
                "hazard_family": row.risk.hazard.family,
                "hazard": row.risk.hazard.label,
                "description": row.risk.description,
                "exposed_count": row.risk.exposed_count,
                "severity": row.risk.severity,
                "severity_label": matrix.severity_labels[row.risk.severity - 1],
                "probability": row.risk.probability,
                "probability_label": matrix.probability_labels[row.risk.probability - 1],
                "score": row.score,
                "band": row.band,
                "existing_measures": row.risk.existing_measures,
            }
            for row in rows
        ],
        "actions": [
            {
                "id": action.pk,
                "risk_id": action.risk_id,
                "risk": str(action.risk) if action.risk else "",
                "title": action.title,
                "cost": str(action.cost) if action.cost is not None else None,
                "owner": action.owner,
                "deadline": _iso(action.deadline),
                "indicator": action.indicator,
                "done_on": _iso(action.done_on),
            }
            for action in sorted(space.actions, key=lambda a: a.pk)
        ],
        "published_at": timezone.localtime(published_at).isoformat(),
        "published_on": timezone.localdate(published_at).isoformat(),
        "published_by": str(published_by),
        "cse_consulted_on": _iso(cse_consulted_on),
    }


# --- Renderings, from the snapshot alone ---------------------------------------------------


def _date(value: str | None) -> datetime.date | None:
    return datetime.date.fromisoformat(value) if value else None


def risks_by_criticity(snapshot: dict) -> list[dict]:
    """The snapshot's risks, most critical first, each with its band's colour class."""
    bands = snapshot["matrix"]["bands"]
    rows = sorted(snapshot["risks"], key=lambda r: (-r["score"], r["unit"], r["id"]))
    return [{**risk, "style": band_style(bands, risk["band"])} for risk in rows]


def planned_actions(snapshot: dict) -> list[dict]:
    """The snapshot's actions by deadline (undated last), dates and cost as Python values."""
    rows = [
        {
            **action,
            "deadline": _date(action["deadline"]),
            "done_on": _date(action["done_on"]),
            "cost": Decimal(action["cost"]) if action["cost"] is not None else None,
        }
        for action in snapshot["actions"]
    ]
    return sorted(rows, key=lambda a: (a["deadline"] is None, a["deadline"] or 0, a["id"]))


def version_context(version: DuerpVersion) -> dict[str, Any]:
    """What the version page, the PDF and the XLSX show, from the snapshot alone."""
    snapshot = version.snapshot
    risk_count: dict[int, int] = {}
    for risk in snapshot["risks"]:
        risk_count[risk["unit_id"]] = risk_count.get(risk["unit_id"], 0) + 1
    return {
        "version": version,
        "snapshot": snapshot,
        "member": snapshot["member"],
        "units": [
            {**unit, "risk_count": risk_count.get(unit["id"], 0)} for unit in snapshot["units"]
        ],
        "risks": risks_by_criticity(snapshot),
        "actions": planned_actions(snapshot),
        "papripact": snapshot["papripact"],
        "published_at": datetime.datetime.fromisoformat(snapshot["published_at"]),
        "cse_consulted_on": _date(snapshot["cse_consulted_on"]),
        "matrix": snapshot["matrix"],
        "center_name": settings.SPSTI_SERVICE_NAME,
    }


def filename(version: DuerpVersion, extension: str) -> str:
    siren = version.snapshot["member"]["siren"]
    return f"duerp-{siren}-v{version.number}.{extension}"


def render_version_html(version: DuerpVersion) -> str:
    """The HTML step of the PDF (tests read the risks in it)."""
    return render_to_string(PDF_TEMPLATE, version_context(version))


def render_version_pdf(version: DuerpVersion) -> bytes:
    """The version on paper: units, risks by criticity, actions or PAPRIPACT, CSE date, hash."""
    return html_to_pdf(PDF_TEMPLATE, version_context(version))


def _sheet(workbook: Workbook, title: str, header: list[tuple[str, int]], rows: list[list]):
    sheet = workbook.create_sheet(title)
    sheet.append([name for name, _ in header])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, (_, width) in enumerate(header, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in rows:
        sheet.append([safe_cell(value) for value in row])  # member text never a formula
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
            if isinstance(cell.value, datetime.date):
                cell.number_format = DATE_FORMAT
    sheet.freeze_panes = "A2"
    return sheet


RISK_HEADER = [
    ("Unité de travail", 24),
    ("Famille de danger", 20),
    ("Danger", 34),
    ("Description du risque", 44),
    ("Salariés exposés", 10),
    ("Gravité", 16),
    ("Probabilité", 16),
    ("Criticité", 10),
    ("Niveau", 12),
    ("Mesures existantes", 44),
]
ACTION_HEADER = [
    ("Action", 40),
    ("Risque traité", 36),
    ("Coût (€)", 12),
    ("Responsable", 22),
    ("Échéance", 12),
    ("Indicateur", 30),
    ("Réalisée le", 12),
]


def render_version_xlsx(version: DuerpVersion) -> bytes:
    """Sheets "Risques" (by criticity), "Actions" and "Document" (identity and hash)."""
    context = version_context(version)
    workbook = Workbook()
    workbook.remove(workbook.active)
    _sheet(
        workbook,
        "Risques",
        RISK_HEADER,
        [
            [
                r["unit"],
                r["hazard_family"],
                r["hazard"],
                r["description"],
                r["exposed_count"],
                f"{r['severity']} — {r['severity_label']}",
                f"{r['probability']} — {r['probability_label']}",
                r["score"],
                r["band"],
                r["existing_measures"],
            ]
            for r in context["risks"]
        ],
    )
    _sheet(
        workbook,
        "Actions",
        ACTION_HEADER,
        [
            [
                a["title"],
                a["risk"],
                a["cost"],
                a["owner"],
                a["deadline"],
                a["indicator"],
                a["done_on"],
            ]
            for a in context["actions"]
        ],
    )
    snapshot = context["snapshot"]
    published_at = timezone.localtime(context["published_at"]).replace(tzinfo=None)
    _sheet(
        workbook,
        "Document",
        [("Rubrique", 30), ("Valeur", 70)],
        [
            ["Entreprise", snapshot["member"]["name"]],
            ["SIREN", snapshot["member"]["siren"]],
            ["Version", version.number],
            ["Publiée le", published_at.strftime("%d/%m/%Y %H:%M")],
            ["Publiée par", snapshot["published_by"]],
            ["CSE consulté le", context["cse_consulted_on"]],
            ["Effectif déclaré", snapshot["headcount"]],
            ["Grille d'évaluation", snapshot["matrix"]["name"]],
            ["Thésaurus des dangers", snapshot["thesaurus"]],
            ["Empreinte SHA-256", version.sha256],
            ["À conserver jusqu'au", version.keep_until],
        ],
    )
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
