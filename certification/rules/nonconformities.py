"""Stand-in rules for non-conformities until the plan de contrôle of SPEC 2217 is read.

TO VERIFY: the grading of the plan de contrôle (AFNOR) is not public; these are Qualiopi's
rules, as the domain note asks (offres-pdp-tns-qualite-indicateurs.md, section 3): "minor →
action plan done within 6 months, checked at next audit, becomes major if open; major →
effective within 3 months, checked before the decision".

So a non-conformity past its due date is late (the quality manager and the direction are told),
and being late never changes its severity: a minor one becomes major only at the next audit
held after its detection, if it is still open when that audit begins.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from certification.rules.dates import add_months

SOURCE = "règles de substitution (Qualiopi) — à confirmer avec le plan de contrôle SPEC 2217"
MINOR, MAJOR = "minor", "major"
DELAY_MONTHS = {MINOR: 6, MAJOR: 3}  # TO VERIFY: plan de contrôle SPEC 2217
# The audits that check the register's open minor non-conformities: the certification audits
# (Audit.kind "external"), the audits of the certifier whose grading these rules stand in for.
# Internal and cross audits are the service's own checks and grade nothing. TO VERIFY with the
# plan de contrôle SPEC 2217 (whether, and which, other audits count).
CHECKING_AUDIT_KINDS = ("external",)
LABELS = {MINOR: "mineure", MAJOR: "majeure"}


@dataclass(frozen=True)
class Due:
    on: datetime.date
    source: str
    reason: str


def due_on(severity: str, detected_on: datetime.date) -> Due:
    """By when a non-conformity's corrective actions must be done (stand-in, TO VERIFY)."""
    months = DELAY_MONTHS[severity]
    return Due(
        add_months(detected_on, months),
        SOURCE,
        f"Non-conformité {LABELS[severity]} : actions correctives à réaliser sous {months} mois.",
    )


@dataclass(frozen=True)
class Lateness:
    """Whether an open non-conformity is past its due date. Lateness is an alert for the
    quality manager (and the direction): it never changes the severity."""

    is_late: bool
    reason: str


def lateness(
    severity: str, due: datetime.date, today: datetime.date, *, is_closed: bool
) -> Lateness:
    """Late: still open the day after its due date (the due day itself is on time)."""
    if is_closed or today <= due:
        return Lateness(False, "")
    if severity == MINOR:
        return Lateness(
            True,
            f"Non-conformité mineure non soldée à l'échéance du {due:%d/%m/%Y} : en retard. "
            "Elle reste mineure ; encore ouverte au prochain audit de certification, elle "
            "deviendra majeure.",
        )
    return Lateness(
        True,
        f"Non-conformité majeure non soldée à l'échéance du {due:%d/%m/%Y} : en retard.",
    )


def is_open_on(closed_on: datetime.date | None, day: datetime.date) -> bool:
    """Open at the start of `day`: not closed, or closed that day or later."""
    return closed_on is None or closed_on >= day


@dataclass(frozen=True)
class AuditCheck:
    """What an audit does to a non-conformity: whether it is an audit that checks it (held
    after its detection, of a kind that grades), and the severity it leaves it with."""

    checks: bool
    new_severity: str
    reason: str


def at_audit(
    severity: str,
    detected_on: datetime.date,
    closed_on: datetime.date | None,
    *,
    audit_kind: str,
    audit_starts_on: datetime.date,
) -> AuditCheck:
    """A minor non-conformity still open when an audit held after its detection begins
    becomes major at that audit (stand-in, TO VERIFY). An audit begun on or before the day of
    its detection does not check it; one closed before the audit's first day stays minor."""
    if audit_kind not in CHECKING_AUDIT_KINDS:
        return AuditCheck(False, severity, "")
    if audit_starts_on <= detected_on:
        return AuditCheck(False, severity, "")
    if not is_open_on(closed_on, audit_starts_on):
        return AuditCheck(True, severity, "Soldée avant l'audit.")
    if severity == MINOR:
        return AuditCheck(
            True,
            MAJOR,
            "Non-conformité mineure encore ouverte à l'audit de certification commencé le "
            f"{audit_starts_on:%d/%m/%Y} : elle devient majeure ({SOURCE}).",
        )
    return AuditCheck(True, severity, "Non-conformité majeure encore ouverte à l'audit.")


def action_is_late(due: datetime.date, done: datetime.date | None, today: datetime.date) -> bool:
    """A corrective action not done by its due date."""
    return done is None and today > due
