"""Certification levels and validity (L4622-9-3, décret 2022-1031, arrêté of 27 July 2023).

Level 1 is valid 2 years, level 2 3 years, level 3 5 years; only level 3 is renewable
(arrêté of 27/07/2023; D4622-47-1: a service below 5 years prepares the next level).

TO VERIFY (domain note, section 3): the transitional level of an SPSTI created after
23 July 2022. It is not modelled here: every service follows the same levels.
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


@dataclass(frozen=True)
class Succession:
    """Whether a certificate may follow the service's previous one, and why."""

    allowed: bool
    article: str
    reason: str


def may_follow(previous: int | None, level: int) -> Succession:
    """Only level 3 is renewable: after a level 1 or 2 certificate, the next one is of a higher
    level; after a level 3, level 3 again. The first certificate may be of any level.
    TO VERIFY: a level 3 followed by a lower level (the texts read so far say nothing of it) is
    not refused."""
    for value in (previous, level):
        if value is not None and value not in VALIDITY_YEARS:
            raise ValueError(f"Niveau de certification inconnu : {value}")
    if previous is None:
        return Succession(True, ARTICLE, "Premier certificat : tout niveau.")
    if previous == 3 or level > previous:
        return Succession(True, ARTICLE, f"Niveau {level} après un niveau {previous}.")
    higher = " ou ".join(str(n) for n in LEVELS if n > previous)
    return Succession(
        False,
        ARTICLE,
        f"Un certificat de niveau {previous} n'est pas renouvelable : le certificat suivant "
        f"doit être de niveau {higher}, pas de niveau {level} (art. D4622-47-1 du code du "
        "travail ; arrêté du 27 juillet 2023 : seul le niveau 3 est renouvelable).",
    )


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
