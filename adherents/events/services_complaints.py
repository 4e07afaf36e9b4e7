"""Writes of complaints (réclamations, seed 002, objective 5, action 1): recorded by the centre,
handled, then closed with their handling and corrective action.

These complaints will feed the certification app's non-conformities: the SPSTI certification
(art. L4622-9-3 and D4622-47-4, 5° of the Code du travail) reviews how the service handles the
complaints of its members and third parties, so nothing here is ever deleted (pghistory keeps
each change) and a closed complaint always carries its handling (DB constraint
"complaint_closed_has_handling").
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from adherents import perms
from adherents.events.services import EventsError, member_by_siren, require_staff
from adherents.models import Complaint, ComplaintStatus
from adherents.rules import events as rules

MANAGE = "adherents.complaint:manage"
CHANNELS = {value for value, _ in Complaint._meta.get_field("channel").choices}


def _own(actor: AccessContext, complaint: Complaint) -> Complaint:
    """The complaint locked, if it belongs to the actor's centre."""
    require_staff(actor, MANAGE)
    return perms.visible(Complaint.objects.select_for_update(), actor, complaint.pk)


@transaction.atomic
def record_complaint(
    *,
    actor: AccessContext,
    received_on: datetime.date,
    channel: str,
    subject: str,
    description: str,
    siren: str = "",
) -> Complaint:
    """Record a complaint received by the centre, from a member or not."""
    require_staff(actor, MANAGE)
    subject, description = subject.strip(), description.strip()
    if not subject or not description:
        raise EventsError("Indiquez l'objet et la description de la réclamation.")
    if channel not in CHANNELS:
        raise EventsError("Choisissez le canal par lequel la réclamation est arrivée.")
    if received_on > timezone.localdate():
        raise EventsError("La date de réception ne peut pas être dans le futur.")
    with audit.actor_context(actor):
        return Complaint.objects.create(
            center_id=actor.center_id,
            adherent=member_by_siren(actor, siren),
            received_on=received_on,
            channel=channel,
            subject=subject,
            description=description,
            recorded_by=actor.user,
        )


@transaction.atomic
def handle_complaint(
    *,
    actor: AccessContext,
    complaint: Complaint,
    status: str,
    handling: str,
    corrective_action: str,
) -> Complaint:
    """Write the handling and corrective action of an open complaint (closing is separate)."""
    complaint = _own(actor, complaint)
    if complaint.status == ComplaintStatus.CLOSED:
        raise EventsError("Cette réclamation est close : elle ne se modifie plus.")
    if status not in (ComplaintStatus.OPEN, ComplaintStatus.IN_PROGRESS):
        raise EventsError(
            "Choisissez « Ouverte » ou « En traitement » ; pour clore, utilisez Clore."
        )
    complaint.status = status
    complaint.handling, complaint.corrective_action = handling.strip(), corrective_action.strip()
    with audit.actor_context(actor):
        complaint.save(update_fields=["status", "handling", "corrective_action", "updated_at"])
    return complaint


@transaction.atomic
def close_complaint(*, actor: AccessContext, complaint: Complaint) -> Complaint:
    """Close a complaint whose handling is written; dated today."""
    complaint = _own(actor, complaint)
    if complaint.status == ComplaintStatus.CLOSED:
        raise EventsError("Cette réclamation est déjà close.")
    if refusal := rules.close_refusal(complaint.handling):
        raise EventsError(refusal)
    complaint.status, complaint.closed_on = ComplaintStatus.CLOSED, timezone.localdate()
    with audit.actor_context(actor):
        complaint.save(update_fields=["status", "closed_on", "updated_at"])
    return complaint
