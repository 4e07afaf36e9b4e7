"""DUERP obligations by headcount (R4121-2, L4121-3-1) and the 40-year keeping (R4121-4)."""

from datetime import date

from prevention.rules.dates import add_years

PAPRIPACT_HEADCOUNT = 50  # L4121-3-1: a yearly programme from 50 workers
YEARLY_UPDATE_HEADCOUNT = 11  # R4121-2: a yearly update from 11 workers
KEEP_YEARS = 40  # L4121-3-1 (décret 2022-395): successive versions kept at least 40 years


def needs_papripact(headcount: int) -> bool:
    """50 workers or more: a PAPRIPACT (action, cost, owner, deadline, indicator)."""
    return headcount >= PAPRIPACT_HEADCOUNT


def yearly_update_required(headcount: int) -> bool:
    """11 workers or more: the DUERP is updated at least once a year (R4121-2)."""
    return headcount >= YEARLY_UPDATE_HEADCOUNT


def keep_until(published_on: date) -> date:
    return add_years(published_on, KEEP_YEARS)


def update_due(last_published_on: date | None, headcount: int) -> date | None:
    """The next yearly update for 11+ workers, or None (no yearly obligation / never published)."""
    if last_published_on is None or not yearly_update_required(headcount):
        return None
    return add_years(last_published_on, 1)
