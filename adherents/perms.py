"""Object predicates of the membership area, shared by views, templates, services and the API."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.context import AccessContext
    from adherents.models import Adherent


def can_manage_mandates(ctx: AccessContext, adherent: Adherent) -> bool:
    """Only the member's own account admin grants or revokes a firm's mandate, never a firm."""
    return (
        ctx.is_portal
        and not ctx.via_firm
        and ctx.adherent_id == adherent.pk
        and ctx.has_perm("adherents.mandate:manage")
    )
