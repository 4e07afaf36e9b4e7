"""A small indicator catalogue for the tests of the DGT export and the monthly report, written
in a temporary folder (the real TOML files are written by other changes and move)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import timezone

from dashboards.catalogue import selectors as catalogue_selectors
from dashboards.facts.models import Fact

SUIVI = """
[[indicator]]
id = "visits_on_time"
name = "Visites réalisées dans les délais"
numerator = "visites tenues au plus tard à leur échéance"
denominator = "visites dont l'échéance est tombée dans le mois"
period = "mois ; une période additionne ses mois"
source = "art. R4624-10 à R4624-28 C. trav."
app = "suivi_sante"
aggregation = "flow"
unit = "percent"
breakdowns = ["kind", "performer"]
key = true
[indicator.labels]
vip = "Visite d'information et de prévention"
physician = "Médecin"
nurse = "Infirmier(e)"

[[indicator]]
id = "workers_followed"
name = "Salariés suivis"
numerator = "salariés suivis à la fin du mois"
denominator = ""
period = "fin de mois"
source = "art. L4622-2 C. trav."
app = "suivi_sante"
aggregation = "stock"
unit = "count"

[[indicator]]
id = "visit_delay"
name = "Délai d'obtention d'une visite"
numerator = "visites, par délai en jours"
denominator = ""
period = "mois"
source = "seed 003"
app = "suivi_sante"
aggregation = "histogram"
unit = "days"
breakdowns = ["kind"]
note = "À VÉRIFIER : délai compté en jours calendaires."
"""

FACTURATION = """
[[indicator]]
id = "invoiced"
name = "Montant facturé"
numerator = "montant HT des factures émises"
denominator = ""
period = "mois"
source = "art. L4622-6 C. trav."
app = "adherents"
aggregation = "flow"
unit = "euros"
"""


@pytest.fixture
def small_catalogue(tmp_path, monkeypatch):
    (tmp_path / "suivi.toml").write_text(SUIVI, encoding="utf-8")
    (tmp_path / "facturation.toml").write_text(FACTURATION, encoding="utf-8")
    monkeypatch.setattr(catalogue_selectors, "DATA", tmp_path)
    catalogue_selectors.catalogue.cache_clear()
    yield catalogue_selectors.catalogue()
    catalogue_selectors.catalogue.cache_clear()


def fact(indicator, center, month, numerator, denominator=None, team=None, kind="", performer=""):
    return Fact.objects.create(
        indicator=indicator,
        center=center,
        team=team,
        month=month,
        kind=kind,
        performer=performer,
        numerator=Decimal(numerator),
        denominator=None if denominator is None else Decimal(denominator),
        computed_at=timezone.now(),
    )


def month(year: int, number: int) -> datetime.date:
    return datetime.date(year, number, 1)
