"""Portal writes of the joining area: the member's contacts and new establishments, and hiding
the first-login checklist. Contacts are ended, never deleted."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from adherents import perms
from adherents.joining.services import JoiningError, establishment_problem
from adherents.models import Adherent, Contact, Establishment

MANAGE = "adherents.adherent:manage"


def _member(actor: AccessContext) -> Adherent:
    """The actor's own member, locked; only its admin (never a firm) edits it here. A former
    member's admin no longer holds MANAGE (accounts.roles.ended_member_permissions): its space
    is read-only, and the 403 says why (its membership has ended, how to come back)."""
    if not (actor.is_portal and actor.adherent_id and actor.has_perm(MANAGE)):
        raise PermissionDenied
    return Adherent.objects.select_for_update().get(pk=actor.adherent_id)


@transaction.atomic
def add_contact(*, actor: AccessContext, data: dict[str, Any]) -> Contact:
    adherent = _member(actor)
    establishment = data.get("establishment")
    if establishment is not None and establishment.adherent_id != adherent.pk:
        raise PermissionDenied
    with audit.actor_context(actor):
        return Contact.objects.create(adherent=adherent, **data)


@transaction.atomic
def end_contact(*, actor: AccessContext, contact: Contact) -> Contact:
    _member(actor)  # its admin only, the member locked
    contact = perms.visible(Contact.objects.select_for_update(), actor, contact.pk)  # 404
    if contact.is_active:
        with audit.actor_context(actor):
            contact.is_active = False
            contact.save(update_fields=["is_active", "updated_at"])
    return contact


def add_establishment(*, actor: AccessContext, data: dict[str, Any]) -> Establishment:
    """A new site or worksite of the member, under the application's SIRET rules."""
    try:
        with transaction.atomic():
            adherent = _member(actor)
            others = list(Establishment.objects.filter(adherent=adherent).values("siret", "kind"))
            if error := establishment_problem(siren=adherent.siren, entry=data, others=others):
                raise JoiningError(error)
            with audit.actor_context(actor):
                return Establishment.objects.create(adherent=adherent, is_head_office=False, **data)
    except IntegrityError:  # the same SIRET registered meanwhile
        raise JoiningError(
            f"Le SIRET {data['siret']} vient d'être enregistré au service : rien n'a été ajouté."
        ) from None


@transaction.atomic
def dismiss_checklist(*, actor: AccessContext) -> None:
    adherent = _member(actor)
    if adherent.checklist_dismissed_at is None:
        with audit.actor_context(actor):
            adherent.checklist_dismissed_at = timezone.now()
            adherent.save(update_fields=["checklist_dismissed_at", "updated_at"])
