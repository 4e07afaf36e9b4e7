"""PDFs of follow-up documents (models of the arrêté du 16 octobre 2017) and of the DMST export.

A follow-up document is built from the visit, the worker's identity and post, and what the
professional writes on the form: never from the DMST. The DMST export is for the worker's
access request (L1111-7 CSP) and is only rendered after `selectors_dmst.read_dmst` logged it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from spsti.pdf import html_to_pdf
from suivi_sante.enums import (
    NON_CONTRAINDICATION_VALID_YEARS,
    AptitudeJob,
    DocumentKind,
    FollowUpCategory,
    SirRisk,
)
from suivi_sante.models import Employment, FollowUpDocument, Visit, Worker
from suivi_sante.rules.dates import add_months

TEMPLATES = {
    DocumentKind.ATTESTATION_SUIVI: "suivi_sante/documents/pdf/attestation_suivi.html",
    DocumentKind.AVIS_APTITUDE: "suivi_sante/documents/pdf/avis.html",
    DocumentKind.AVIS_INAPTITUDE: "suivi_sante/documents/pdf/avis.html",
    DocumentKind.PROPOSITION_MESURES: "suivi_sante/documents/pdf/avis.html",
    DocumentKind.ATTESTATION_NON_CI: "suivi_sante/documents/pdf/attestation_non_ci.html",
}
TITLES = {
    DocumentKind.ATTESTATION_SUIVI: "Attestation de suivi individuel de l'état de santé",
    DocumentKind.AVIS_APTITUDE: "Avis d'aptitude",
    DocumentKind.AVIS_INAPTITUDE: "Avis d'inaptitude",
    DocumentKind.PROPOSITION_MESURES: (
        "Proposition de mesures individuelles d'aménagement, d'adaptation ou de transformation "
        "du poste"
    ),
    DocumentKind.ATTESTATION_NON_CI: "Attestation de non contre-indication médicale",
}
ARTICLES = {
    DocumentKind.ATTESTATION_SUIVI: "art. L. 4624-1 du code du travail",
    DocumentKind.AVIS_APTITUDE: "art. L. 4624-2 du code du travail",
    DocumentKind.AVIS_INAPTITUDE: "art. L. 4624-4 du code du travail",
    DocumentKind.PROPOSITION_MESURES: "art. L. 4624-3 du code du travail",
    DocumentKind.ATTESTATION_NON_CI: (
        "art. R. 4323-56 et R. 4544-10 du code du travail, décret n° 2025-355 du 18 avril 2025"
    ),
}
# The authorisations the attestation concerns, as printed (décret 2025-355).
AUTHORISATIONS = {
    AptitudeJob.CACES: "Autorisation de conduite d'équipements de travail (CACES, art. R. 4323-56)",
    AptitudeJob.HABILITATION_ELECTRIQUE: "Habilitation électrique (art. R. 4544-10)",
}
EXPORT_TEMPLATE = "suivi_sante/dmst/pdf/dmst_export.html"


@dataclass(frozen=True)
class DocumentFields:
    """What the professional writes on the form; free text for the employer, never a diagnosis."""

    next_visit_on: datetime.date | None = None
    conclusions: str = ""
    indications: str = ""
    measures: str = ""
    post_study_on: datetime.date | None = None
    employer_exchange_on: datetime.date | None = None


def _employment(visit: Visit) -> Employment | None:
    """The post of the visit, else the worker's latest post."""
    if visit.employment_id:
        return visit.employment
    return (
        Employment.objects.filter(worker_id=visit.worker_id)
        .select_related("establishment")
        .order_by("-start_on", "-pk")
        .first()
    )


def document_context(
    *,
    visit: Visit,
    kind: str,
    issued_by: Any,
    issued_at: datetime.datetime,
    fields: DocumentFields,
) -> dict[str, Any]:
    """The values printed on the document: identity, employer, post, visit, professional."""
    employment = _employment(visit)
    establishment = employment.establishment if employment else None
    if establishment is None:
        establishment = visit.worker.adherent.establishments.filter(is_head_office=True).first()
    sir_risks = [SirRisk(r).label for r in employment.sir_risks] if employment else []
    kind = DocumentKind(kind)
    held_on = timezone.localdate(visit.held_at) if visit.held_at else None
    jobs = set(employment.aptitude_jobs) if employment else set()
    return {
        "kind": kind,
        "title": TITLES[kind],
        "article": ARTICLES[kind],
        "service_name": settings.SPSTI_SERVICE_NAME,
        "center_name": visit.team.center.name,
        "worker": visit.worker,
        "employer": visit.worker.adherent,
        "establishment": establishment,
        "employment": employment,
        "is_sir": visit.worker.category == FollowUpCategory.SIR or bool(sir_risks),
        "sir_risks": sir_risks,
        "visit": visit,
        "held_on": held_on,
        "authorisations": [label for job, label in AUTHORISATIONS.items() if job.value in jobs],
        # Valid 5 years from the visit (décret 2025-355).
        "valid_until": add_months(held_on, 12 * NON_CONTRAINDICATION_VALID_YEARS)
        if held_on
        else None,
        "professional": issued_by,
        "quality": visit.get_performer_display(),
        "issued_at": timezone.localtime(issued_at),
        "fields": fields,
        "appeal": kind not in (DocumentKind.ATTESTATION_SUIVI, DocumentKind.ATTESTATION_NON_CI),
    }


def document_html(**kwargs: Any) -> str:
    """The HTML step of `render_document` (tests read the text here)."""
    context = document_context(**kwargs)
    return render_to_string(TEMPLATES[context["kind"]], context)


def render_document(
    *,
    visit: Visit,
    kind: str,
    issued_by: Any,
    issued_at: datetime.datetime,
    fields: DocumentFields,
) -> bytes:
    """The PDF of one follow-up document, on the official model's headings (≈0.1 s)."""
    context = document_context(
        visit=visit, kind=kind, issued_by=issued_by, issued_at=issued_at, fields=fields
    )
    return html_to_pdf(TEMPLATES[context["kind"]], context)


def export_context(worker: Worker, record: Any = None) -> dict[str, Any]:
    """The whole record of the worker, for the access request (L1111-7 CSP)."""
    from suivi_sante.dmst.selectors import (
        load_record_unlogged,
    )  # the caller logged the read already

    return {
        "record": record if record is not None else load_record_unlogged(worker),
        "worker": worker,
        "service_name": settings.SPSTI_SERVICE_NAME,
        "center_name": worker.adherent.team.center.name,
        "generated_at": timezone.localtime(),
    }


def dmst_export_html(worker: Worker, record: Any = None) -> str:
    """The HTML step of `render_dmst_export`."""
    return render_to_string(EXPORT_TEMPLATE, export_context(worker, record))


def render_dmst_export(worker: Worker, record: Any = None) -> bytes:
    """The complete DMST as a PDF: identity, INS status, exposures, notes, measures, documents."""
    return html_to_pdf(EXPORT_TEMPLATE, export_context(worker, record))


def document_filename(document: FollowUpDocument) -> str:
    """The download name of an issued document."""
    return f"{document.kind}-{document.worker.last_name}-{document.issued_at:%Y%m%d}.pdf"
