"""PDF and XLSX of a published DUERP version, from its snapshot only."""

import io

import pytest
from openpyxl import load_workbook

from prevention.duerp import exports, services
from prevention.models import DuerpRisk
from tests.prevention.duerp.support import ctx_of, published_world

pytestmark = pytest.mark.django_db


def test_pdf_html_lists_risks_by_criticity_with_actions_cse_date_and_hash(world):
    version = published_world(world)
    html = exports.render_version_html(version)

    burn, standing, floor = (
        html.index("Brûlure au four"),
        html.index("Station debout prolongée"),
        html.index("Sol glissant"),
    )
    assert burn < standing < floor  # 12, then 8, then 4
    assert "12 — Élevée" in html
    assert "8 — Modérée" in html
    assert "4 — Modérée" in html
    assert "Fournil" in html
    assert "Boutique" in html
    assert "Gants anti-chaleur" in html
    assert "30/09/2026" in html
    assert "Actions de prévention prévues" in html  # 12 workers: a list, not a PAPRIPACT
    assert version.sha256 in html
    assert f"le {version.cse_consulted_on:%d/%m/%Y}" in html


def test_pdf_is_a_real_pdf(world):
    version = published_world(world)
    assert exports.render_version_pdf(version).startswith(b"%PDF")


def test_exports_read_the_snapshot_never_the_live_workspace(world):
    version = published_world(world)
    risk = DuerpRisk.objects.get(description="Brûlure au four")
    services.update_risk(actor=ctx_of(world, "portal_admin"), risk=risk, description="Modifié")

    html = exports.render_version_html(version)
    assert "Brûlure au four" in html
    assert "Modifié" not in html
    sheet = load_workbook(io.BytesIO(exports.render_version_xlsx(version)))["Risques"]
    assert "Brûlure au four" in [row[3] for row in sheet.iter_rows(values_only=True)]


def test_xlsx_has_risks_and_actions_sheets_with_bold_headers(world):
    version = published_world(world)
    workbook = load_workbook(io.BytesIO(exports.render_version_xlsx(version)))

    assert workbook.sheetnames == ["Risques", "Actions", "Document"]
    risks = workbook["Risques"]
    header = [cell.value for cell in risks[1]]
    assert header[:4] == [
        "Unité de travail",
        "Famille de danger",
        "Danger",
        "Description du risque",
    ]
    assert all(cell.font.bold for cell in risks[1])
    assert risks.column_dimensions["D"].width == 44
    rows = list(risks.iter_rows(min_row=2, values_only=True))
    assert [(r[0], r[3], r[7], r[8]) for r in rows] == [
        ("Fournil", "Brûlure au four", 12, "Élevée"),
        ("Boutique", "Station debout prolongée", 8, "Modérée"),
        ("Fournil", "Sol glissant", 4, "Modérée"),
    ]
    actions = workbook["Actions"]
    assert all(cell.font.bold for cell in actions[1])
    ((title, risk, cost, owner, deadline, indicator, done_on),) = actions.iter_rows(
        min_row=2, values_only=True
    )
    assert title == "Gants anti-chaleur"
    assert deadline.date().isoformat() == "2026-09-30"
    assert cost is None
    assert done_on is None
    document = dict(workbook["Document"].iter_rows(min_row=2, values_only=True))
    assert document["Empreinte SHA-256"] == version.sha256
    assert document["Version"] == 1
