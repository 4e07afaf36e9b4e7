"""Reading the monthly facts into figures: a period's value, its months, its breakdowns.

A few aggregate queries over the small `Fact` table, never over the domains' large tables.
"""

from __future__ import annotations

import datetime
import hashlib
import threading
from collections import OrderedDict, defaultdict
from dataclasses import dataclass
from decimal import Decimal

from django.core.cache import cache

from dashboards import selectors_reference as reference
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


def _figure(indicator: Indicator, numerator, denominator, histogram=None) -> Figure:
    numerator = numerator or Decimal(0)
    if indicator.aggregation == "histogram":
        return Figure(numerator, None, histogram_median(histogram or []))
    if indicator.is_ratio:
        return Figure(numerator, denominator, ratio(numerator, denominator))
    return Figure(numerator, denominator, numerator)


def share_of_cases(part: Figure, cases: Decimal | None) -> Figure:
    """One kind of an indicator whose kinds sort its cases (`kinds_split_cases`: an outcome, a
    follow-up): its number of cases (the kind's denominator) out of all the cases, not the
    kind's own ratio (every case of an outcome has that outcome: 100 %)."""
    count = part.denominator or Decimal(0)
    return Figure(count, cases, ratio(count, cases))


CACHE_SECONDS = 24 * 3600  # a day at most: the nightly run makes a new key anyway
_COLUMNS = ("month", "kind", "performer", "team_id", "center_id", "numerator", "denominator")


@dataclass
class _Cell:
    month: datetime.date
    kind: str
    performer: str
    team_id: int | None
    center_id: int
    numerator: Decimal
    denominator: Decimal | None


# The sets this process read last, with what they added up: a page read again before the next
# computation neither unpickles its cells from the cache nor adds them up again (that was most
# of a dashboard request). Same key as the cache (a new run is a new key), bounded.
_KEPT_SETS = 64
_kept: OrderedDict[tuple, FactSet] = OrderedDict()
_kept_lock = threading.Lock()


class FactSet:
    """The facts of some indicators over a selection, read in ONE query, then added up in
    memory: a page of twenty indicators with their months and breakdowns costs one query (the
    Fact table holds a few thousand cells a year for the whole service). Each total, series
    and breakdown is added up once per set (the set is immutable once read)."""

    def __init__(self, cells: dict[str, list[_Cell]]):
        self._cells = cells
        self._sums: dict[tuple, object] = {}

    def _memo(self, key: tuple, compute):
        found = self._sums.get(key)
        if found is None:
            found = self._sums[key] = compute()
        return found

    @classmethod
    def load(
        cls, indicators: list[Indicator], selection: Selection, *, run: FactRun | None = None
    ) -> FactSet:
        """With `run` (the last finished computation), the cells are kept in the cache until
        the next one: facts change only when they are computed again, and a new run is a new
        key. Without it, always read."""
        if run is None:
            return cls(cls._query(indicators, selection))
        key = (
            "dashboards:facts:"
            + hashlib.sha256(
                repr((run.pk, sorted(i.id for i in indicators), selection)).encode()
            ).hexdigest()
        )
        kept_key = (key, run.finished_at)
        with _kept_lock:
            found = _kept.get(kept_key)
            if found is not None:
                _kept.move_to_end(kept_key)
                return found
        cells = cache.get(key)
        if cells is None:
            cells = cls._query(indicators, selection)
            cache.set(key, cells, CACHE_SECONDS)
        found = cls(cells)
        with _kept_lock:
            _kept[kept_key] = found
            while len(_kept) > _KEPT_SETS:
                _kept.popitem(last=False)
        return found

    @staticmethod
    def _query(indicators: list[Indicator], selection: Selection) -> dict[str, list[_Cell]]:
        facts = Fact.objects.filter(
            indicator__in=[i.id for i in indicators],
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
        cells: dict[str, list[_Cell]] = defaultdict(list)
        for indicator_id, *values in facts.values_list("indicator", *_COLUMNS).order_by():
            cells[indicator_id].append(_Cell(*values))
        return dict(cells)

    def _read(self, indicator: Indicator) -> list[_Cell]:
        """The cells a period reads: a stock's last month only."""
        cells = self._cells.get(indicator.id, [])
        if indicator.aggregation == "stock" and cells:
            last = max(cell.month for cell in cells)
            cells = [cell for cell in cells if cell.month == last]
        return cells

    @staticmethod
    def _add(indicator: Indicator, cells: list[_Cell]) -> Figure:
        if not cells:
            return EMPTY
        if indicator.aggregation == "histogram":
            counts: dict[int, Decimal] = defaultdict(Decimal)
            for cell in cells:
                counts[int(cell.kind)] += cell.numerator
            return _figure(indicator, sum(counts.values()), None, list(counts.items()))
        numerator = sum((cell.numerator for cell in cells), Decimal(0))
        denominators = [cell.denominator for cell in cells if cell.denominator is not None]
        return _figure(indicator, numerator, sum(denominators) if denominators else None)

    def figure(self, indicator: Indicator) -> Figure:
        return self._memo(
            ("figure", indicator.id), lambda: self._add(indicator, self._read(indicator))
        )

    def series(self, indicator: Indicator, months: list[datetime.date]):
        key = ("series", indicator.id, tuple(months))
        return list(self._memo(key, lambda: self._series(indicator, months)))

    def _series(self, indicator: Indicator, months: list[datetime.date]):
        by_month: dict[datetime.date, list[_Cell]] = defaultdict(list)
        for cell in self._cells.get(indicator.id, []):
            by_month[cell.month].append(cell)
        return tuple((month, self._add(indicator, by_month.get(month, []))) for month in months)

    def breakdown(self, indicator: Indicator, by: str) -> list[tuple[object, Figure]]:
        return list(
            self._memo(("breakdown", indicator.id, by), lambda: self._breakdown(indicator, by))
        )

    def _breakdown(self, indicator: Indicator, by: str) -> tuple[tuple[object, Figure], ...]:
        if indicator.aggregation == "histogram" and by == "kind":
            return ()
        groups: dict[object, list[_Cell]] = defaultdict(list)
        for cell in self._read(indicator):
            groups[getattr(cell, by)].append(cell)
        found = [(key, self._add(indicator, cells)) for key, cells in groups.items()]
        return tuple(
            sorted(
                found,
                key=lambda pair: (-(pair[1].denominator or pair[1].numerator), str(pair[0])),
            )
        )


def figure(indicator: Indicator, selection: Selection) -> Figure:
    """The indicator over the whole selection (one query)."""
    return FactSet.load([indicator], selection).figure(indicator)


def series(indicator: Indicator, selection: Selection) -> list[tuple[datetime.date, Figure]]:
    """The indicator month by month over the selection (one query)."""
    return FactSet.load([indicator], selection).series(indicator, selection.months)


def breakdown(indicator: Indicator, selection: Selection, by: str) -> list[tuple[object, Figure]]:
    """The indicator per `by` ("kind", "performer", "team_id" or "center_id"), biggest first."""
    return FactSet.load([indicator], selection).breakdown(indicator, by)


def last_run() -> FactRun | None:
    """The last finished computation, kept in the cache until a run is saved (see
    selectors_reference.py). Read where the facts are read (the replica when there is one): the
    run and its facts agree."""
    return reference.cached(
        reference.LAST_RUN,
        lambda: FactRun.objects.filter(finished_at__isnull=False).first(),
        reference.REPLICA_SECONDS,
    )
