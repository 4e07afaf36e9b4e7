"""Reads of the non-conformity register."""

from __future__ import annotations

import datetime

from django.db.models import Count, F, Prefetch, Q, QuerySet

from certification.nonconformities.models import CorrectiveAction, NonConformity


def register_for(ctx, *, status: str = "") -> QuerySet[NonConformity]:
    """The centre's register, the latest first, with counts of actions (one query)."""
    qs = NonConformity.objects.visible_to(ctx)
    if status == "open":
        qs = qs.filter(closed_on__isnull=True)
    elif status == "closed":
        qs = qs.filter(closed_on__isnull=False)
    return qs.select_related("criterion", "complaint").annotate(
        action_count=Count("actions"),
        open_action_count=Count("actions", filter=Q(actions__done_on__isnull=True)),
    )


def detail_of(ctx, pk: int) -> NonConformity:
    return (
        NonConformity.objects.visible_to(ctx)
        .select_related(
            "criterion__chapter", "complaint", "audit", "raised_by", "escalated_at_audit"
        )
        .prefetch_related(
            Prefetch("actions", queryset=CorrectiveAction.objects.select_related("owner"))
        )
        .get(pk=pk)
    )


def open_on(day: datetime.date) -> Q:
    """A non-conformity open at the end of `day`: detected by then, not closed by then."""
    return Q(detected_on__lte=day) & (Q(closed_on__isnull=True) | Q(closed_on__gt=day))


def action_late_on(day: datetime.date) -> Q:
    """A corrective action late at the end of `day`: its non-conformity detected by then, due
    before that day and not done by then (rules.nonconformities.action_is_late)."""
    return Q(nonconformity__detected_on__lte=day, due_on__lt=day) & (
        Q(done_on__isnull=True) | Q(done_on__gt=day)
    )


def open_counts(center_id: int, today: datetime.date) -> dict:
    """Open NCs by severity and late corrective actions (indicator nc_open, management review)."""
    open_ncs = NonConformity.objects.filter(open_on(today), center_id=center_id)
    return {
        "minor": open_ncs.filter(severity="minor").count(),
        "major": open_ncs.filter(severity="major").count(),
        "late_actions": CorrectiveAction.objects.filter(
            action_late_on(today), nonconformity__center_id=center_id
        ).count(),
    }


def actions_owned_by(ctx) -> QuerySet[CorrectiveAction]:
    """The actions a staff member owns in the current centre, open ones first."""
    if not (ctx.is_staff and ctx.center_id):
        return CorrectiveAction.objects.none()
    return (
        CorrectiveAction.objects.filter(
            owner_id=ctx.user.pk,
            nonconformity__center_id=ctx.center_id,
            nonconformity__closed_on__isnull=True,
        )
        .select_related("nonconformity")
        .order_by(F("done_on").asc(nulls_first=True), "due_on", "pk")
    )
