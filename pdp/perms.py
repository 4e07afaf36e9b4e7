"""Who may do what with PDP cases: predicates (ctx, obj) -> bool, used by views and services.

A PDP case is health data (L4622-8-1, secret médical L1110-4 CSP): only the cell's members and
the worker's own physician and nurse read it; only the cell's members work on it; the employer
sees only the measures letter.
"""

from __future__ import annotations

from django.core.cache import cache

from accounts.context import AccessContext
from pdp.models import CellMember, PdpCase


def cell_membership(ctx: AccessContext) -> CellMember | None:
    """This staff member's active membership of the current centre's cell, if any."""
    if not (ctx.is_staff and ctx.center_id):
        return None
    return CellMember.objects.active().filter(center_id=ctx.center_id, user_id=ctx.user.pk).first()


def is_cell_member(ctx: AccessContext) -> bool:
    """A member of the current centre's PDP cell holding the cell's codes."""
    return ctx.has_perm("pdp.case:write") and cell_membership(ctx) is not None


MENU_CACHE_SECONDS = 60


def menu_cell_member(ctx: AccessContext) -> bool:
    """is_cell_member for the menu of every page, kept a minute in the cache (no query on each
    page; a new member sees the cell's links within a minute, the views check at once)."""
    if not ctx.has_perm("pdp.case:write"):
        return False
    key = f"pdp:menu-cell-member:{ctx.center_id}:{ctx.user.pk}"
    return cache.get_or_set(key, lambda: is_cell_member(ctx), MENU_CACHE_SECONDS)


def is_coordinator(ctx: AccessContext) -> bool:
    """The coordinator of the current centre's cell (L4622-8-1)."""
    membership = cell_membership(ctx)
    return bool(membership and membership.is_coordinator and ctx.has_perm("pdp.case:write"))


def can_manage_cell(ctx: AccessContext) -> bool:
    """Setting up the current centre's cell (members, coordinator): its coordinator, or the
    centre's management ("pdp.cell:manage")."""
    if not (ctx.is_staff and ctx.center_id):
        return False
    return ctx.has_perm("pdp.cell:manage") or is_coordinator(ctx)


def is_own_professional(ctx: AccessContext, case: PdpCase) -> bool:
    """The worker's own physician or nurse: assigned to the team following the worker."""
    return bool(
        case.worker_id
        and ctx.has_perm("suivi_sante.dmst:read")
        and case.worker.adherent.team_id in ctx.own_team_ids
    )


def can_read_case(ctx: AccessContext, case: PdpCase) -> bool:
    """The cell of the case's centre and the worker's own physician and nurse."""
    if not (ctx.is_staff and ctx.has_perm("pdp.case:read") and case.center_id == ctx.center_id):
        return False
    return is_cell_member(ctx) or is_own_professional(ctx, case)


def can_write_case(ctx: AccessContext, case: PdpCase) -> bool:
    """Working on a case (steps, consents, plan): the cell's members of its centre."""
    return ctx.is_staff and case.center_id == ctx.center_id and is_cell_member(ctx)


def can_refer(ctx: AccessContext) -> bool:
    """Referring a worker to the cell: staff of a centre holding the referral code."""
    return ctx.is_staff and ctx.center_id is not None and ctx.has_perm("pdp.referral:create")
