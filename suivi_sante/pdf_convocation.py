"""The convocation PDF sent to the employer: who, when, where, which visit and why."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from spsti.pdf import html_to_pdf
from suivi_sante.models import Convocation

TEMPLATE = "suivi_sante/pdf/convocation.html"


def convocation_context(convocation: Convocation) -> dict[str, Any]:
    """What the convocation shows; no medical content, only the visit and its legal reason."""
    visit = convocation.visit
    slot = visit.slot
    center = slot.center if slot else visit.team.center
    return {
        "convocation": convocation,
        "visit": visit,
        "worker": visit.worker,
        "establishment": convocation.establishment,
        "adherent": convocation.establishment.adherent,
        "starts_at": timezone.localtime(visit.scheduled_at),
        "ends_at": timezone.localtime(slot.ends_at) if slot else None,
        "center": center,
        "site": slot.establishment if slot else None,
        "is_teleconsultation": visit.mode == "teleconsultation",
        "center_name": settings.SPSTI_SERVICE_NAME,
        "issued_on": timezone.localtime(convocation.sent_at).date(),
    }


def render_convocation(convocation: Convocation) -> bytes:
    """The convocation as PDF bytes (WeasyPrint)."""
    return html_to_pdf(TEMPLATE, convocation_context(convocation))
