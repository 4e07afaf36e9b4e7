"""Calendar arithmetic shared by the certification rules (stdlib only)."""

from __future__ import annotations

import calendar
import datetime


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later (or earlier), clamped to the month's end (31/08 + 6 = 28/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return datetime.date(year, month, min(day.day, last))


def add_years(day: datetime.date, years: int) -> datetime.date:
    """The same day `years` later; 29 February falls on 28 February."""
    return add_months(day, 12 * years)
