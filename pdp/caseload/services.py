"""Writes of the caseload area: each member's saturation threshold, the weekly digest."""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from accounts import audit
from accounts.context import AccessContext
from pdp import perms
from pdp.caseload import selectors
from pdp.errors import PdpError
from pdp.models import CellMember
from spsti import mail, outbox
from spsti.models import OutgoingEmail


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


@transaction.atomic
def send_weekly_digest(*, coordinator: CellMember, today: datetime.date) -> bool:
    """The coordinator's Monday digest: new referrals, open and unassigned cases, members near
    or at saturation, late actions; once per ISO week (the outbox's key: a second call the
    same week queues nothing). Written in the outbox, sent after the commit."""
    key = f"pdp:digest:{coordinator.pk}:{mail.iso_week(today)}"
    if outbox.already_queued(key):
        return False
    members, load = selectors.caseload(coordinator.center_id, today)
    body = render_to_string(
        "pdp/caseload/weekly_digest.txt",
        {
            "load": load,
            "strained": [m for m in members if m.level != "ok"],
            "service_name": settings.SPSTI_SERVICE_NAME,
            "link": settings.SPSTI_SITE_URL + reverse("backoffice:pdp:caseload"),
        },
    )
    queued = outbox.queue_email(
        kind="pdp.caseload.weekly_digest",
        audience=OutgoingEmail.Audience.STAFF,
        to=[coordinator.user.email],
        subject=f"Cellule PDP : la semaine ({load.new_last_week} signalements, "
        f"{load.open_count} dossiers ouverts)",
        body=body,
        related=coordinator,
        key=key,
    )
    return queued is not None
