"""Delegation protocols: a physician signs what the team's nurses may hold (R4623-14, L4622-8).

A protocol is never deleted: it ends (valid_until), and the visits held under it keep pointing
to it.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from accounts.enums import StaffRole
from accounts.models import Team
from suivi_sante.dmst.selectors import centre_professionals
from suivi_sante.enums import VisitKind
from suivi_sante.errors import FollowUpError
from suivi_sante.models import DelegationProtocol
from suivi_sante.rules import delegation
from suivi_sante.rules.kinds import VisitKind as RuleKind


def _require_team_physician(actor: AccessContext, team_id: int) -> None:
    if not (
        actor.is_staff
        and actor.has_perm("suivi_sante.protocol:manage")
        and StaffRole.PHYSICIAN in actor.staff_roles
        and actor.in_team(team_id)
    ):
        raise PermissionDenied


@transaction.atomic
def create_protocol(
    *,
    actor: AccessContext,
    team: Team,
    title: str,
    delegated_kinds: Iterable[str],
    conditions: str,
    referral_cases: str,
    staffing_hypothesis: str,
    cmt_approved_on: datetime.date,
    valid_from: datetime.date,
    valid_until: datetime.date | None = None,
    named_professionals: Iterable = (),
) -> DelegationProtocol:
    """The current physician signs a protocol for one of their teams, today (R4623-14)."""
    _require_team_physician(actor, team.pk)
    kinds = list(dict.fromkeys(delegated_kinds))
    if not kinds:
        raise FollowUpError("Cochez au moins une visite déléguée.")
    if any(kind not in VisitKind.values for kind in kinds):
        raise FollowUpError("Type de visite inconnu.")
    refused = [
        VisitKind(kind).label for kind in kinds if not delegation.nurse_may_hold(RuleKind(kind))
    ]
    if refused:
        raise FollowUpError(
            f"Ne peut pas être délégué : {', '.join(refused)}. L'EMAE, le renouvellement de "
            "l'examen d'aptitude SIR et la visite de fin de carrière restent au médecin du "
            "travail (R4623-14)."
        )
    if valid_until is not None and valid_until < valid_from:
        raise FollowUpError("La fin de validité précède son début.")
    today = timezone.localdate()
    if cmt_approved_on > today:
        raise FollowUpError("La date d'approbation par la CMT ne peut pas être dans le futur.")
    named = list(named_professionals)
    allowed = set(centre_professionals(actor).values_list("pk", flat=True))
    if any(person.pk not in allowed for person in named):
        raise FollowUpError("Seuls les médecins et infirmiers du centre peuvent être désignés.")
    with audit.actor_context(actor):
        protocol = DelegationProtocol.objects.create(
            team=team,
            title=title.strip(),
            signed_by=actor.user,
            signed_on=today,
            delegated_kinds=kinds,
            conditions=conditions.strip(),
            referral_cases=referral_cases.strip(),
            staffing_hypothesis=staffing_hypothesis,
            cmt_approved_on=cmt_approved_on,
            valid_from=valid_from,
            valid_until=valid_until,
        )
        protocol.named_professionals.set(named)
    return protocol


@transaction.atomic
def end_protocol(*, actor: AccessContext, protocol: DelegationProtocol) -> DelegationProtocol:
    """End a protocol today; the row stays, with the visits held under it (never deleted)."""
    _require_team_physician(actor, protocol.team_id)
    protocol = DelegationProtocol.objects.select_for_update(of=("self",)).get(pk=protocol.pk)
    today = timezone.localdate()
    if protocol.valid_until == today:
        raise FollowUpError("Ce protocole prend déjà fin aujourd'hui.")
    if protocol.valid_until is not None and protocol.valid_until < today:
        raise FollowUpError(f"Ce protocole a pris fin le {protocol.valid_until:%d/%m/%Y}.")
    if protocol.valid_from > today:
        raise FollowUpError(
            f"Ce protocole ne commence que le {protocol.valid_from:%d/%m/%Y} : il ne peut pas "
            "prendre fin avant d'avoir commencé."
        )
    protocol.valid_until = today
    with audit.actor_context(actor):
        protocol.save(update_fields=["valid_until", "updated_at"])
    return protocol
