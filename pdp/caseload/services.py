"""Writes of the caseload area: each member's saturation threshold, the weekly digest."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.mail import EmailMessage
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from accounts import audit
from accounts.context import AccessContext
from pdp import perms
from pdp.caseload import selectors
from pdp.errors import PdpError
from pdp.models import CellMember
from spsti import mail


@transaction.atomic
def set_threshold(*, actor: AccessContext, member: CellMember, threshold: int) -> CellMember:
    """The coordinator sets a member's saturation threshold (open cases)."""
    if not (perms.is_coordinator(actor) and member.center_id == actor.center_id):
        raise PermissionDenied("Seul(e) le coordinateur ou la coordinatrice fixe les seuils.")
    if not 1 <= threshold <= 500:
        raise PdpError("Le seuil doit être compris entre 1 et 500 dossiers ouverts.")
    member.saturation_threshold = threshold
    with audit.actor_context(actor):
        member.save(update_fields=["saturation_threshold", "updated_at"])
    return member


def send_weekly_digest(*, coordinator: CellMember, today: datetime.date) -> bool:
    """The coordinator's Monday digest: new referrals, open and unassigned cases, members near
    or at saturation, late actions; once per ISO week (spsti.mail.send_once)."""
    load = selectors.center_load(coordinator.center_id, today)
    members = selectors.member_loads(coordinator.center_id, today)
    body = render_to_string(
        "pdp/caseload/weekly_digest.txt",
        {
            "load": load,
            "strained": [m for m in members if m.level != "ok"],
            "service_name": settings.SPSTI_SERVICE_NAME,
            "link": settings.SPSTI_SITE_URL + reverse("backoffice:pdp:caseload"),
        },
    )
    message = EmailMessage(
        subject=f"Cellule PDP : la semaine ({load.new_last_week} signalements, "
        f"{load.open_count} dossiers ouverts)",
        body=body,
        to=[coordinator.user.email],
    )
    return mail.send_once(message, key=f"pdp-digest:{coordinator.pk}:{mail.iso_week(today)}")
