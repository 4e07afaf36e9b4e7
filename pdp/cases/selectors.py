"""Reads of PDP cases: the lists, one case's page (each read logged), indicators."""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet

from accounts import audit
from accounts.context import AccessContext
from pdp import perms
from pdp.models import CaseFollowUp, CaseStep, Consent, LiaisonMeeting, PdpCase
from pdp.rules import cases as rules

READ_ACTION = "pdp.case.read"


def case_list(ctx: AccessContext, *, status: str = "", mine: bool = False) -> QuerySet[PdpCase]:
    """The cases this staff member may read, newest referral first (2 joins, no N+1)."""
    cases = PdpCase.objects.visible_to(ctx).select_related("worker__adherent", "owner", "adherent")
    if status in rules.ORDER:
        cases = cases.filter(status=status)
    if mine:
        cases = cases.filter(owner_id=ctx.user.pk)
    return cases.order_by("-received_on", "-pk")


def open_case_of(worker) -> PdpCase | None:
    """The worker's open case, if any (to link from a refused second referral)."""
    return PdpCase.objects.open().filter(worker=worker).first()


@dataclass(frozen=True)
class CaseRecord:
    case: PdpCase
    steps: list[CaseStep]
    consents: list[Consent]
    liaison_meetings: list[LiaisonMeeting]
    follow_ups: list[CaseFollowUp]
    can_write: bool
    evaluation_visits: list


# The physician's evaluation rests on these visits of the worker (L4624-2-4, R4624-31).
EVALUATION_KINDS = ("PRE_REPRISE", "REPRISE")


def evaluation_visits(case: PdpCase) -> list:
    """The worker's pré-reprise and reprise visits (suivi_sante), newest first, at most 10."""
    if not case.worker_id:
        return []
    from suivi_sante.models import Visit

    return list(
        Visit.objects.filter(worker_id=case.worker_id, kind__in=EVALUATION_KINDS)
        .select_related("professional")
        .order_by("-scheduled_at")[:10]
    )


def read_case(ctx: AccessContext, case: PdpCase, *, request=None) -> CaseRecord:
    """One case's page; each call is a logged read in the sensitive-access log."""
    audit.record_read(ctx, READ_ACTION, case, request=request)
    return CaseRecord(
        case=case,
        steps=list(case.steps.select_related("actor")),
        consents=list(case.consents.select_related("recorded_by", "partner")),
        liaison_meetings=list(case.liaison_meetings.all()),
        follow_ups=list(case.follow_ups.all()),
        can_write=perms.can_write_case(ctx, case),
        evaluation_visits=evaluation_visits(case),
    )


def case_for_write(ctx: AccessContext, pk: int) -> PdpCase:
    """The case if visible (else Http404) and the actor works on it (else PermissionDenied)."""
    from django.core.exceptions import PermissionDenied

    case = case_for_page(ctx, pk)
    if not perms.can_write_case(ctx, case):
        raise PermissionDenied("Seuls les membres de la cellule PDP travaillent sur ce dossier.")
    return case


def case_for_page(ctx: AccessContext, pk: int) -> PdpCase:
    """The case if visible (else Http404), with what its page shows."""
    from django.shortcuts import get_object_or_404

    return get_object_or_404(
        PdpCase.objects.visible_to(ctx).select_related(
            "worker__adherent", "owner", "adherent", "referred_by"
        ),
        pk=pk,
    )
