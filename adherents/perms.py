"""Object predicates of the membership area, shared by views, templates, services and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.context import AccessContext
    from adherents.models import Adherent, TrajectoryStepDefinition

TRAJECTORY_MANAGE = "adherents.trajectory:manage"


def can_manage_mandates(ctx: AccessContext, adherent: Adherent) -> bool:
    """Only the member's own account admin grants or revokes a firm's mandate, never a firm."""
    return (
        ctx.is_portal
        and not ctx.via_firm
        and ctx.adherent_id == adherent.pk
        and ctx.has_perm("adherents.mandate:manage")
    )


def can_act_on(ctx: AccessContext, definition: TrajectoryStepDefinition) -> bool:
    """Marks a step done or "sans objet": its owner role, or whoever manages the trajectory."""
    return definition.owner_role in ctx.staff_roles or ctx.has_perm(TRAJECTORY_MANAGE)
