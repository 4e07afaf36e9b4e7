"""The self-employed affiliation: one year at least, never renewed tacitly.

- Any self-employed worker (book VI of the social security code) may join the SPSTI of their
  choice (art. L4621-3); heads of member companies may use the offer made to employees
  (art. L4621-4, in force 31 March 2022). Agricultural self-employed belong to the MSA (TO VERIFY).
- The affiliation is made for at least one year and is not renewed tacitly (art. D4622-27-3):
  end ≥ start + 1 year, the end day included, so the shortest period ends on the first
  anniversary of the start (01/03/2026 → 01/03/2027; 29/02/2028 → 28/02/2029, the 29 February
  falling on the 28th as in every rule of the project). Access is open on the end day and closes
  the day after; only an explicit renewal opens a new period, starting the day after the end
  (no gap, no overlap: 02/03/2027 → 02/03/2028).
- Reminders before the end: 60 and 15 days (the offer's choice, not the law).
"""

import calendar
from dataclasses import dataclass
from datetime import date, timedelta

MIN_YEARS = 1
REMINDER_DAYS = (60, 15)
LEGAL_BASIS = "art. D4622-27-3 du code du travail"


def add_years(day: date, years: int) -> date:
    """Same day ``years`` later; 29/02 falls on 28/02 of a common year."""
    year = day.year + years
    return date(year, day.month, min(day.day, calendar.monthrange(year, day.month)[1]))


def add_months(day: date, months: int) -> date:
    """Same day ``months`` later, clamped to the month's end (31/01 + 1 → 28/02)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def minimum_end(start: date, years: int = MIN_YEARS) -> date:
    """Last day (included) of the shortest allowed affiliation: the anniversary of the start,
    end ≥ start + 1 year (D4622-27-3)."""
    return add_years(start, years)


def check_period(start: date, end: date) -> list[str]:
    """French messages for a period the law refuses (empty when allowed)."""
    shortest = minimum_end(start)
    if end < shortest:
        return [
            f"l'affiliation dure au moins un an : fin au plus tôt le {french(shortest)} pour un "
            f"début le {french(start)} ({LEGAL_BASIS})"
        ]
    return []


def is_open(start: date, end: date, today: date) -> bool:
    """Access to the offer: from the start to the end, both included; closed after."""
    return start <= today <= end


def reminder_dates(end: date) -> dict[int, date]:
    """The reminder day for each lead time (days before the end)."""
    return {days: end - timedelta(days=days) for days in REMINDER_DAYS}


def reminders_due(end: date, today: date, sent: frozenset[int]) -> list[int]:
    """Lead times whose reminder is due today or overdue (and not sent yet), longest first.

    A reminder missed by the daily task (server down) is still sent later, before the end.
    """
    if today > end:
        return []
    return [
        days
        for days, day in sorted(reminder_dates(end).items(), reverse=True)
        if day <= today and days not in sent
    ]


@dataclass(frozen=True)
class Renewal:
    start: date
    end: date


def renewal_period(previous_end: date, today: date, years: int = MIN_YEARS) -> Renewal:
    """The period an explicit renewal opens: from the day after the end (or today if already
    over), the previous end day being still covered by the previous period, to its own
    anniversary."""
    start = max(previous_end + timedelta(days=1), today)
    return Renewal(start=start, end=minimum_end(start, years))


def french(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"
