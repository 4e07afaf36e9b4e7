"""What the cockpit and the domain pages show: each indicator's figure over the period, its
months, its target and its breakdowns, read from the monthly facts (a few queries each)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from dashboards.catalogue.selectors import Indicator
from dashboards.facts.models import FactRun
from dashboards.facts.selectors import FactSet, Figure, Selection, share_of_cases
from dashboards.rules.charts import month_label
from dashboards.targets.selectors import Target, targets_for


@dataclass(frozen=True)
class Row:
    key: str  # the breakdown value ("" for the total)
    label: str
    figure: Figure


@dataclass(frozen=True)
class Card:
    indicator: Indicator
    figure: Figure
    months: list[tuple[datetime.date, Figure]]
    target: Target | None = None
    breakdowns: dict[str, list[Row]] = field(default_factory=dict)
    links: list[str | None] = field(default_factory=list)  # each month's list (drill-down)

    @property
    def points(self) -> list[tuple[str, Decimal | None]]:
        return [(month_label(month), fig.value) for month, fig in self.months]

    @property
    def target_value(self) -> Decimal | None:
        return self.target.value if self.target else None

    @property
    def trend(self) -> str:
        """ "hausse", "baisse" or "stable": the last filled month against the first."""
        values = [fig.value for _, fig in self.months if fig.value is not None]
        if len(values) < 2 or values[-1] == values[0]:
            return "stable"
        return "hausse" if values[-1] > values[0] else "baisse"

    @property
    def status(self) -> str:
        """Against the target: "atteinte", "en retard" or "" with no target or figure."""
        if self.target is None or self.figure.value is None:
            return ""
        reached = (
            self.figure.value >= self.target.value
            if self.indicator.higher_is_better
            else self.figure.value <= self.target.value
        )
        return "atteinte" if reached else "non atteinte"


def _targets(indicators: list[Indicator], selection: Selection) -> dict[str, Target]:
    found = targets_for(
        [i.id for i in indicators], [selection.end.year], selection.center_ids, selection.kind
    )
    return {indicator_id: target for (indicator_id, _), target in found.items()}


def cards(
    indicators: list[Indicator], selection: Selection, run: FactRun | None = None
) -> list[Card]:
    """Figure, months and target of each indicator: one query for the facts, one for the
    targets, whatever the number of indicators."""
    targets = _targets(indicators, selection)
    found = FactSet.load(indicators, selection, run=run)
    return [
        Card(
            indicator,
            found.figure(indicator),
            found.series(indicator, selection.months),
            targets.get(indicator.id),
        )
        for indicator in indicators
    ]


def detailed_cards(
    indicators: list[Indicator],
    selection: Selection,
    team_names: dict,
    center_names: dict,
    run: FactRun | None = None,
) -> list[Card]:
    """Cards with their breakdowns: by kind, by performer, and by team (or centre); one query
    for the facts, one for the targets."""
    targets = _targets(indicators, selection)
    facts = FactSet.load(indicators, selection, run=run)
    found = []
    for indicator in indicators:
        tables: dict[str, list[Row]] = {}
        for by in indicator.breakdowns:
            rows = facts.breakdown(indicator, by)
            if by == "kind" and indicator.kinds_split_cases:
                cases = sum((f.denominator or 0) for _, f in rows)
                rows = [(key, share_of_cases(f, cases)) for key, f in rows]
            tables[by] = [
                Row(str(key), indicator.label(str(key)) or "non renseigné", figure)
                for key, figure in rows
            ]
        if len(selection.center_ids) > 1:
            tables["center"] = [
                Row(str(key), center_names.get(key, "?"), figure)
                for key, figure in facts.breakdown(indicator, "center_id")
            ]
        team_rows = facts.breakdown(indicator, "team_id")
        if any(key is not None for key, _ in team_rows):
            tables["team"] = [
                Row(str(key or ""), team_names.get(key, "Centre (sans équipe)"), figure)
                for key, figure in team_rows
            ]
        found.append(
            Card(
                indicator,
                facts.figure(indicator),
                facts.series(indicator, selection.months),
                targets.get(indicator.id),
                tables,
            )
        )
    return found


BREAKDOWN_TITLES = {
    "kind": "Par ventilation",
    "performer": "Par professionnel",
    "center": "Par centre",
    "team": "Par équipe",
}
