"""Writes of the co-development workshops: sessions (≤ 8), registration with the charter,
attendance and satisfaction."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import audit
from spsti.errors import DomainError
from tns import perms
from tns.workshops.models import (
    CHARTER_VERSION,
    MAX_PARTICIPANTS,
    WorkshopRegistration,
    WorkshopSession,
)


class WorkshopError(DomainError):
    """A refusal of the workshops; French message shown as is."""


@transaction.atomic
def create_session(*, actor, title, starts_at, place, capacity=MAX_PARTICIPANTS, facilitator=None):
    if not actor.has_perm(perms.WORKSHOP_MANAGE) or not actor.center_id:
        raise PermissionDenied
    if not 2 <= capacity <= MAX_PARTICIPANTS:
        raise WorkshopError(
            f"Un atelier de codéveloppement réunit de 2 à {MAX_PARTICIPANTS} personnes."
        )
    if starts_at <= timezone.now():
        raise WorkshopError("La date de l'atelier doit être à venir.")
    with audit.actor_context(actor):
        return WorkshopSession.objects.create(
            center_id=actor.center_id,
            title=title,
            starts_at=starts_at,
            place=place,
            capacity=capacity,
            facilitator=facilitator,
        )


@transaction.atomic
def register(*, actor, session: WorkshopSession, charter_accepted: bool) -> WorkshopRegistration:
    """Register the person: open affiliation, charter accepted, a seat left (session locked)."""
    if not perms.has_open_affiliation(actor, timezone.localdate()):
        raise WorkshopError(
            "Votre affiliation à l'offre n'est pas en cours : l'inscription n'est pas possible."
        )
    if not charter_accepted:
        raise WorkshopError("Acceptez la charte de confidentialité pour vous inscrire.")
    session = WorkshopSession.objects.select_for_update().get(pk=session.pk)
    if session.starts_at <= timezone.now():
        raise WorkshopError("Cet atelier a déjà eu lieu.")
    live = session.registrations.filter(cancelled_at__isnull=True)
    if live.filter(person=actor.user).exists():
        raise WorkshopError("Vous êtes déjà inscrit(e) à cet atelier.")
    if live.count() >= session.capacity:
        raise WorkshopError("Cet atelier est complet.")
    with audit.actor_context(actor):
        return WorkshopRegistration.objects.create(
            session=session,
            person=actor.user,
            charter_accepted_at=timezone.now(),
            charter_version=CHARTER_VERSION,
        )


@transaction.atomic
def cancel(*, actor, registration: WorkshopRegistration) -> None:
    registration = WorkshopRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.person_id != actor.user.pk:
        raise PermissionDenied
    if registration.cancelled_at is not None:
        return
    with audit.actor_context(actor):
        registration.cancelled_at = timezone.now()
        registration.save(update_fields=["cancelled_at", "updated_at"])


@transaction.atomic
def record_attendance(*, actor, session: WorkshopSession, present_ids: set[int]) -> None:
    if not actor.has_perm(perms.WORKSHOP_MANAGE):
        raise PermissionDenied
    session = WorkshopSession.objects.visible_to(actor).select_for_update().get(pk=session.pk)
    with audit.actor_context(actor):
        for registration in session.registrations.filter(cancelled_at__isnull=True):
            registration.attended = registration.pk in present_ids
            registration.save(update_fields=["attended", "updated_at"])


@transaction.atomic
def rate(*, actor, registration: WorkshopRegistration, satisfaction: int, comment: str = ""):
    """The participant's satisfaction (1 to 5), after an attended session."""
    registration = WorkshopRegistration.objects.select_for_update().get(pk=registration.pk)
    if registration.person_id != actor.user.pk:
        raise PermissionDenied
    if not registration.attended:
        raise WorkshopError("Vous pourrez donner votre avis après avoir participé à l'atelier.")
    if not 1 <= satisfaction <= 5:
        raise WorkshopError("Choisissez une note de 1 à 5.")
    with audit.actor_context(actor):
        registration.satisfaction = satisfaction
        registration.comment = comment
        registration.save(update_fields=["satisfaction", "comment", "updated_at"])
