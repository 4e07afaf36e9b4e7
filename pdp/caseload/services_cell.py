"""Writes of the cell's membership: add a member of the centre's staff, designate or relieve
the coordinator (L4622-8-1), end a membership (never deleted: the history keeps it)."""

from __future__ import annotations

import datetime

from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.http import Http404

from accounts import audit
from accounts.context import AccessContext
from accounts.enums import StaffRole
from accounts.models import StaffAssignment
from pdp import perms
from pdp.caseload.selectors import ROLE_FUNCTIONS
from pdp.errors import PdpError
from pdp.models import CellMember, PdpCase

REFUSED = "La composition de la cellule est réservée à sa coordination et à la direction."


def _check(actor: AccessContext, center_id: int) -> None:
    """Another centre's cell does not exist for the actor; its own, only its managers touch."""
    if not (actor.is_staff and center_id == actor.center_id):
        raise Http404("Membre introuvable.")
    if not perms.can_manage_cell(actor):
        raise PermissionDenied(REFUSED)


def _active(member: CellMember) -> None:
    if member.ended_on is not None:
        raise PdpError(f"{member.user} ne fait plus partie de la cellule.")


@transaction.atomic
def add_member(*, actor: AccessContext, assignment: StaffAssignment) -> CellMember:
    """A member of the centre's staff holding a role of the cell joins it, with the function
    of that role and the centre's default saturation threshold."""
    _check(actor, assignment.center_id)
    function = ROLE_FUNCTIONS.get(assignment.role)
    if assignment.ended_on is not None or function is None:
        raise PdpError(
            "Seul un membre de l'équipe du centre ayant un rôle de la cellule la rejoint."
        )
    already = f"{assignment.user} fait déjà partie de la cellule."
    if (
        CellMember.objects.active()
        .filter(center_id=assignment.center_id, user_id=assignment.user_id)
        .exists()
    ):
        raise PdpError(already)
    try:
        with transaction.atomic(), audit.actor_context(actor):
            return CellMember.objects.create(
                center_id=assignment.center_id, user_id=assignment.user_id, function=function
            )
    except IntegrityError as error:  # a concurrent add (pdp_cell_member_active_unique)
        raise PdpError(already) from error


@transaction.atomic
def set_coordinator(*, actor: AccessContext, member: CellMember, coordinator: bool) -> CellMember:
    """Designate the cell's coordinator (the previous one is relieved) or relieve it. A member
    who is not a physician coordinates on a physician's designation (L4622-8-1): the actor must
    then be a physician of the centre, recorded as `designated_by`."""
    _check(actor, member.center_id)
    member = CellMember.objects.select_for_update().get(pk=member.pk)
    _active(member)
    designated_by = None
    if coordinator and member.function != "physician":
        if StaffRole.PHYSICIAN not in actor.staff_roles:
            raise PdpError(
                "Un membre qui n'est pas médecin coordonne la cellule sur désignation d'un "
                "médecin du travail (L4622-8-1) : cette désignation est faite par un médecin."
            )
        designated_by = actor.user
    with audit.actor_context(actor):
        if coordinator:
            CellMember.objects.active().filter(
                center_id=member.center_id, is_coordinator=True
            ).exclude(pk=member.pk).update(is_coordinator=False, designated_by=None)
        member.is_coordinator = coordinator
        member.designated_by = designated_by
        member.save(update_fields=["is_coordinator", "designated_by", "updated_at"])
    return member


@transaction.atomic
def end_member(*, actor: AccessContext, member: CellMember, today: datetime.date) -> CellMember:
    """The member leaves the cell today; their open cases go to another member first."""
    _check(actor, member.center_id)
    member = CellMember.objects.select_for_update().get(pk=member.pk)
    _active(member)
    owned = PdpCase.objects.open().filter(center_id=member.center_id, owner_id=member.user_id)
    if count := owned.count():
        raise PdpError(
            f"{member.user} est référent(e) de {count} dossier{'s' if count > 1 else ''} "
            f"ouvert{'s' if count > 1 else ''} : confiez-les à un autre membre avant son retrait."
        )
    member.ended_on = today
    member.is_coordinator = False
    member.designated_by = None
    with audit.actor_context(actor):
        member.save(update_fields=["ended_on", "is_coordinator", "designated_by", "updated_at"])
    return member
