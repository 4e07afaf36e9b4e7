"""Months and the aggregation of monthly cells into a period's figure."""

from __future__ import annotations

import calendar
from collections.abc import Iterable
from datetime import date
from decimal import Decimal


def add_months(day: date, months: int) -> date:
    """The same day `months` later or earlier, clamped to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def month_end(month: date) -> date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def month_range(first: date, last: date) -> list[date]:
    """First days of the months from `first`'s to `last`'s, both included."""
    month = first.replace(day=1)
    months = []
    while month <= last:
        months.append(month)
        month = add_months(month, 1)
    return months


def ratio(numerator: Decimal | int, denominator: Decimal | int | None) -> Decimal | None:
    """A percentage with one decimal; None when the denominator is empty or zero."""
    if not denominator:
        return None
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(Decimal("0.1"))


def histogram_median(counts: Iterable[tuple[int, int | Decimal]]) -> Decimal | None:
    """The median of values given as (value, how many cases): the middle case, or the mean of
    the two middle cases for an even count. [(3, 2), (10, 1)] → 3; [(2, 1), (5, 1)] → 3.5."""
    pairs = sorted((value, int(n)) for value, n in counts if n)
    total = sum(n for _, n in pairs)
    if not total:
        return None
    middle = [(total - 1) // 2, total // 2]  # 0-based ranks of the middle case(s)
    found = []
    seen = 0
    for value, n in pairs:
        for rank in middle:
            if seen <= rank < seen + n:
                found.append(value)
        seen += n
    return Decimal(sum(found)) / len(found)
