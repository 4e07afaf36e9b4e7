"""Reads of a case's plan, and the letters an employer may download."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts.context import AccessContext
from pdp.models import MeasuresLetter, PartnerRequest, PdpCase, PdpMeasure, PlanAction


@dataclass(frozen=True)
class Plan:
    measures: list[PdpMeasure]
    actions: list[PlanAction]
    partner_requests: list[PartnerRequest]
    letters: list[MeasuresLetter]


def plan_of(case: PdpCase) -> Plan:
    """Everything of a case's plan, in four queries."""
    return Plan(
        measures=list(case.measures.all()),
        actions=list(case.actions.select_related("owner", "measure")),
        partner_requests=list(case.partner_requests.select_related("partner")),
        letters=list(case.letters.select_related("issued_by")),
    )


def letters_for_member(ctx: AccessContext) -> QuerySet[MeasuresLetter]:
    """The member's measures letters (rendered ones), newest first: the employer's only view of
    the PDP (no case, no reason, no health data)."""
    if not (ctx.is_portal and ctx.adherent_id and ctx.has_perm("pdp.letter:view")):
        return MeasuresLetter.objects.none()
    return (
        MeasuresLetter.objects.filter(adherent_id=ctx.adherent_id)
        .exclude(pdf="")
        .select_related("case__worker")
        .order_by("-created_at")
    )
