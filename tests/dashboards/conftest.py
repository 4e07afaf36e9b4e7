"""A small catalogue of three test indicators (a flow ratio, a stock count, a histogram of days)
whose compute functions return the rows a test sets: the engine (compute, read, pages) is tested
on known cells. The real indicators are tested in tests/dashboards/facts/ on real worlds."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

import pytest

from dashboards.catalogue import selectors as catalogue
from dashboards.facts import selectors_sources_suivi

TOML = """
[[indicator]]
id = "t_flow"
name = "Visites test à temps"
numerator = "visites tenues à temps"
denominator = "visites dues"
period = "mois"
source = "test"
app = "suivi_sante"
aggregation = "flow"
unit = "percent"
breakdowns = ["kind", "performer"]
labels = { VIP = "VIP", nurse = "Infirmier(e)", physician = "Médecin" }
drill = { num = "Tenues à temps", rest = "En retard" }
key = true

[[indicator]]
id = "t_stock"
name = "Salariés test suivis"
numerator = "salariés suivis en fin de mois"
denominator = ""
period = "fin de mois"
source = "test"
app = "suivi_sante"
aggregation = "stock"
unit = "count"
key = true

[[indicator]]
id = "t_days"
name = "Délai test"
numerator = "jours entre signalement et premier contact"
denominator = ""
period = "mois"
source = "test"
app = "suivi_sante"
aggregation = "histogram"
unit = "days"
higher_is_better = false
"""


@dataclass
class TestSources:
    rows: dict[str, list[dict]] = field(default_factory=dict)
    drilled: list[dict] = field(default_factory=list)

    def cell(self, indicator, center, month, numerator, denominator=None, **extra):
        """One row as a source returns it; extra: team (a Team), kind, performer."""
        team = extra.pop("team", None)
        self.rows.setdefault(indicator, []).append(
            {
                "center_id": center.pk,
                "team_id": team.pk if team else None,
                "month": month,
                "numerator": numerator,
                "denominator": denominator,
                **extra,
            }
        )


@pytest.fixture
def test_indicators(monkeypatch, tmp_path):
    (tmp_path / "suivi.toml").write_text(TOML, encoding="utf-8")
    monkeypatch.setattr(catalogue, "DATA", tmp_path)
    catalogue.catalogue.cache_clear()
    found = TestSources()

    def compute_for(indicator_id):
        def compute(months, today):
            return [r for r in found.rows.get(indicator_id, []) if r["month"] in months]

        return compute

    def drill(**kwargs):
        from accounts.models import Team

        found.drilled.append(kwargs)
        return (
            ["Équipe", "Centre", "Depuis le"],
            Team.objects.filter(center_id__in=kwargs["center_ids"]).select_related("center"),
            lambda team: (team.name, team.center.name, datetime.date(2026, 1, 5)),
        )

    for indicator_id in ("t_flow", "t_stock", "t_days"):
        monkeypatch.setitem(
            selectors_sources_suivi.SOURCES,
            indicator_id,
            (compute_for(indicator_id), drill if indicator_id == "t_flow" else None),
        )
    yield found
    catalogue.catalogue.cache_clear()


@pytest.fixture
def figures_today(monkeypatch):
    """20 March 2026, the day the `figures` are read."""
    day = datetime.date(2026, 3, 20)
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: day)
    return day


@pytest.fixture
def figures(world, test_indicators, figures_today):
    """By hand: 3 of 4 visits on time in the north in January (world.team), 1 of 4 in the
    south in February (world.other_team), 120 workers followed in the north in February;
    the facts computed for January to March 2026."""
    from dashboards.facts.services import compute_facts

    jan, feb = datetime.date(2026, 1, 1), datetime.date(2026, 2, 1)
    test_indicators.cell(
        "t_flow", world.center, jan, 3, 4, team=world.team, kind="VIP", performer="nurse"
    )
    test_indicators.cell(
        "t_flow",
        world.other_center,
        feb,
        1,
        4,
        team=world.other_team,
        kind="VIP",
        performer="physician",
    )
    test_indicators.cell("t_stock", world.center, feb, 120, team=world.team)
    compute_facts([jan, feb, datetime.date(2026, 3, 1)], today=figures_today)
    return test_indicators
