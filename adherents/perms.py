"""Object predicates of the membership area, shared by views, templates, services and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from django.core.exceptions import PermissionDenied
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)

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


# --- Services check their own permissions (a task, the API or a shell cannot bypass a view) ---


def require_staff(actor: AccessContext, code: str) -> None:
    """Staff of a centre holding `code` (the same code the back-office view checks)."""
    if not (actor.is_staff and actor.center_id and actor.has_perm(code)):
        raise PermissionDenied


def require_portal(actor: AccessContext, code: str) -> None:
    """A member's person (or its mandated firm) holding `code` (the portal view's code)."""
    if not (actor.is_portal and actor.adherent_id and actor.has_perm(code)):
        raise PermissionDenied


def visible(queryset: QuerySet[M], actor: AccessContext, pk: int | None) -> M:
    """The row of this queryset the actor sees (`visible_to`), as the view's 404 otherwise."""
    found = queryset.visible_to(actor).filter(pk=pk).first() if pk is not None else None
    if found is None:
        raise Http404("Objet introuvable.")
    return found
