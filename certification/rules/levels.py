"""Certification levels and validity (L4622-9-3, décret 2022-1031, arrêté of 27 July 2023).

Level 1 is valid 2 years, level 2 3 years, level 3 5 years; only level 3 is renewable
(arrêté of 27/07/2023; D4622-47-1: a service below 5 years prepares the next level).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from certification.rules.dates import add_months, add_years

ARTICLE = "arrêté du 27 juillet 2023 (SPEC 2217), D4622-47-1"
VALIDITY_YEARS = {1: 2, 2: 3, 3: 5}
ALERT_MONTHS_AHEAD = (12, 6)  # expiry alerts, a service practice (issue 15), not law
LEVELS = (1, 2, 3)


@dataclass(frozen=True)
class Validity:
    """How long a certificate runs, whether it may be renewed, and why."""

    valid_until: datetime.date
    is_renewable: bool
    article: str
    reason: str


def validity(level: int, certified_on: datetime.date) -> Validity:
    """The certificate's end date and renewability for a level obtained on `certified_on`."""
    if level not in VALIDITY_YEARS:
        raise ValueError(f"Niveau de certification inconnu : {level}")
    years = VALIDITY_YEARS[level]
    # The last day of validity is the eve of the anniversary.
    until = add_years(certified_on, years) - datetime.timedelta(days=1)
    renewable = level == 3
    reason = f"Niveau {level} : certificat valable {years} ans" + (
        ", renouvelable." if renewable else ", non renouvelable : viser le niveau supérieur."
    )
    return Validity(until, renewable, ARTICLE, reason)


def alert_dates(valid_until: datetime.date) -> dict[int, datetime.date]:
    """The days the expiry alerts are due: 12 and 6 months before the end of validity."""
    return {months: add_months(valid_until, -months) for months in ALERT_MONTHS_AHEAD}


def alerts_due(
    valid_until: datetime.date, today: datetime.date, already_sent: set[int]
) -> list[int]:
    """Which alerts (in months ahead) are due today and not yet sent; none once expired."""
    if today > valid_until:
        return []
    return [
        months
        for months, on in sorted(alert_dates(valid_until).items(), reverse=True)
        if on <= today and months not in already_sent
    ]
