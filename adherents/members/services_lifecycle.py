"""The end of a membership (resignation, striking off, ceased activity), by the member service.

A former member that applies online again comes back as the same member: see
joining.services_review (`validate` reactivates the row); its earlier periods stay in the
member's history (pghistory), never in another row.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from adherents import perms
from adherents.models import Adherent
from spsti.errors import DomainError

MANAGE = "adherents.adherent:manage"  # the member service keeps the members' files


class MembershipError(DomainError):
    """A refusal of the end of a membership."""


def latest_end_on(today: datetime.date) -> datetime.date:
    """How far ahead an end may be recorded: a resignation notified for the end of the year."""
    return datetime.date(today.year, 12, 31)


@transaction.atomic
def end_membership(
    *,
    actor: AccessContext,
    adherent: Adherent,
    ended_on: datetime.date,
    reason: str,
    note: str = "",
    today: datetime.date | None = None,
) -> Adherent:
    """End the member's membership on `ended_on` for `reason` (status « Radié »).

    Its portal accounts stay: the former member keeps reading its documents and invoices and
    downloading its data (reversibility); pending invoices stay due. Billing, the yearly
    trajectory and the workforce campaigns leave it out from now on. Its people and mandated
    firms write nothing more (accounts.roles.ended_member_permissions), from their next request:
    the member's save renews every portal context cached (adherents/hooks_portal_context.py),
    as its cancellation and its return (joining.services_review) do.
    """
    perms.require_staff(actor, MANAGE)
    # One at a time, and only a member the actor's centre follows (another centre's: 404).
    adherent = perms.visible(Adherent.objects.select_for_update(of=("self",)), actor, adherent.pk)
    today = today or timezone.localdate()
    if adherent.status == Adherent.Status.ENDED:
        raise MembershipError(
            f"{adherent.name} est déjà radié depuis le {adherent.ended_on:%d/%m/%Y}."
        )
    _check_end(adherent, ended_on, reason, today)
    adherent.status = Adherent.Status.ENDED
    adherent.ended_on = ended_on
    adherent.end_reason = reason
    # The note is kept with the change in the member's history (who, when, why).
    with audit.actor_context(actor, membership_end_note=note.strip()):
        adherent.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    return adherent


def _check_end(adherent: Adherent, ended_on: datetime.date, reason: str, today: datetime.date):
    if reason not in Adherent.EndReason.values:
        raise MembershipError("Choisissez le motif de la fin d'adhésion.")
    if ended_on < adherent.joined_on:
        raise MembershipError(
            f"La fin d'adhésion ne peut pas précéder l'adhésion du {adherent.joined_on:%d/%m/%Y}."
        )
    if ended_on > latest_end_on(today):
        raise MembershipError(
            f"La fin d'adhésion ne peut pas être enregistrée au-delà du "
            f"{latest_end_on(today):%d/%m/%Y}."
        )


def _ended_member(actor: AccessContext, adherent: Adherent, note: str) -> Adherent:
    """The member, locked, if its membership has ended; a correction always says why."""
    perms.require_staff(actor, MANAGE)
    adherent = perms.visible(Adherent.objects.select_for_update(of=("self",)), actor, adherent.pk)
    if adherent.status != Adherent.Status.ENDED:
        raise MembershipError(f"L'adhésion de {adherent.name} n'a pas pris fin.")
    if not note.strip():
        raise MembershipError("Précisez la raison de la correction : elle reste dans l'historique.")
    return adherent


@transaction.atomic
def correct_membership_end(
    *,
    actor: AccessContext,
    adherent: Adherent,
    ended_on: datetime.date,
    reason: str,
    note: str,
    today: datetime.date | None = None,
) -> Adherent:
    """Change the date or the reason of an ended membership (a resignation recorded on the day
    its letter arrived, not the day it takes effect): same limits as end_membership; the former
    values stay in the member's history with the note."""
    adherent = _ended_member(actor, adherent, note)
    _check_end(adherent, ended_on, reason, today or timezone.localdate())
    adherent.ended_on, adherent.end_reason = ended_on, reason
    with audit.actor_context(actor, membership_end_note=note.strip()):
        adherent.save(update_fields=["ended_on", "end_reason", "updated_at"])
    return adherent


def _status_before_end(adherent: Adherent) -> str:
    """The status the member had before its membership ended, read in its history (a member
    suspended then struck off by mistake is suspended again); « Adhérent » without history."""
    before = (
        adherent.events.exclude(status=Adherent.Status.ENDED)
        .order_by("-pgh_id")
        .values_list("status", flat=True)
        .first()
    )
    return before or Adherent.Status.ACTIVE


@transaction.atomic
def cancel_membership_end(*, actor: AccessContext, adherent: Adherent, note: str) -> Adherent:
    """Undo an end of membership recorded by mistake: the member gets back the status it had
    before, and billing, the trajectory and the workforce campaigns count it again. Nothing is
    erased: the end and its cancellation both stay in the member's history, with who and why."""
    adherent = _ended_member(actor, adherent, note)
    adherent.status = _status_before_end(adherent)
    adherent.ended_on, adherent.end_reason = None, ""
    with audit.actor_context(actor, membership_end_note=note.strip()):
        adherent.save(update_fields=["status", "ended_on", "end_reason", "updated_at"])
    return adherent
