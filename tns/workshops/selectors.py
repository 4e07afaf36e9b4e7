"""Reads of the workshops."""

from __future__ import annotations

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from tns.models import WorkshopRegistration, WorkshopSession


def with_seats(qs: QuerySet[WorkshopSession]) -> QuerySet[WorkshopSession]:
    return qs.annotate(
        registered=Count("registrations", filter=Q(registrations__cancelled_at__isnull=True))
    )


def upcoming_sessions(ctx) -> QuerySet[WorkshopSession]:
    return with_seats(
        WorkshopSession.objects.visible_to(ctx).filter(starts_at__gt=timezone.now())
    ).order_by("starts_at")


def own_registrations(ctx) -> QuerySet[WorkshopRegistration]:
    return (
        WorkshopRegistration.objects.visible_to(ctx)
        .filter(cancelled_at__isnull=True)
        .select_related("session")
        .order_by("session__starts_at")
    )


def session_list(ctx) -> QuerySet[WorkshopSession]:
    return with_seats(WorkshopSession.objects.visible_to(ctx)).order_by("-starts_at")


def session_registrations(session: WorkshopSession) -> QuerySet[WorkshopRegistration]:
    return (
        session.registrations.filter(cancelled_at__isnull=True)
        .select_related("person")
        .order_by("person__last_name", "pk")
    )
