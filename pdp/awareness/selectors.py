"""Reads of the awareness actions: PDP-themed meetings with their sessions and attendance."""

from __future__ import annotations

from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce

from accounts.context import AccessContext
from adherents.models import EmployerMeeting, MeetingRegistration
from pdp.models import AwarenessMeeting


def _registrations(**filters) -> Coalesce:
    counts = (
        MeetingRegistration.objects.filter(
            session__meeting_id=OuterRef("meeting_id"), cancelled_at__isnull=True, **filters
        )
        .values("session__meeting_id")
        .annotate(n=Count("pk"))
        .values("n")
    )
    return Coalesce(Subquery(counts[:1], output_field=IntegerField()), Value(0))


def awareness_meetings(ctx: AccessContext) -> QuerySet[AwarenessMeeting]:
    """The centre's PDP-themed meetings with `session_count`, `registered_count` and
    `attended_count` (one query)."""
    return (
        AwarenessMeeting.objects.visible_to(ctx)
        .select_related("meeting")
        .annotate(
            session_count=Count(
                "meeting__sessions", filter=Q(meeting__sessions__is_cancelled=False)
            ),
            registered_count=_registrations(),
            attended_count=_registrations(attended=True),
        )
        .order_by("meeting__title")
    )


def meetings_to_mark(ctx: AccessContext) -> QuerySet[EmployerMeeting]:
    """The centre's employer meetings without a PDP theme yet."""
    return EmployerMeeting.objects.filter(
        center_id=ctx.center_id, pdp_awareness__isnull=True
    ).order_by("title")
