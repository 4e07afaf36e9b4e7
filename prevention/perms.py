"""Object predicates of prevention (FE, prevention visits), shared by views, services and
templates: who may do what on which member's object."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from accounts.context import AccessContext
    from adherents.models import Establishment
    from prevention.models import FicheEntreprise


def team_id_of(fiche: FicheEntreprise) -> int:
    """The team that follows the member of this FE."""
    return fiche.establishment.adherent.team_id


def can_write(ctx: AccessContext, fiche: FicheEntreprise) -> bool:
    """Prevention staff (ASST, IPRP) of the centre that follows the member draft its FE."""
    return (
        ctx.is_staff and ctx.has_perm("prevention.fiche:write") and ctx.sees_team(team_id_of(fiche))
    )


def can_validate(ctx: AccessContext, fiche: FicheEntreprise) -> bool:
    """Only a physician assigned to the member's team validates its FE (R4624-46)."""
    return (
        ctx.is_staff
        and ctx.has_perm("prevention.fiche:validate")
        and ctx.in_team(team_id_of(fiche))
    )


def can_write_visit(ctx: AccessContext, establishment: Establishment) -> bool:
    """Prevention staff of the centre plan and record the member's prevention visits."""
    return (
        ctx.is_staff
        and ctx.has_perm("prevention.visit:write")
        and ctx.sees_team(establishment.adherent.team_id)
    )
