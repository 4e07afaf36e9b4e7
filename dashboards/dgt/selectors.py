"""The DGT survey's figures for a year, over the whole service (every centre)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace
from decimal import Decimal

from accounts.models import HealthCenter
from dashboards.catalogue.selectors import Indicator, catalogue
from dashboards.dgt.models import DgtField
from dashboards.facts.models import Fact
from dashboards.facts.selectors import Figure, Selection, figure, share_of_cases

UNIT_LABELS = {"percent": "%", "count": "nombre", "euros": "€", "days": "jours"}
BREAKDOWN_LABELS = {"kind": "Type", "performer": "Réalisé par"}


@dataclass(frozen=True)
class Line:
    label: str
    indicator_id: str
    breakdown: str  # in French: "Réalisé par : Infirmier(e)"
    numerator: Decimal | None
    denominator: Decimal | None
    value: Decimal | None
    unit: str
    definition: str
    source: str


def breakdown_label(indicator: Indicator | None, breakdown: str) -> str:
    if not breakdown:
        return ""
    by, _, value = breakdown.partition(":")
    shown = indicator.label(value) if indicator else value
    return f"{BREAKDOWN_LABELS.get(by, by)} : {shown}"


def definition(indicator: Indicator) -> str:
    parts = [f"Numérateur : {indicator.numerator}"]
    if indicator.denominator:
        parts.append(f"dénominateur : {indicator.denominator}")
    parts.append(f"période : {indicator.period}")
    text = " ; ".join(parts) + "."
    return f"{text} {indicator.note}".strip() if indicator.note else text


def year_selection(year: int) -> Selection:
    """January to December of `year`, every centre, every team and centre-level facts."""
    return Selection(
        center_ids=frozenset(HealthCenter.objects.values_list("pk", flat=True)),
        team_ids=None,
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 1),
    )


def survey_lines(year: int) -> list[Line]:
    """One line per exported rubric, in its order (1 query for the rubrics, 1 for the centres,
    then at most 2 per rubric: `facts.selectors.figure`). A kind of an indicator whose kinds
    sort its cases reads as its cases out of all the year's cases, as on the domain page."""
    known = catalogue()
    base = year_selection(year)
    wholes: dict[str, Figure] = {}

    def whole(indicator: Indicator) -> Figure:
        """The whole year's figure, read once (its line, and the cases its kinds split)."""
        if indicator.id not in wholes:
            wholes[indicator.id] = figure(indicator, base)
        return wholes[indicator.id]

    lines = []
    for field in DgtField.objects.filter(active=True):
        indicator = known.get(field.indicator)
        if indicator is None:
            lines.append(
                Line(
                    field.label,
                    field.indicator,
                    field.breakdown,
                    None,
                    None,
                    None,
                    "",
                    "Indicateur absent du catalogue : aucune valeur.",
                    "",
                )  # fmt: skip
            )
            continue
        if field.breakdown_by in ("kind", "performer"):
            found = figure(indicator, replace(base, **{field.breakdown_by: field.breakdown_value}))
            if field.breakdown_by == "kind" and indicator.kinds_split_cases:
                found = share_of_cases(found, whole(indicator).denominator)
        else:
            found = whole(indicator)
        lines.append(
            Line(
                label=field.label,
                indicator_id=indicator.id,
                breakdown=breakdown_label(indicator, field.breakdown),
                numerator=None if found.empty else found.numerator,
                denominator=found.denominator,
                value=found.value,
                unit=UNIT_LABELS[indicator.unit],
                definition=definition(indicator),
                source=indicator.source,
            )
        )
    return lines


def years_available(today: datetime.date) -> list[int]:
    """The years that have facts, most recent first; last year at least (the survey's year)."""
    first = Fact.objects.order_by("month").values_list("month", flat=True).first()
    start = first.year if first else today.year - 1
    return list(range(today.year, min(start, today.year - 1) - 1, -1))
