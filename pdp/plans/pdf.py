"""The measures letter to the employer (L4624-3): adjustments and hours, never a diagnosis."""

from __future__ import annotations

from django.conf import settings

from pdp.models import MeasuresLetter, PdpMeasure
from pdp.rules.measures import legal_basis
from spsti.pdf import html_to_pdf


def letter_context(letter: MeasuresLetter) -> dict:
    """Only what the employer may read: who, the measures' kinds, texts, hours and dates."""
    case = letter.case
    measures = case.measures.exclude(status=PdpMeasure.Status.ABANDONED).order_by("pk")
    return {
        "letter": letter,
        "service_name": settings.SPSTI_SERVICE_NAME,
        "adherent": letter.adherent,
        "person_name": case.person_name,
        "measures": [{"measure": m, "basis": legal_basis(m.kind)} for m in measures],
    }


def render_measures_letter(letter: MeasuresLetter) -> bytes:
    return html_to_pdf("pdp/plans/measures_letter.html", letter_context(letter))
