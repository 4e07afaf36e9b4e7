"""The yearly workforce declaration: when a member may declare, when it is late, reminders.

The employer sends its service, every year, the number and the follow-up category of the
workers it must follow (Code du travail, D4622-22: the document is "mis à jour chaque année";
TO VERIFY: exact wording of the 2022 version). The law sets no calendar: the campaign's opening
and closing dates are the service's (règlement intérieur), set each year by the member service.

Our rule, as the service runs it (seed 002: files returned incomplete, declarations chased):
- before the opening date, nothing can be declared (the figures would be last year's);
- between opening and closing (both included), the declaration is on time;
- after closing, a declaration is still accepted (the cotisation needs it) but flagged late.
"""

from __future__ import annotations

import datetime
from enum import StrEnum


class Window(StrEnum):
    NOT_OPEN = "not_open"
    OPEN = "open"
    LATE = "late"


def campaign_window(
    today: datetime.date, opens_on: datetime.date, closes_on: datetime.date
) -> Window:
    """Where `today` stands in the campaign: not open yet, open, or past closing (late)."""
    if today < opens_on:
        return Window.NOT_OPEN
    if today <= closes_on:
        return Window.OPEN
    return Window.LATE


def current_campaign_year(
    campaigns: list[tuple[int, datetime.date, datetime.date]], today: datetime.date
) -> int | None:
    """Which campaign (year, opens_on, closes_on) members work on today, by its year.

    The latest opened one while it is open; once it is closed, the next campaign as soon as its
    year has begun (so that « ouvre le … » is said, and a declaration refused, until it opens);
    until then the closed one, still taking late declarations; else the next one to open.
    """
    opened = [c for c in campaigns if c[1] <= today]
    latest = max(opened, default=None)
    later = sorted(
        (c for c in campaigns if c[1] > today and (latest is None or c[0] > latest[0])),
        key=lambda c: c[1],
    )
    upcoming = later[0] if later else None
    if latest is not None and campaign_window(today, latest[1], latest[2]) is Window.OPEN:
        return latest[0]
    if upcoming is not None and (latest is None or upcoming[0] <= today.year):
        return upcoming[0]
    return latest[0] if latest is not None else None


def is_late(submitted_on: datetime.date, closes_on: datetime.date) -> bool:
    """A first declaration submitted after the closing day is flagged « hors délai »."""
    return submitted_on > closes_on


def reminder_due(
    today: datetime.date,
    opens_on: datetime.date,
    closes_on: datetime.date,
    reminder_days: list[int] | tuple[int, ...],
) -> bool:
    """True on the days the campaign says to remind: closes_on - today in reminder_days (J-n),
    while the campaign is open (J-0 is the closing day itself)."""
    if campaign_window(today, opens_on, closes_on) is not Window.OPEN:
        return False
    return (closes_on - today).days in set(reminder_days)


def parse_reminder_days(text: str) -> list[int]:
    """ "30, 15 ; 7" -> [30, 15, 7] (sorted, distinct); ValueError with a French message."""
    cleaned = text.replace(";", ",").replace(" ", ",")
    days: set[int] = set()
    for part in filter(None, cleaned.split(",")):
        if not (part.isascii() and part.isdigit()):  # isdigit() alone takes "²"
            raise ValueError(
                f"« {part} » n'est pas un nombre de jours : saisissez par exemple 30, 15, 7."
            )
        day = int(part)
        if day > 365:
            raise ValueError("Une relance se fait au plus 365 jours avant la clôture.")
        days.add(day)
    return sorted(days, reverse=True)
