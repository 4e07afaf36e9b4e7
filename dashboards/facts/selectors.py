"""Reading the monthly facts into figures: a period's value, its months, its breakdowns.

A few aggregate queries over the small `Fact` table, never over the domains' large tables.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q, QuerySet, Sum

from dashboards.catalogue.selectors import Indicator
from dashboards.facts.models import Fact, FactRun
from dashboards.rules.periods import histogram_median, month_range, ratio


@dataclass(frozen=True)
class Selection:
    """What the reader filters on, already narrowed to his or her scope."""

    center_ids: frozenset[int]
    team_ids: frozenset[int] | None  # None: every team of the centres, and centre-level facts
    start: datetime.date  # first day of the first month
    end: datetime.date  # first day of the last month
    performer: str = ""
    kind: str = ""

    @property
    def months(self) -> list[datetime.date]:
        return month_range(self.start, self.end)


@dataclass(frozen=True)
class Figure:
    numerator: Decimal
    denominator: Decimal | None
    value: Decimal | None  # the percentage, the count, the amount or the median

    @property
    def empty(self) -> bool:
        return self.value is None


EMPTY = Figure(Decimal(0), None, None)


def _facts(indicator: Indicator, selection: Selection) -> QuerySet:
    facts = Fact.objects.filter(
        indicator=indicator.id,
        center_id__in=selection.center_ids,
        month__gte=selection.start,
        month__lte=selection.end,
    )
    if selection.team_ids is not None:
        facts = facts.filter(team_id__in=selection.team_ids)
    if selection.performer:
        facts = facts.filter(performer=selection.performer)
    if selection.kind:
        facts = facts.filter(kind=selection.kind)
    return facts


def _figure(indicator: Indicator, numerator, denominator, histogram=None) -> Figure:
    numerator = numerator or Decimal(0)
    if indicator.aggregation == "histogram":
        return Figure(numerator, None, histogram_median(histogram or []))
    if indicator.is_ratio:
        return Figure(numerator, denominator, ratio(numerator, denominator))
    return Figure(numerator, denominator, numerator)


def _last_month(indicator: Indicator, facts: QuerySet) -> datetime.date | None:
    """A stock is read on the period's last computed month."""
    return facts.order_by("-month").values_list("month", flat=True).first()


def figure(indicator: Indicator, selection: Selection) -> Figure:
    """The indicator over the whole selection (2 queries at most)."""
    facts = _facts(indicator, selection)
    if indicator.aggregation == "stock":
        last = _last_month(indicator, facts)
        if last is None:
            return EMPTY
        facts = facts.filter(month=last)
    if indicator.aggregation == "histogram":
        rows = list(facts.values("kind").annotate(n=Sum("numerator")).order_by())
        cases = [(int(r["kind"]), r["n"]) for r in rows]
        return _figure(indicator, sum(n for _, n in cases), None, cases)
    sums = facts.aggregate(n=Sum("numerator"), d=Sum("denominator"))
    if sums["n"] is None:
        return EMPTY
    return _figure(indicator, sums["n"], sums["d"])


def series(indicator: Indicator, selection: Selection) -> list[tuple[datetime.date, Figure]]:
    """The indicator month by month over the selection (one query)."""
    facts = _facts(indicator, selection)
    by_month: dict[datetime.date, Figure] = {}
    if indicator.aggregation == "histogram":
        cases: dict[datetime.date, list] = defaultdict(list)
        for row in facts.values("month", "kind").annotate(n=Sum("numerator")).order_by():
            cases[row["month"]].append((int(row["kind"]), row["n"]))
        for month, pairs in cases.items():
            by_month[month] = _figure(indicator, sum(n for _, n in pairs), None, pairs)
    else:
        rows = facts.values("month").annotate(n=Sum("numerator"), d=Sum("denominator")).order_by()
        for row in rows:
            by_month[row["month"]] = _figure(indicator, row["n"], row["d"])
    return [(month, by_month.get(month, EMPTY)) for month in selection.months]


def breakdown(indicator: Indicator, selection: Selection, by: str) -> list[tuple[object, Figure]]:
    """The indicator per `by` ("kind", "performer", "team_id" or "center_id"), biggest first."""
    facts = _facts(indicator, selection)
    if indicator.aggregation == "stock":
        last = _last_month(indicator, facts)
        if last is None:
            return []
        facts = facts.filter(month=last)
    if indicator.aggregation == "histogram":
        if by == "kind":
            return []
        cases: dict[object, list] = defaultdict(list)
        for row in facts.values(by, "kind").annotate(n=Sum("numerator")).order_by():
            cases[row[by]].append((int(row["kind"]), row["n"]))
        found = [
            (key, _figure(indicator, sum(n for _, n in p), None, p)) for key, p in cases.items()
        ]
    else:
        rows = facts.values(by).annotate(n=Sum("numerator"), d=Sum("denominator")).order_by()
        found = [(row[by], _figure(indicator, row["n"], row["d"])) for row in rows]
    return sorted(
        found, key=lambda pair: (-(pair[1].denominator or pair[1].numerator), str(pair[0]))
    )


def last_run() -> FactRun | None:
    return FactRun.objects.filter(finished_at__isnull=False).first()


def has_centre_level(indicator: Indicator, selection: Selection) -> bool:
    """Whether the indicator's facts are kept for whole centres only (no team)."""
    return Fact.objects.filter(
        Q(team__isnull=True), indicator=indicator.id, center_id__in=selection.center_ids
    ).exists()
