"""Booking the VIP TNS on a free slot of the agenda (the nurse, physician or psychologist who
handles a proposal of contact, or any health professional of the centre)."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from spsti import outbox
from spsti.errors import DomainError
from suivi_sante.models import Slot, Visit
from tns import perms
from tns.models import TnsAffiliation
from tns.visits.models import HOLDING, TnsVisit, TnsVisitStatus

SALARIED_HOLDING = ["planned", "held"]  # suivi_sante.agenda.models.SLOT_HOLDING_STATUSES


class VisitError(DomainError):
    """A refusal of the VIP TNS booking; French message shown as is."""


@transaction.atomic
def book_vip_tns(*, actor, affiliation: TnsAffiliation, slot: Slot, proposal=None) -> TnsVisit:
    if not actor.has_perm(perms.SCREENING_WRITE) or not actor.center_id:
        raise PermissionDenied
    affiliation = TnsAffiliation.objects.visible_to(actor).filter(pk=affiliation.pk).first()
    if affiliation is None:
        raise PermissionDenied
    slot = (
        Slot.objects.select_for_update()
        .filter(pk=slot.pk, center_id=actor.center_id)
        .select_related("professional")
        .first()
    )
    if slot is None:
        raise PermissionDenied
    if slot.starts_at <= timezone.now():
        raise VisitError("Ce créneau est déjà passé.")
    day = timezone.localtime(slot.starts_at).date()
    if not affiliation.is_open_on(day):
        raise VisitError(
            "L'affiliation de la personne ne couvre pas cette date : choisissez un créneau avant "
            f"le {affiliation.end_on:%d/%m/%Y}."
        )
    if slot.establishment_id:
        raise VisitError("Ce créneau a lieu sur le site d'un adhérent : choisissez-en un autre.")
    taken = Visit.objects.filter(slot=slot, status__in=SALARIED_HOLDING).exists()
    if taken or slot.tns_visits.filter(status__in=HOLDING).exists():
        raise VisitError("Ce créneau est déjà pris : choisissez-en un autre.")
    with audit.actor_context(actor):
        try:
            with transaction.atomic():
                visit = TnsVisit.objects.create(
                    person=affiliation.person,
                    affiliation=affiliation,
                    proposal=proposal,
                    slot=slot,
                    professional=slot.professional,
                    scheduled_at=slot.starts_at,
                    booked_by=actor.user,
                )
                _mail_person(visit)  # queued in the outbox, sent once this commits
        except IntegrityError as error:
            raise VisitError("Ce créneau vient d'être pris : choisissez-en un autre.") from error
    return visit


def _mail_person(visit: TnsVisit) -> None:
    body = render_to_string(
        "tns/visits/email_booked.txt",
        {
            "visit": visit,
            "slot": visit.slot,
            "space_url": f"{settings.SPSTI_SITE_URL}{reverse('portal:tns:space')}",
        },
    )
    outbox.queue_email(
        kind="tns.visits.booked",
        to=[visit.person.email],
        subject=f"Votre VIP TNS le {timezone.localtime(visit.scheduled_at):%d/%m/%Y à %H:%M}",
        body=body,
        related=visit,
        key=f"tns.visit.{visit.pk}.booked",
    )


@transaction.atomic
def record_outcome(*, actor, visit: TnsVisit, status: str) -> TnsVisit:
    """Held, absent or cancelled; held only once the visit has started."""
    if not actor.has_perm(perms.SCREENING_WRITE):
        raise PermissionDenied
    visit = TnsVisit.objects.visible_to(actor).select_for_update().filter(pk=visit.pk).first()
    if visit is None:
        raise PermissionDenied
    if status not in (TnsVisitStatus.HELD, TnsVisitStatus.ABSENT, TnsVisitStatus.CANCELLED):
        raise VisitError("Choisissez l'issue de la VIP TNS.")
    if visit.status != TnsVisitStatus.PLANNED:
        raise VisitError("L'issue de cette VIP TNS est déjà enregistrée.")
    if status != TnsVisitStatus.CANCELLED and visit.scheduled_at > timezone.now():
        raise VisitError("Une VIP TNS ne peut être dite réalisée ou manquée qu'une fois commencée.")
    with audit.actor_context(actor):
        visit.status = status
        visit.save(update_fields=["status", "updated_at"])
    return visit
