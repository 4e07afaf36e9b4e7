"""Calendar helpers of the rules: month arithmetic clamped to the month's end, French dates."""

import calendar
import re
from datetime import date
from functools import cache

_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def add_months(day: date, months: int) -> date:
    """The same day ``months`` later (or earlier); a missing day falls on the month's last day.

    Hire on 31/10 + 3 months → 31/01; 30/11 + 3 months → 28/02 (29/02 in a leap year).
    """
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    if day.day <= 28:  # every month has it (calendar.monthrange computes a weekday too)
        return date(year, month, day.day)
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def age_on(birth_date: date, day: date) -> int:
    """Age in whole years on ``day``; someone born on 29/02 turns a year older on 01/03."""
    before_birthday = (day.month, day.day) < (birth_date.month, birth_date.day)
    return day.year - birth_date.year - before_birthday


def days_inclusive(first: date, last: date) -> int:
    """Number of calendar days from ``first`` to ``last``, both counted."""
    return (last - first).days + 1


@cache  # a pure function of a few thousand distinct days: the weekly pass formats millions
def french(day: date) -> str:
    """A date as the reasons print it: dd/mm/yyyy."""
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"


def parse_iso(text: str) -> date | None:
    """A strict YYYY-MM-DD date, or None (``date.fromisoformat`` alone accepts other forms)."""
    if not _ISO_DATE.fullmatch(text):
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None
