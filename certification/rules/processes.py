"""Yearly review of each process of the map (seed 001: "revue de processus tous les 12 mois")."""

from __future__ import annotations

import datetime

from certification.rules.dates import add_months

REVIEW_EVERY_MONTHS = 12  # a service practice (seed 001), not law


def next_review_on(
    last_reviewed_on: datetime.date | None, created_on: datetime.date
) -> datetime.date:
    """A process is reviewed 12 months after its last review, or after its creation."""
    return add_months(last_reviewed_on or created_on, REVIEW_EVERY_MONTHS)


def review_is_late(next_on: datetime.date, today: datetime.date) -> bool:
    return today > next_on
