"""The convocation PDF sent to the employer (or the worker): who, when, where, which visit."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.utils import timezone

from spsti.pdf import html_to_pdf
from suivi_sante.models import Convocation

TEMPLATE = "suivi_sante/agenda/pdf/convocation.html"


def convocation_context(convocation: Convocation, *, to_worker: bool = False) -> dict[str, Any]:
    """What the convocation shows: the visit, the category and the date (disclosure.py).

    ``to_worker``: the copy addressed to the worker alone, for a confidential visit.
    """
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
        "to_worker": to_worker,
    }


def render_convocation(convocation: Convocation, *, to_worker: bool = False) -> bytes:
    """The convocation as PDF bytes (WeasyPrint), to the employer or to the worker."""
    return html_to_pdf(TEMPLATE, convocation_context(convocation, to_worker=to_worker))
