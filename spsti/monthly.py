"""Monthly counts for the management indicators, in one grouped query over a range of months.

The area apps count their own objects for the dashboards (issue 16) without importing them: each
gives a queryset, the expressions of a cell (centre, team, breakdown) and either the day an
object counts on (a flow: the month's events) or the test of "open on a day" (a stock: the state
on the month's last day, on `today` for the current month). One query for the whole range,
whatever the number of months, centres or teams; rows are plain dicts (see
dashboards.facts.selectors_sources for their shape).
"""

from __future__ import annotations

import calendar
import datetime
from collections.abc import Callable, Iterator, Sequence
from functools import reduce
from operator import or_

from django.db.models import Count, DateField, Expression, F, Q, QuerySet, Value
from django.db.models.functions import TruncMonth

# The keys of a cell, in the order of the dashboards' Fact.
CELL = ("center_id", "team_id", "kind", "performer")


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later or earlier, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return datetime.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(day: datetime.date) -> datetime.date:
    return day.replace(day=calendar.monthrange(day.year, day.month)[1])


def stock_day(month: datetime.date, today: datetime.date) -> datetime.date:
    """The day a month's stock is read on: its last day, or `today` for the current month."""
    return min(month_end(month), today)


def month_of(field: str) -> TruncMonth:
    """The first day of the month of a date or date-time field (local time)."""
    return TruncMonth(field, output_field=DateField())


def _expression(value) -> Expression:
    if value is None:
        return Value(None)
    if isinstance(value, str):
        return F(value)
    return value


def _cell(row: dict, month: datetime.date) -> dict:
    kind = row.get("cell_kind")
    return {
        "center_id": row["cell_center_id"],
        "team_id": row.get("cell_team_id"),
        "month": month,
        "kind": "" if kind is None else str(kind),
        "performer": row.get("cell_performer") or "",
    }


def _annotated(queryset: QuerySet, cell: dict) -> tuple[QuerySet, list[str]]:
    unknown = set(cell) - set(CELL)
    if unknown or "center_id" not in cell:
        raise ValueError(f"a cell needs center_id and only {CELL}: {sorted(cell)}")
    names = {f"cell_{key}": _expression(value) for key, value in cell.items()}
    return queryset.annotate(**names), list(names)


def flow(
    queryset: QuerySet,
    *,
    months: Sequence[datetime.date],
    month: Expression,
    cell: dict,
    numerator=None,
    denominator=None,
    shift: int = 0,
) -> Iterator[dict]:
    """One row per cell and month: `numerator` (default: the number of objects) and
    `denominator` (None when not given), grouped by `month` (an expression giving the first day
    of the object's month, e.g. `month_of("received_on")`). The queryset must already be
    narrowed to the range (see `span`). `shift` moves an object's month forward (a cohort
    closed in May counts at 6 months in November: shift=6)."""
    annotated, names = _annotated(queryset, cell)
    aggregates = {"cell_n": numerator if numerator is not None else Count("pk")}
    if denominator is not None:
        aggregates["cell_d"] = denominator
    rows = annotated.annotate(cell_month=month).values(*names, "cell_month")
    wanted = set(months)
    for row in rows.annotate(**aggregates).order_by():
        at = add_months(row["cell_month"], shift) if shift else row["cell_month"]
        if at not in wanted:
            continue
        yield {
            **_cell(row, at),
            "numerator": row["cell_n"] or 0,
            "denominator": (row["cell_d"] or 0) if denominator is not None else None,
        }


def span(months: Sequence[datetime.date], shift: int = 0) -> tuple[datetime.date, datetime.date]:
    """The first and last days of the months (moved back `shift` months), for a flow's filter."""
    return add_months(months[0], -shift), month_end(add_months(months[-1], -shift))


def stock(
    queryset: QuerySet,
    *,
    months: Sequence[datetime.date],
    today: datetime.date,
    open_on: Callable[[datetime.date], Q],
    cell: dict,
) -> Iterator[dict]:
    """One row per cell and month: how many objects were open on the month's stock day
    (`open_on(day)` says which). A cell open in one month of the range gets a row in every
    month, zero when empty, so that a period's last month is always read."""
    days = [stock_day(m, today) for m in months]
    annotated, names = _annotated(queryset.filter(reduce(or_, [open_on(d) for d in days])), cell)
    aggregates = {f"cell_m{i}": Count("pk", filter=open_on(day)) for i, day in enumerate(days)}
    for row in annotated.values(*names).annotate(**aggregates).order_by():
        for i, month in enumerate(months):
            yield {**_cell(row, month), "numerator": row[f"cell_m{i}"], "denominator": None}
