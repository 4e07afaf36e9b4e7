"""The steps of a PDP case and the dates of its follow-ups: pure data and functions.

Case steps are those of the domain note (offres-pdp-tns-qualite-indicateurs.md, section 1): a
steering choice of the cell under L4622-8-1, not a list fixed by law.
"""

from __future__ import annotations

import calendar
import datetime

RECEIVED = "received"
CONSENT = "consent_recorded"
FIRST_CONTACT = "first_contact"
EVALUATION = "evaluation"
CELL_REVIEW = "cell_review"
PLAN = "plan"
FOLLOW_UP = "follow_up"
CLOSED = "closed"

STATUSES: tuple[tuple[str, str], ...] = (
    (RECEIVED, "Signalement reçu"),
    (CONSENT, "Consentement recueilli"),
    (FIRST_CONTACT, "Premier contact"),
    (EVALUATION, "Évaluation médicale"),
    (CELL_REVIEW, "Revue en cellule"),
    (PLAN, "Plan de mesures"),
    (FOLLOW_UP, "Suivi des mesures"),
    (CLOSED, "Clos"),
)
ORDER = tuple(code for code, _ in STATUSES)
OPEN_STATUSES = ORDER[:-1]

# A step may be skipped forward (a worker already evaluated at a pré-reprise visit goes straight
# to the cell review) and moved back one step (a plan sent back to the cell); closing takes an
# outcome and goes through close_case only.
_BACK_ONE = {ORDER[i]: ORDER[i - 1] for i in range(1, len(OPEN_STATUSES))}


def transition_error(current: str, target: str) -> str:
    """Why a case cannot move from `current` to `target` ("" if it can)."""
    if current not in ORDER or target not in ORDER:
        return "Étape inconnue."
    if current == CLOSED:
        return "Ce dossier est clos : il ne change plus d'étape."
    if target == CLOSED:
        return "Pour clore le dossier, indiquez son issue (bouton « Clore le dossier »)."
    if target == current:
        return "Le dossier est déjà à cette étape."
    if ORDER.index(target) > ORDER.index(current) or _BACK_ONE.get(current) == target:
        return ""
    return "Un dossier ne revient en arrière que d'une étape à la fois."


def allowed_targets(current: str) -> list[str]:
    """The steps a case at `current` may move to (closing aside)."""
    return [code for code in OPEN_STATUSES if not transition_error(current, code)]


# --- referral sources (domain note: "PdpReferral.source") -------------------------------------

SOURCES: tuple[tuple[str, str], ...] = (
    ("worker", "Le salarié lui-même"),
    ("employer", "L'employeur"),
    ("physician", "Le médecin du travail"),
    ("team", "L'infirmier(e) ou un autre membre de l'équipe"),
    ("treating_doctor", "Le médecin traitant ou un spécialiste"),
    ("medical_adviser", "Le médecin conseil (service du contrôle médical)"),
    ("social_service", "Le service social de la CPAM ou de la CARSAT"),
    ("cap_emploi", "Cap emploi"),
    ("mdph", "La MDPH"),
    ("other_partner", "Un autre partenaire"),
)
SOURCE_CODES = frozenset(code for code, _ in SOURCES)

# --- detection level: stored as entered or imported, never computed here ----------------------

RISK_LEVELS: tuple[tuple[str, str], ...] = (
    ("low", "Faible"),
    ("intermediate", "Intermédiaire"),
    ("high", "Forte"),
)


# --- follow-ups after closing ---------------------------------------------------------------

FOLLOW_UP_MONTHS = (6, 12)  # IGAS, Dec 2025: follow-up "à six mois ou un an" (steering choice)


def add_months(day: datetime.date, months: int) -> datetime.date:
    """The same day `months` later; the month's last day when it has no such day."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def follow_up_dates(closed_on: datetime.date) -> dict[int, datetime.date]:
    """The 6- and 12-month follow-up dates of a case closed on `closed_on`."""
    return {months: add_months(closed_on, months) for months in FOLLOW_UP_MONTHS}


def follow_ups_due(closed_on: datetime.date, today: datetime.date) -> list[int]:
    """The follow-ups (in months) whose date has come by `today`."""
    return [months for months, on in follow_up_dates(closed_on).items() if on <= today]


def first_contact_error(
    received_on: datetime.date, first_contact_on: datetime.date, today: datetime.date
) -> str:
    """A first contact happens after the referral and not in the future."""
    if first_contact_on < received_on:
        return "Le premier contact ne peut précéder la date du signalement."
    if first_contact_on > today:
        return "Le premier contact ne peut être dans le futur."
    return ""
