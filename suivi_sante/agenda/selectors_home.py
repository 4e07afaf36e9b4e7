"""The agenda's work items for a professional's or a secretary's home (issue 17): today's
visits, visits held without a document, open referrals, no-shows, free slots. Each read is one
query, bounded whatever the size of the centre."""

from __future__ import annotations

import datetime

from django.db.models import Exists, OuterRef, QuerySet

from accounts.context import AccessContext
from suivi_sante.agenda.selectors import day_start, free_slots
from suivi_sante.enums import VisitStatus
from suivi_sante.models import Referral, Visit

MEDICAL_CODE = "suivi_sante.dmst:read"  # health professionals only (secret médical, L1110-4 CSP)
NO_SHOW_DAYS = 30  # an unexcused absence is worth a new convocation for a month
FREE_SLOT_DAYS = 14


def day_visits(ctx: AccessContext, *, day: datetime.date) -> QuerySet[Visit]:
    """The visits this professional holds that day, in time order."""
    return (
        Visit.objects.visible_to(ctx)
        .filter(
            professional=ctx.user,
            status__in=[VisitStatus.PLANNED, VisitStatus.HELD],
            scheduled_at__gte=day_start(day),
            scheduled_at__lt=day_start(day + datetime.timedelta(days=1)),
        )
        .select_related("worker")
        .order_by("scheduled_at", "pk")
    )


def visits_without_document(ctx: AccessContext, *, today: datetime.date) -> QuerySet[Visit]:
    """Visits this professional held in the last 30 days with no attestation nor avis issued
    (R4624-14, R4624-25): the documents still to issue. Health professionals only."""
    if not ctx.has_perm(MEDICAL_CODE):
        return Visit.objects.none()
    return (
        Visit.objects.visible_to(ctx)
        .filter(
            professional=ctx.user,
            status=VisitStatus.HELD,
            held_at__gte=day_start(today - datetime.timedelta(days=NO_SHOW_DAYS)),
        )
        .exclude(documents__isnull=False)
        .select_related("worker")
        .order_by("held_at", "pk")
    )


def open_referrals(ctx: AccessContext) -> QuerySet[Referral]:
    """Nurses' orientations to the physician not yet resolved, in the user's own teams
    (health professionals only: an orientation says something of the worker's health)."""
    if not (ctx.is_staff and ctx.has_perm(MEDICAL_CODE)):
        return Referral.objects.none()
    return (
        Referral.objects.filter(resolved_by__isnull=True, team_id__in=ctx.own_team_ids)
        .select_related("worker")
        .order_by("due_on", "pk")
    )


def no_shows(ctx: AccessContext, *, today: datetime.date) -> QuerySet[Visit]:
    """Unexcused absences of the last 30 days not rebooked yet: a new convocation to send."""
    rebooked = Visit.objects.filter(rebooked_from=OuterRef("pk"))
    return (
        Visit.objects.visible_to(ctx)
        .filter(
            status=VisitStatus.UNEXCUSED_ABSENCE,
            scheduled_at__gte=day_start(today - datetime.timedelta(days=NO_SHOW_DAYS)),
            scheduled_at__lt=day_start(today + datetime.timedelta(days=1)),
        )
        .exclude(Exists(rebooked))
        .select_related("worker")
        .order_by("scheduled_at", "pk")
    )


def free_slot_count(ctx: AccessContext, *, today: datetime.date) -> int:
    """Slots of the coming two weeks that no visit holds yet."""
    return free_slots(ctx, start=today, days=FREE_SLOT_DAYS).count()
