"""When an FE and a primary prevention action are due (R4624-47; Présanse targets, seed 004)."""

from dataclasses import dataclass
from datetime import date

from prevention.rules.dates import add_months, add_years


@dataclass(frozen=True)
class Deadline:
    """A due date with its article (or target) and a French sentence that explains it."""

    due_on: date
    reference: str
    reason: str


def first_fiche_due(joined_on: date) -> Deadline:
    """The first FE is established within the year following membership (R4624-47)."""
    due = add_years(joined_on, 1)
    return Deadline(
        due,
        "R4624-47",
        f"Première fiche d'entreprise avant le {due:%d/%m/%Y} : adhésion le "
        f"{joined_on:%d/%m/%Y}, dans l'année qui suit (art. R4624-47)",
    )


def fiche_renewal_due(sent_on: date, *, years: int) -> Deadline:
    """Renewal of the FE `years` after the last one sent: a network target, not the law."""
    due = add_years(sent_on, years)
    return Deadline(
        due,
        "objectif du réseau",
        f"Renouvellement de la fiche d'entreprise avant le {due:%d/%m/%Y} : dernière FE "
        f"transmise le {sent_on:%d/%m/%Y}, tous les {years} ans (objectif du service, "
        "pas une échéance légale)",
    )


def primary_action_due(last_on: date | None, joined_on: date, *, years: int) -> Deadline:
    """One primary prevention action per member every `years` (target of seed 004)."""
    since = last_on or joined_on
    due = add_years(since, years)
    what = (
        f"dernière action le {last_on:%d/%m/%Y}"
        if last_on
        else (f"aucune action depuis l'adhésion du {joined_on:%d/%m/%Y}")
    )
    return Deadline(
        due,
        "objectif du réseau",
        f"Action de prévention primaire avant le {due:%d/%m/%Y} : {what}, une tous les "
        f"{years} ans (objectif du service)",
    )


def is_overdue(deadline: Deadline, today: date) -> bool:
    return deadline.due_on < today


VISIT_DELAY_MONTHS = 6  # seed 002: the "rendez-vous de la prévention" within six months


def first_prevention_visit_due(joined_on: date) -> Deadline:
    """The first prevention visit, at most six months after joining (a service target)."""
    due = add_months(joined_on, VISIT_DELAY_MONTHS)
    return Deadline(
        due,
        "objectif du service",
        f"Rendez-vous de la prévention avant le {due:%d/%m/%Y} : adhésion le "
        f"{joined_on:%d/%m/%Y}, dans les {VISIT_DELAY_MONTHS} mois (objectif du service)",
    )
