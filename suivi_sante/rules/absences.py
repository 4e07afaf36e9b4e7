"""Visits around a work stoppage: pré-reprise during it, reprise after it (R4624-29 to -31)."""

from collections.abc import Sequence
from datetime import date, timedelta

from suivi_sante.rules import law
from suivi_sante.rules.dates import days_inclusive, french
from suivi_sante.rules.delegation import performers_for
from suivi_sante.rules.facts import Absence, Due, EmploymentFacts, PastVisit
from suivi_sante.rules.followup import bounded
from suivi_sante.rules.kinds import AbsenceCause, VisitKind


def absence_visits(
    *,
    today: date,
    employment: EmploymentFacts,
    history: Sequence[PastVisit],
    absences: Sequence[Absence],
) -> list[Due]:
    """Reprise and pré-reprise visits owed for the absences from this post."""
    due = []
    for absence in absences:
        if absence.end is not None and absence.end < employment.start_date:
            continue  # a stoppage before the post began is not an absence from it
        for visit in (
            reprise_visit(employment, history, absence),
            pre_reprise_visit(today, employment, history, absence),
        ):
            if visit is not None:
                due.append(visit)
    return due


def reprise_threshold_days(absence: Absence) -> int:
    """Minimum length of the absence that calls for a visite de reprise (R4624-31).

    Décret 2022-372 raised the threshold for non-occupational illness from 30 to 60 days for
    absences starting after 31 March 2022; an absence that started earlier keeps 30 days.
    """
    if absence.cause is AbsenceCause.MALADIE and absence.start < law.ILLNESS_REFORM_ON:
        return law.ILLNESS_THRESHOLD_BEFORE_REFORM_DAYS
    return law.REPRISE_THRESHOLD_DAYS[absence.cause]


def reprise_visit(
    employment: EmploymentFacts, history: Sequence[PastVisit], absence: Absence
) -> Due | None:
    """Visite de reprise on the day of return and at the latest 8 days after (R4624-31, its
    last paragraph holds the 8-day delay).

    The return is the day after the absence's last day. A REPRISE counts when held on or after
    that day: one dated during the absence is not a return visit. A missed reprise stays listed,
    overdue, since the contract stays suspended until it is held.
    """
    if absence.end is None:
        return None
    returns_on = absence.end + timedelta(days=1)
    length = days_inclusive(absence.start, absence.end)
    threshold = reprise_threshold_days(absence)
    if length < threshold or not employment.is_employed_on(returns_on):
        return None
    if any(v.kind is VisitKind.REPRISE and v.date >= returns_on for v in history):
        return None
    due_date, clamp = bounded(returns_on + timedelta(days=law.REPRISE_DELAY_DAYS), employment)
    if threshold == 1:
        rule = "quelle que soit sa durée"
    elif absence.cause is AbsenceCause.MALADIE and absence.start < law.ILLNESS_REFORM_ON:
        rule = f"seuil de {threshold} jours pour un arrêt commencé avant le 01/04/2022"
    else:
        rule = f"seuil de {threshold} jours"
    reason = (
        f"Visite de reprise le jour de la reprise du travail, le {french(returns_on)}, et au "
        f"plus tard le {french(due_date)} : {law.ABSENCE_LABELS[absence.cause]} du "
        f"{french(absence.start)} au {french(absence.end)}, {_days(length)}, {rule} "
        f"(art. R4624-31, décret 2022-372){clamp}"
    )
    return Due(VisitKind.REPRISE, due_date, performers_for(VisitKind.REPRISE), "R4624-31", reason)


def pre_reprise_visit(
    today: date, employment: EmploymentFacts, history: Sequence[PastVisit], absence: Absence
) -> Due | None:
    """Visite de pré-reprise, possible now, during an absence of more than 30 days (R4624-29).

    Reading that protects the worker: the absence qualifies when it has lasted more than 30
    days on ``today``, or when its planned end already makes it longer than 30 days. It is held
    on request of the worker, the treating physician, the medical adviser or the physician.
    """
    if absence.start > today or not employment.is_employed_on(today):
        return None
    if absence.end is not None and absence.end < today:
        return None  # the worker is back: a reprise, not a pré-reprise
    elapsed = days_inclusive(absence.start, today)
    planned = None if absence.end is None else days_inclusive(absence.start, absence.end)
    if elapsed < law.PRE_REPRISE_MIN_DAYS and (
        planned is None or planned < law.PRE_REPRISE_MIN_DAYS
    ):
        return None
    if any(
        v.kind is VisitKind.PRE_REPRISE
        and v.date >= absence.start
        and (absence.end is None or v.date <= absence.end)
        for v in history
    ):
        return None
    reason = (
        "Visite de pré-reprise possible dès maintenant, à la demande du salarié, du médecin "
        "traitant, du médecin-conseil de l'assurance maladie ou du médecin du travail : "
        f"{law.ABSENCE_LABELS[absence.cause]} depuis le {french(absence.start)}, "
        f"{_days(elapsed)} au {french(today)}"
    )
    if absence.end is not None:
        reason += f", fin prévue le {french(absence.end)} ({_days(planned or 0)})"
    reason += ", plus de 30 jours (art. R4624-29)"
    return Due(
        VisitKind.PRE_REPRISE, today, performers_for(VisitKind.PRE_REPRISE), "R4624-29", reason
    )


def _days(count: int) -> str:
    return "1 jour" if count == 1 else f"{count} jours"
