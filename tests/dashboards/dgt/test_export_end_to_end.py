"""The DGT workbook from the follow-up records themselves (issue 16: "the DGT export is checked
by a test against hand counts"): the world of tests/dashboards/facts/test_suivi.py, the nightly
compute, then the 2026 workbook, its cells counted by hand from that world's table."""

import datetime
import io

import pytest
import time_machine
from openpyxl import load_workbook

from dashboards.dgt import services
from dashboards.dgt.exports import survey_xlsx
from dashboards.facts.services import compute_facts
from dashboards.rules.periods import month_range
from tests.dashboards.facts.test_suivi import SUIVI, TODAY, build_world

pytestmark = pytest.mark.django_db


def test_the_workbook_counts_the_visits_of_the_records():
    with time_machine.travel(datetime.datetime(2026, 6, 15, 12, tzinfo=datetime.UTC), tick=False):
        build_world()
        compute_facts(
            month_range(datetime.date(2026, 1, 1), TODAY), today=TODAY, indicator_ids=SUIVI
        )
        services.ensure_default_fields()
        sheet = load_workbook(io.BytesIO(survey_xlsx(2026))).worksheets[0]
    cells = {
        (row[1], row[2] or ""): row[3:6] for row in sheet.iter_rows(min_row=2, values_only=True)
    }
    # Held in 2026: V1, V2, V7, V10, V12 by a physician, V3 by a nurse (Vold is 2023's).
    assert cells[("visits_held", "")] == (6, None, 6)
    held_by = {label: value for (i, label), value in cells.items() if i == "visits_held" and label}
    assert held_by["Réalisé par : Médecin"] == (5, None, 5)
    assert held_by["Réalisé par : Infirmier(e)"] == (1, None, 1)
    # Due dates passed in 2026: V1, V3, V7 held on time; V2 late; w4, w8, w11, w14 still due
    # (w5's is not yet passed, w6's pré-reprise is never late): 3 of 8.
    assert cells[("visits_on_time", "")] == (3, 8, 37.5)
    # Teleconsultations: V3 and V10 of the 6 held.
    assert cells[("tele_share", "")] == (2, 6, 33.3)
