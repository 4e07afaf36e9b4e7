"""PDFs of prevention: the FE (R4624-46 to R4624-50) and the prevention visit letter."""

from __future__ import annotations

import base64
import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

from prevention.models import FichePhoto, FicheVersion, PreventionVisit
from prevention.visits import selectors as visit_selectors
from spsti import documents_storage
from spsti.pdf import html_to_pdf

FICHE_TEMPLATE = "prevention/fiche/pdf/fiche.html"
LETTER_TEMPLATE = "prevention/visits/pdf/visit_letter.html"


def _photo_uri(photo: FichePhoto) -> str:
    """The photo inlined in the PDF (its type was checked on upload)."""
    content = documents_storage.read(photo.content.name, photo.sha256)  # hash checked
    return f"data:{photo.content_type};base64,{base64.b64encode(content).decode()}"


def fiche_context(
    version: FicheVersion,
    *,
    sent_on: datetime.date | None = None,
    renewal_due_on: datetime.date | None = None,
) -> dict[str, Any]:
    """What the FE shows: cover, units, hazards table, recommendations, photos, mentions."""
    from prevention.fiche import selectors as selectors_fiche

    version = selectors_fiche.version_content(version)
    units = list(version.units.all())
    photos = FichePhoto.objects.filter(version=version).order_by("pk")
    establishment = version.fiche.establishment
    return {
        "version": version,
        "fiche": version.fiche,
        "establishment": establishment,
        "adherent": establishment.adherent,
        "team": establishment.adherent.team,
        "units": units,
        "hazard_rows": [(unit, hazard) for unit in units for hazard in unit.hazards.all()],
        "photos": [(photo.caption, _photo_uri(photo)) for photo in photos],
        "contributors": list(version.contributors.all()),
        "validated_on": timezone.localdate(version.validated_at) if version.validated_at else None,
        "sent_on": sent_on or (timezone.localdate(version.sent_at) if version.sent_at else None),
        "renewal_due_on": renewal_due_on,
        "is_draft": version.status == FicheVersion.Status.DRAFT,
        "center_name": settings.SPSTI_SERVICE_NAME,
    }


def fiche_html(version: FicheVersion, **dates: datetime.date | None) -> str:
    """The FE as HTML (the step before WeasyPrint; tests read it)."""
    return render_to_string(FICHE_TEMPLATE, fiche_context(version, **dates))


def render_fiche(version: FicheVersion, **dates: datetime.date | None) -> bytes:
    """The FE as PDF bytes (``sent_on``, ``renewal_due_on``); a draft is marked "projet"."""
    return html_to_pdf(FICHE_TEMPLATE, fiche_context(version, **dates))


def letter_context(visit: PreventionVisit, *, issued_on: datetime.date) -> dict[str, Any]:
    """The employer's letter: the synthesis by unit, never the team's internal summary."""

    visit = visit_selectors.visit_content(visit)
    establishment = visit.establishment
    rows = [
        {
            "name": unit.name,
            "hazards": sorted(h.label for h in unit.hazards.all()),
            "existing_prevention": unit.existing_prevention,
        }
        for unit in visit.units.all()
    ]
    return {
        "visit": visit,
        "establishment": establishment,
        "adherent": establishment.adherent,
        "team": establishment.adherent.team,
        "rows": rows,
        "employer_expectations": visit.employer_expectations,
        "training_needs": visit.training_needs,
        "issued_on": issued_on,
        "center_name": settings.SPSTI_SERVICE_NAME,
    }


def letter_html(visit: PreventionVisit, *, issued_on: datetime.date) -> str:
    return render_to_string(LETTER_TEMPLATE, letter_context(visit, issued_on=issued_on))


def render_visit_letter(visit: PreventionVisit, *, issued_on: datetime.date) -> bytes:
    """The prevention visit letter for the employer, as PDF bytes."""
    return html_to_pdf(LETTER_TEMPLATE, letter_context(visit, issued_on=issued_on))


def fiche_filename(version: FicheVersion) -> str:
    return f"fiche-entreprise-{version.fiche.establishment.siret}-v{version.number}.pdf"
