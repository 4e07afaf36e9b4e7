"""Issue the documents of a held visit: attestation de suivi, avis, proposals (R4624-13 ff.),
attestation of non-contraindication for CACES and electrical clearances (décret 2025-355).

A document is rendered once, hashed, and inserted once: the row is immutable (trigger) and a
legal document is never regenerated in place. It carries no DMST content, ever: the employer
receives it at once.
"""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from spsti import documents_storage
from suivi_sante import perms
from suivi_sante.documents import pdf as pdf_documents
from suivi_sante.documents.pdf import DocumentFields
from suivi_sante.enums import (
    NON_CONTRAINDICATION_JOBS,
    PHYSICIAN_DOCUMENTS,
    DocumentKind,
    FollowUpCategory,
    Performer,
    VisitKind,
    VisitStatus,
)
from suivi_sante.errors import DocumentError
from suivi_sante.models import FollowUpDocument, Visit

PHYSICIAN_ONLY_MESSAGE = (
    "Seul le médecin du travail émet un avis d'aptitude, un avis d'inaptitude, une proposition "
    "de mesures (R4624-13, R4623-14) ou une attestation de non contre-indication (décret "
    "2025-355) : l'infirmier(ère) émet l'attestation de suivi et oriente le salarié vers le "
    "médecin si besoin."
)
CONTRADICTORY = {DocumentKind.AVIS_APTITUDE, DocumentKind.AVIS_INAPTITUDE}


def allowed_kinds(actor: AccessContext, visit: Visit) -> list[DocumentKind]:
    """The kinds this professional may issue at this visit (for the form; the service decides)."""
    if not (visit.status == VisitStatus.HELD and perms.can_hold_visit(actor, visit)):
        return []
    if visit.held_at < visit.scheduled_at:  # a legacy row held before its start: no document
        return []
    if visit.kind == VisitKind.PRE_REPRISE:
        return []
    if visit.performer == Performer.PHYSICIAN and actor.has_perm("suivi_sante.avis:issue"):
        return [
            kind
            for kind in DocumentKind
            if kind != DocumentKind.ATTESTATION_NON_CI or needs_non_contraindication(visit)
        ]
    return [DocumentKind.ATTESTATION_SUIVI]


def needs_non_contraindication(visit: Visit) -> bool:
    """Whether the visit's post is a CACES or electrical-clearance post (décret 2025-355)."""
    employment = visit.employment
    return bool(employment and NON_CONTRAINDICATION_JOBS & set(employment.aptitude_jobs))


def _is_sir(visit: Visit) -> bool:
    employment = visit.employment
    return visit.worker.category == FollowUpCategory.SIR or bool(
        employment and employment.sir_risks
    )


def _check_fields(visit: Visit, kind: str, fields: DocumentFields) -> None:
    today = timezone.localdate()
    held_on = timezone.localtime(visit.held_at).date()
    if fields.next_visit_on and fields.next_visit_on <= held_on:
        raise DocumentError("La date de la prochaine visite doit suivre celle de cette visite.")
    if kind == DocumentKind.AVIS_APTITUDE and not _is_sir(visit):
        raise DocumentError(
            "Un avis d'aptitude n'est délivré qu'au salarié en suivi individuel renforcé "
            "(R4624-25) : émettez une attestation de suivi."
        )
    if kind == DocumentKind.AVIS_INAPTITUDE:
        if not fields.conclusions.strip():
            raise DocumentError(
                "L'avis d'inaptitude comporte les conclusions écrites du médecin (L4624-4)."
            )
        if not (fields.post_study_on and fields.employer_exchange_on):
            raise DocumentError(
                "Avant de déclarer une inaptitude, le médecin réalise une étude du poste et "
                "échange avec l'employeur : indiquez leurs dates (R4624-42)."
            )
        if max(fields.post_study_on, fields.employer_exchange_on) > today:
            raise DocumentError("L'étude de poste et l'échange avec l'employeur sont à venir.")
    if kind == DocumentKind.ATTESTATION_NON_CI and not needs_non_contraindication(visit):
        raise DocumentError(
            "L'attestation de non contre-indication ne concerne que les postes de conduite "
            "(CACES, art. R4323-56) ou à habilitation électrique (art. R4544-10) déclarés pour "
            "ce salarié (décret 2025-355)."
        )
    if kind == DocumentKind.PROPOSITION_MESURES and not fields.measures.strip():
        raise DocumentError("Indiquez les mesures proposées (L4624-3).")


@transaction.atomic
def issue_document(
    *,
    actor: AccessContext,
    visit: Visit,
    kind: str,
    next_visit_on: datetime.date | None = None,
    conclusions: str = "",
    indications: str = "",
    measures: str = "",
    post_study_on: datetime.date | None = None,
    employer_exchange_on: datetime.date | None = None,
) -> FollowUpDocument:
    """Render, hash and store one document of a held visit, by the professional who held it."""
    visit = (
        Visit.objects.select_for_update(of=("self",))
        .select_related(
            "worker__adherent", "employment__establishment", "professional", "team__center"
        )
        .get(pk=visit.pk)
    )
    if not (actor.has_perm("suivi_sante.attestation:issue") and perms.can_hold_visit(actor, visit)):
        raise PermissionDenied
    if visit.status != VisitStatus.HELD:
        raise DocumentError("Un document n'est émis qu'une fois la visite réalisée.")
    if visit.held_at < visit.scheduled_at:  # older rows; the database now refuses both
        raise DocumentError(
            "Cette visite est indiquée réalisée avant son heure de début : aucun document ne "
            "peut en être émis."
        )
    if kind not in DocumentKind.values:
        raise DocumentError("Type de document inconnu.")
    if visit.kind == VisitKind.PRE_REPRISE:
        raise DocumentError(
            "La visite de pré-reprise ne donne lieu à aucune attestation ni aucun avis "
            "(arrêté du 16 octobre 2017) : le médecin formule des recommandations."
        )
    if kind in PHYSICIAN_DOCUMENTS and not (
        visit.performer == Performer.PHYSICIAN and actor.has_perm("suivi_sante.avis:issue")
    ):
        raise DocumentError(PHYSICIAN_ONLY_MESSAGE)
    fields = DocumentFields(
        next_visit_on=next_visit_on,
        conclusions=conclusions.strip(),
        indications=indications.strip(),
        measures=measures.strip(),
        post_study_on=post_study_on,
        employer_exchange_on=employer_exchange_on,
    )
    _check_fields(visit, kind, fields)
    issued = set(FollowUpDocument.objects.filter(visit=visit).values_list("kind", flat=True))
    if kind in issued:
        raise DocumentError(
            "Ce document a déjà été émis pour cette visite : un document émis n'est jamais "
            "modifié ni réémis."
        )
    if kind in CONTRADICTORY and issued & CONTRADICTORY:
        raise DocumentError(
            "Un avis d'aptitude et un avis d'inaptitude ne peuvent pas être émis pour la même "
            "visite."
        )
    issued_at = timezone.now()
    pdf = pdf_documents.render_document(
        visit=visit, kind=kind, issued_by=actor.user, issued_at=issued_at, fields=fields
    )
    stored = documents_storage.store(pdf, app="suivi_sante", kind="document", extension="pdf")
    with audit.actor_context(actor):
        return FollowUpDocument.objects.create(
            worker=visit.worker,
            team=visit.team,
            visit=visit,
            kind=kind,
            issued_by=actor.user,
            issuer_performer=visit.performer,
            issued_at=issued_at,
            pdf=stored.name,
            sha256=stored.sha256,
        )
