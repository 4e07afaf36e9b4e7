"""Stand-in rules for non-conformities until the plan de contrôle of SPEC 2217 is read.

TO VERIFY: the grading of the plan de contrôle (AFNOR) is not public; these are Qualiopi's
rules, as the domain note asks (offres-pdp-tns-qualite-indicateurs.md, section 3): a minor
non-conformity's action plan is done within 6 months and becomes major if still open at the
next audit; a major one is effective within 3 months, checked before the decision.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from certification.rules.dates import add_months

SOURCE = "règles de substitution (Qualiopi) — à confirmer avec le plan de contrôle SPEC 2217"
MINOR, MAJOR = "minor", "major"
DELAY_MONTHS = {MINOR: 6, MAJOR: 3}  # TO VERIFY: plan de contrôle SPEC 2217


@dataclass(frozen=True)
class Due:
    on: datetime.date
    source: str
    reason: str


def due_on(severity: str, detected_on: datetime.date) -> Due:
    """By when a non-conformity's corrective actions must be done (stand-in, TO VERIFY)."""
    months = DELAY_MONTHS[severity]
    label = "mineure" if severity == MINOR else "majeure"
    return Due(
        add_months(detected_on, months),
        SOURCE,
        f"Non-conformité {label} : actions correctives à réaliser sous {months} mois.",
    )


@dataclass(frozen=True)
class Escalation:
    """What happens to an open non-conformity past its due date."""

    is_late: bool
    new_severity: str
    reason: str


def escalation(
    severity: str, due: datetime.date, today: datetime.date, *, is_closed: bool
) -> Escalation:
    """A late minor NC becomes major (stand-in, TO VERIFY); a late major NC is escalated to the
    direction and stays major; a closed or on-time one is left as it is."""
    if is_closed or today <= due:
        return Escalation(False, severity, "")
    if severity == MINOR:
        return Escalation(
            True, MAJOR, "Non-conformité mineure non soldée à l'échéance : elle devient majeure."
        )
    return Escalation(
        True, MAJOR, "Non-conformité majeure non soldée à l'échéance : signalée à la direction."
    )


def action_is_late(due: datetime.date, done: datetime.date | None, today: datetime.date) -> bool:
    """A corrective action not done by its due date."""
    return done is None and today > due
