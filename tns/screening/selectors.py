"""Reads of the screening. A staff read of a score is a read of health data: logged."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from accounts import audit
from tns import perms
from tns.models import ContactProposal, ProposalStatus, Screening, ScreeningStatus
from tns.rules import cbi

SCREENING_READ_ACTION = "tns.screening.read"


def own_screenings(ctx) -> QuerySet[Screening]:
    return (
        Screening.objects.visible_to(ctx)
        .filter(status=ScreeningStatus.SUBMITTED)
        .select_related("proposal")
        .order_by("-submitted_at")
    )


def own_draft(ctx) -> Screening | None:
    return Screening.objects.visible_to(ctx).filter(status=ScreeningStatus.DRAFT).first()


def own_result(ctx, pk: int) -> Screening:
    """The person's own submitted screening (404 for anyone else's)."""
    return get_object_or_404(
        Screening.objects.filter(person=ctx.user, status=ScreeningStatus.SUBMITTED).select_related(
            "proposal"
        ),
        pk=pk,
    )


def read_for_professional(ctx, pk: int, *, request=None) -> Screening:
    """A health professional of the person's team reads the scores; the read is logged."""
    if not ctx.has_perm(perms.SCREENING_READ):
        raise PermissionDenied
    screening = get_object_or_404(
        Screening.objects.visible_to(ctx)
        .filter(status=ScreeningStatus.SUBMITTED)
        .select_related("person", "affiliation"),
        pk=pk,
    )
    audit.record_read(ctx, SCREENING_READ_ACTION, screening, request=request)
    return screening


def proposal_list(ctx, *, show_closed: bool = False) -> QuerySet[ContactProposal]:
    qs = ContactProposal.objects.visible_to(ctx).select_related("screening__person", "handled_by")
    if not show_closed:
        qs = qs.exclude(status=ProposalStatus.CLOSED)
    return qs.order_by("due_on", "pk")


def proposal_detail(ctx, pk: int) -> ContactProposal:
    return get_object_or_404(
        ContactProposal.objects.visible_to(ctx).select_related(
            "screening__person", "screening__affiliation", "handled_by"
        ),
        pk=pk,
    )


def scale_rows(screening: Screening) -> list[dict]:
    """The scales to show: label, score, level label (never a diagnosis)."""
    limits = cbi.DEFAULT_THRESHOLDS
    rows = []
    for scale, value in (
        (cbi.Scale.PERSONAL, screening.personal_score),
        (cbi.Scale.WORK, screening.work_score),
        (cbi.Scale.CLIENT, screening.client_score),
    ):
        if value is None:
            continue
        level = limits.level(value)
        rows.append(
            {
                "label": cbi.SCALE_LABELS[scale],
                "score": value,
                "level": cbi.LEVEL_LABELS[level],
                "level_key": level.value,
            }
        )
    return rows
