"""Object-level predicates of individual follow-up, shared by views, services and templates."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.context import AccessContext
from accounts.enums import StaffRole
from suivi_sante.models import DelegationProtocol, Visit, Worker
from suivi_sante.rules import delegation


def worker_team_id(worker: Worker) -> int:
    """The team that follows this worker: the one of the member that employs them."""
    return worker.adherent.team_id


def manages_agenda(ctx: AccessContext) -> bool:
    """Staff of a centre who manage its agenda (slots, bookings, rebookings)."""
    return ctx.is_staff and ctx.center_id is not None and ctx.has_perm("suivi_sante.agenda:manage")


def can_read_dmst(ctx: AccessContext, worker: Worker) -> bool:
    """The worker's health professionals only (L4624-8, secret médical L1110-4 CSP).

    A physician or nurse assigned to the worker's team, or a professional named by an active
    protocol of that team. Never an employer, a secretary or a prevention assistant.
    """
    if not (ctx.is_staff and ctx.has_perm("suivi_sante.dmst:read")):
        return False
    team_id = worker_team_id(worker)
    if ctx.in_team(team_id):
        return True
    return (
        DelegationProtocol.objects.active_on(timezone.localdate())
        .filter(team_id=team_id, named_professionals=ctx.user)
        .exists()
    )


def sees_health_reasons(ctx: AccessContext | None) -> bool:
    """Health reasons of the follow-up (pregnancy, disability, the physician's grounds): the
    health professionals only (L1110-4 CSP, L4624-8), as suivi_sante.perms_disclosure shows them.

    A physician or a nurse of the centre; never the medical secretary, the other staff, a
    member's roles or an accounting firm.
    """
    return bool(ctx and ctx.is_staff and ctx.has_perm("suivi_sante.dmst:read"))


def can_write_dmst(ctx: AccessContext, worker: Worker) -> bool:
    """Writing the DMST: the same professionals as reading it."""
    return ctx.has_perm("suivi_sante.dmst:write") and can_read_dmst(ctx, worker)


def covering_protocol(*, team_id: int, kind: str, day: datetime.date) -> DelegationProtocol | None:
    """The active protocol of the team delegating this kind on that day, if any (R4623-14)."""
    if not delegation.nurse_may_hold(kind):
        return None
    return (
        DelegationProtocol.objects.covering(team_id=team_id, kind=kind, day=day)
        .order_by("-valid_from")
        .first()
    )


def can_hold_visit(ctx: AccessContext, visit: Visit) -> bool:
    """The booked professional holds the visit: a physician any kind, a nurse under protocol."""
    if not (ctx.is_staff and ctx.has_perm("suivi_sante.visit:write")):
        return False
    if not ctx.sees_team(visit.team_id) or visit.professional_id != ctx.user.pk:
        return False
    if StaffRole.PHYSICIAN in ctx.staff_roles and visit.performer == "physician":
        return True
    return (
        StaffRole.NURSE in ctx.staff_roles
        and visit.performer == "nurse"
        and visit.protocol_id is not None
        and delegation.nurse_may_hold(visit.kind)
    )
