"""Visibility shared by the membership area's querysets (`Model.objects.visible_to(ctx)`).

The portal branch: the member the context acts for, and only with the code its role or its
accounting firm's mandate grants (a mandate's scopes become codes in `accounts.roles`). The staff
branch: the current centre's teams (or the centre itself, for what belongs to a centre).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from accounts.context import AccessContext


def of_member(
    qs: models.QuerySet,
    ctx: AccessContext,
    adherent_path: str = "adherent",
    *,
    portal_code: str | None = None,
    staff: bool = True,
    portal: bool = True,
):
    """Rows of the member acted for (portal) or of the current centre's teams (staff).

    `adherent_path` leads from the model to its Adherent ("establishment__adherent").
    """
    if portal and ctx.is_portal and ctx.adherent_id:
        if portal_code and not ctx.has_perm(portal_code):
            return qs.none()
        return qs.filter(**{f"{adherent_path}_id": ctx.adherent_id})
    if staff and ctx.is_staff and ctx.center_id:
        return qs.filter(**{f"{adherent_path}__team_id__in": ctx.team_ids})  # no join on teams
    return qs.none()


def of_centre(qs: models.QuerySet, ctx: AccessContext, center_path: str = "center"):
    """Rows that belong to the current centre (staff only)."""
    if ctx.is_staff and ctx.center_id:
        return qs.filter(**{f"{center_path}_id": ctx.center_id})
    return qs.none()


def staff_only(qs: models.QuerySet, ctx: AccessContext):
    """Rows of the whole service, read by the staff of a centre (tariffs, surveys)."""
    if ctx.is_staff and ctx.center_id:
        return qs.all()
    return qs.none()
