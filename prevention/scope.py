"""Visibility shared by prevention's querysets: a member's own, or the centre's teams."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from accounts.context import AccessContext


def scoped(qs: models.QuerySet, ctx: AccessContext, code: str, adherent_path: str):
    """Rows of the current member (portal) or of the centre's teams (staff), if `code` is held.

    `adherent_path` leads from the model to its Adherent ("establishment__adherent").
    """
    if not ctx.has_perm(code):
        return qs.none()
    if ctx.is_portal and ctx.adherent_id:
        return qs.filter(**{f"{adherent_path}_id": ctx.adherent_id})
    if ctx.is_staff and ctx.center_id:
        return qs.filter(**{f"{adherent_path}__team_id__in": ctx.team_ids})
    return qs.none()
