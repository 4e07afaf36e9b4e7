"""Monthly facts of the management dashboards (issue 16): the days a stock is read on and the
months a date interval covers. Pure, no Django; shared by the membership and prevention areas.

A stock is read on each month's last day, or on `today` for the current month; a member is in
membership from its joining day (included) to the day it was struck off (excluded).
"""

from __future__ import annotations

import calendar
import datetime
from bisect import bisect_left
from collections.abc import Sequence


def month_end(month: datetime.date) -> datetime.date:
    return month.replace(day=calendar.monthrange(month.year, month.month)[1])


def reading_days(months: Sequence[datetime.date], today: datetime.date) -> list[datetime.date]:
    """The day each month's stock is read on: its last day, `today` for the current month."""
    return [min(month_end(month), today) for month in months]


def covered(
    days: Sequence[datetime.date], start: datetime.date | None, stop: datetime.date | None
) -> range:
    """Indexes of the sorted `days` with start <= day < stop (None: unbounded on that side)."""
    first = 0 if start is None else bisect_left(days, start)
    last = len(days) if stop is None else bisect_left(days, stop)
    return range(first, max(first, last))


def in_membership(
    day: datetime.date, joined_on: datetime.date, left_on: datetime.date | None
) -> bool:
    """A member on `day`: joined on or before it, not struck off on or before it."""
    return joined_on <= day and (left_on is None or left_on > day)


def latest_on_or_before(dates: Sequence[datetime.date], day: datetime.date):
    """The latest of the sorted `dates` on or before `day`, or None."""
    index = bisect_left(dates, day + datetime.timedelta(days=1))
    return dates[index - 1] if index else None


def month_of(day: datetime.date) -> datetime.date:
    return day.replace(day=1)


class Cells:
    """Numerators and denominators summed per (centre, team, month, kind, performer), then
    given as the rows of the dashboards' contract; a cell with a denominator only is kept (a
    ratio of 0 %), `ratio=False` rows carry no denominator."""

    def __init__(self, *, ratio: bool) -> None:
        self.ratio = ratio
        self._sums: dict[tuple, list] = {}

    def add(self, center_id, team_id, month, kind="", *, num=0, den=0, performer="") -> None:
        cell = self._sums.setdefault((center_id, team_id, month, kind, performer), [0, 0])
        cell[0] += num
        cell[1] += den

    def rows(self) -> list[dict]:
        return [
            {
                "center_id": center_id,
                "team_id": team_id,
                "month": month,
                "kind": kind,
                "performer": performer,
                "numerator": num,
                "denominator": den if self.ratio else None,
            }
            for (center_id, team_id, month, kind, performer), (num, den) in self._sums.items()
        ]
