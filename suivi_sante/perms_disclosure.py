"""What each audience may read of a worker's follow-up (issue 10, item 3).

The schedule engine explains each due visit in full ("SIA : femme enceinte…", "orientation sans
délai vers le médecin du travail (art. R4624-20)", "catégorie fixée par le médecin du travail").
Those words reveal a health status or a protected situation: they are for the worker's health
professionals only (secret médical, L1110-4 CSP; L4624-8). Everyone else (the member's roles,
its accounting firm, the medical secretary and the other staff) reads the visit, the category
and the date, in neutral words. Every screen, PDF, e-mail and export goes through here, through
the template tags of ``suivi_sante.templatetags.disclosure``: without an access context (a PDF,
an e-mail) the neutral wording is the one given.

Convocations to a pré-reprise (R4624-29) or to a visit on request (R4624-34) go to the worker
alone; the employer and its firm see them only once the worker agreed (``Visit.is_shared_with_
employer``, recorded by staff).
"""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

from django.db.models import Q

from suivi_sante.enums import FollowUpCategory, VisitKind

if TYPE_CHECKING:
    from suivi_sante.models import DueVisit, Visit, Worker

# Visits the employer does not organise and does not hear of without the worker's agreement:
# the pré-reprise, asked by the worker, the attending or advising physician (R4624-29), and the
# visit on request (R4624-34; a worker's request "ne peut motiver aucune sanction").
CONFIDENTIAL_KINDS = frozenset({VisitKind.PRE_REPRISE, VisitKind.DEMANDE})


def category_label(worker: Worker) -> str:
    """The category as anyone may read it: "SIA", never why."""
    return FollowUpCategory(worker.category).value


def neutral_due_reason(due_on: datetime.date, category: str) -> str:
    """Why a visit is due, in words that reveal nothing: the category and the date."""
    return f"Suivi {category} : visite à réaliser avant le {due_on:%d/%m/%Y}."


def due_reason(due: DueVisit, *, health: bool) -> str:
    """The engine's full explanation for health professionals, the neutral one for the others."""
    if health:
        # The engine's reason often cites its article already: printed once (issue 17).
        if not due.legal_reference or due.legal_reference in due.reason:
            return due.reason
        return f"{due.reason} (art. {due.legal_reference})"
    return neutral_due_reason(due.due_on, category_label(due.worker))


def visit_reason(visit: Visit, *, health: bool) -> str:
    """Why a booked visit is held: the stored reason for health professionals, else neutral."""
    if health:
        return visit.due_reason
    if visit.due_on is None:
        return ""
    return neutral_due_reason(visit.due_on, category_label(visit.worker))


def category_details(worker: Worker, *, health: bool) -> list[str]:
    """The lines explaining the category: the declarations and the physician's reason."""
    if not health:
        return []
    lines = [line for line in worker.category_justification.splitlines() if line.strip()]
    if worker.category_override_reason:
        lines.append(f"Motif du médecin : {worker.category_override_reason}")
    return lines


def is_confidential(visit: Visit) -> bool:
    """A convocation the employer must not see: pré-reprise or on request, not agreed."""
    return visit.kind in CONFIDENTIAL_KINDS and not visit.is_shared_with_employer


def confidential_visits(prefix: str = "") -> Q:
    """The visits hidden from the employer and its firm, as a filter (``prefix`` e.g. "visit__")."""
    return Q(**{f"{prefix}kind__in": CONFIDENTIAL_KINDS, f"{prefix}is_shared_with_employer": False})


# The article that founds each kind of visit, for readers outside the health team: the engine's
# own article may name a protected situation (R4624-17, R4624-19, R4624-20: disability, night
# work, pregnancy), so they read the kind's general article unless the engine's is one of these.
KIND_ARTICLES = {
    VisitKind.VIP: "R4624-10",
    VisitKind.EMAE: "R4624-24",
    VisitKind.VISITE_INTERMEDIAIRE: "R4624-28",
    VisitKind.SIR_PERIODIQUE: "R4624-28",
    VisitKind.REPRISE: "R4624-31",
    VisitKind.PRE_REPRISE: "R4624-29",
    VisitKind.MI_CARRIERE: "L4624-2-2",
    VisitKind.FIN_CARRIERE: "L4624-2-1",
    VisitKind.DEMANDE: "R4624-34",
}
NEUTRAL_ARTICLES = frozenset(
    {*KIND_ARTICLES.values(), "R4624-16", "R4625-11", "R4625-13", "D4625-22"}
)


def due_article(due: DueVisit, *, health: bool) -> str:
    """The article of a due visit: the engine's for health professionals; for the others, the
    engine's when it reveals nothing, else the kind's general article."""
    if health or due.legal_reference in NEUTRAL_ARTICLES:
        return due.legal_reference
    return KIND_ARTICLES.get(due.kind, "")
