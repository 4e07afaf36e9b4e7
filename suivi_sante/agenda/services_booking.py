"""The employer books a due visit himself on a slot the secretary opened, and may move it until
the change deadline (issue 17, item 4). The visit and its convocation are made by the same
`place_visit` as the secretary's booking: same checks (R4623-14 for nurses), same mail."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from suivi_sante.agenda import selectors_booking as booking
from suivi_sante.agenda.services import place_visit
from suivi_sante.enums import ConvocationStatus, VisitStatus
from suivi_sante.errors import BookingError
from suivi_sante.models import Convocation, DueVisit, Slot, Visit

NOT_OPEN = "Ce créneau n'est plus ouvert à la réservation : choisissez-en un autre."
OUT_OF_WINDOW = "Ce créneau est hors de la période proposée pour cette visite."
NOT_HOLDER = "Le professionnel de ce créneau ne peut pas réaliser cette visite."


def _lock_slot(*, slot_id: int, team, adherent_id: int, due_on, kind, performers, consent) -> Slot:
    """The open slot, its row locked: a second employer on the same slot waits here, then
    finds it taken (place_visit) and is told so."""
    slot = (
        booking.open_slots(team=team, adherent_id=adherent_id)
        .select_for_update(of=("self",))
        .select_related("establishment")
        .filter(pk=slot_id)
        .first()
    )
    if slot is None:
        raise BookingError(NOT_OPEN)
    start, end = booking.window(due_on)
    if not start <= slot.starts_at < end:
        raise BookingError(OUT_OF_WINDOW)
    # place_visit refuses a nurse without protocol too; this also refuses a teleconsultation
    # without consent and a profession the due visit excludes, in the employer's words.
    if not booking.slot_fits(
        slot, kind=kind, performers=performers, team_id=team.pk, consent=consent
    ):
        raise BookingError(NOT_HOLDER)
    return slot


@transaction.atomic
def self_book(*, actor: AccessContext, due: DueVisit, slot: Slot) -> Visit:
    """Book this due visit of one of the member's workers on an open slot."""
    if not booking.may_self_book(actor):
        raise PermissionDenied
    # The due visit's row is locked: two clicks for one worker book one visit.
    due = (
        booking.bookable_due_visits(actor).select_for_update(of=("self",)).filter(pk=due.pk).first()
    )
    if due is None:
        raise PermissionDenied
    if booking.planned_visits_by_due([due]):
        raise BookingError(
            "Cette visite est déjà réservée : vous pouvez la déplacer depuis sa convocation."
        )
    worker = due.worker
    slot = _lock_slot(
        slot_id=slot.pk,
        team=due.team,
        adherent_id=worker.adherent_id,
        due_on=due.due_on,
        kind=due.kind,
        performers=due.performers,
        consent=worker.teleconsultation_consent_at is not None,
    )
    return place_visit(actor=actor, worker=worker, kind=due.kind, slot=slot, due=due, mode=None)


@transaction.atomic
def self_move(*, actor: AccessContext, visit: Visit, slot: Slot) -> Visit:
    """Move a visit the employer booked to another open slot, before the change deadline; the
    old visit is cancelled ("Déplacée par l'employeur") and the new one carries its due date."""
    if not booking.may_self_book(actor):
        raise PermissionDenied
    old = (
        Visit.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .select_related("worker__adherent", "team", "booked_by")
        .filter(pk=visit.pk)
        .first()
    )
    if old is None:
        raise PermissionDenied
    if old.status != VisitStatus.PLANNED or Visit.objects.filter(rebooked_from=old).exists():
        raise BookingError("Cette visite n'est plus prévue : elle ne peut pas être déplacée.")
    if not booking.booked_by_employer(old):
        raise BookingError(
            "Cette visite a été programmée par le service : demandez-lui un autre créneau "
            "en répondant à la convocation."
        )
    deadline = timezone.localtime(booking.change_deadline(old))
    if timezone.now() >= deadline:
        raise BookingError(
            f"Cette visite ne peut plus être déplacée en ligne depuis le {deadline:%d/%m/%Y} à "
            f"{deadline:%H:%M} : demandez un autre créneau au service en répondant à la "
            "convocation."
        )
    if slot.pk == old.slot_id:
        raise BookingError("La visite est déjà prévue sur ce créneau.")
    worker = old.worker
    new_slot = _lock_slot(
        slot_id=slot.pk,
        team=old.team,
        adherent_id=worker.adherent_id,
        due_on=old.due_on or timezone.localtime(old.scheduled_at).date(),
        kind=old.kind,
        performers=booking.performers_for(old),
        consent=worker.teleconsultation_consent_at is not None,
    )
    now = timezone.now()
    old.status, old.status_note = VisitStatus.CANCELLED, "Déplacée par l'employeur"
    with audit.actor_context(actor):
        old.save(update_fields=["status", "status_note", "updated_at"])
        Convocation.objects.filter(visit=old).update(
            status=ConvocationStatus.CANCELLED, updated_at=now
        )
    return place_visit(
        actor=actor,
        worker=worker,
        kind=old.kind,
        slot=new_slot,
        due=None,
        mode=None,
        rebooked_from=old,
        carried=(old.due_on, old.due_reason),
    )
