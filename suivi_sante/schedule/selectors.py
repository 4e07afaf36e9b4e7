"""Reads of what is due: overdue and upcoming lists, the member's list, digests, indicators."""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass

from django.core.cache import cache
from django.db.models import Count, F, Q, QuerySet

from accounts.context import AccessContext
from accounts.enums import AdherentRole
from accounts.models import Team
from adherents.models import AdherentMembership
from suivi_sante.enums import VisitKind, VisitStatus
from suivi_sante.models import DueVisit, Employment, Visit, Worker
from suivi_sante.rules.dates import add_months

DIGEST_ROLES = (AdherentRole.ADMIN, AdherentRole.HR)
INDICATOR_CACHE_SECONDS = 3600  # the header of a list, not a legal figure: an hour is fresh


def _filtered(
    qs: QuerySet[DueVisit], *, team_id: int | None = None, kind: str = "", performer: str = ""
) -> QuerySet[DueVisit]:
    if team_id is not None:
        qs = qs.filter(team_id=team_id)
    if kind:
        qs = qs.filter(kind=kind)
    if performer:  # who may hold the visit (a nurse: under a protocol, R4623-14)
        qs = qs.filter(performers__contains=[performer])
    return qs.select_related("worker__adherent").order_by("due_on", "pk")


def overdue_due_visits(
    ctx: AccessContext,
    *,
    today: datetime.date,
    team_id: int | None = None,
    kind: str = "",
    performer: str = "",
) -> QuerySet[DueVisit]:
    """Visits whose deadline has passed, for the centre's teams, oldest first."""
    # A pré-reprise is possible on request during the absence, never late (R4624-29).
    qs = (
        DueVisit.objects.visible_to(ctx)
        .filter(due_on__lt=today)
        .exclude(kind=VisitKind.PRE_REPRISE)
    )
    return _filtered(qs, team_id=team_id, kind=kind, performer=performer)


def upcoming_due_visits(
    ctx: AccessContext,
    *,
    today: datetime.date,
    days: int,
    team_id: int | None = None,
    kind: str = "",
    performer: str = "",
) -> QuerySet[DueVisit]:
    """Visits due from today to ``days`` days ahead, soonest first."""
    until = today + datetime.timedelta(days=days)
    qs = DueVisit.objects.visible_to(ctx).filter(due_on__gte=today, due_on__lte=until)
    return _filtered(qs, team_id=team_id, kind=kind, performer=performer)


def member_due_visits(ctx: AccessContext) -> QuerySet[DueVisit]:
    """What the current member must plan for its workers, overdue first (no medical content)."""
    return (
        DueVisit.objects.visible_to(ctx)
        .filter(worker__merged_into=None)
        .select_related("worker")
        .order_by("due_on", "worker__last_name", "pk")
    )


def centre_teams(ctx: AccessContext) -> QuerySet[Team]:
    """The teams of the current centre, for a filter."""
    return Team.objects.filter(pk__in=ctx.team_ids).order_by("name")


def stale_worker_ids(after: int = 0, *, limit: int) -> list[int]:
    """The next workers to recompute by id (keyset, on the partial index of stale rows)."""
    qs = Worker.objects.filter(schedule_stale=True, pk__gt=after)
    return list(qs.order_by("pk").values_list("pk", flat=True)[:limit])


def worker_ids(after: int = 0, *, limit: int) -> list[int]:
    """The next workers by id (keyset, never OFFSET), for the weekly full pass."""
    qs = Worker.objects.filter(pk__gt=after)
    return list(qs.order_by("pk").values_list("pk", flat=True)[:limit])


def digest_member_ids() -> list[int]:
    """Members with at least one active admin or HR membership: those who get a digest."""
    return list(
        AdherentMembership.objects.filter(
            is_active=True, role__in=DIGEST_ROLES, user__is_active=True
        )
        .exclude(user__email="")
        .order_by("adherent_id")
        .values_list("adherent_id", flat=True)
        .distinct()
    )


def digest_recipients(adherent_ids: list[int]) -> dict[int, tuple[str, list[str]]]:
    """Member id -> (name, e-mail addresses of its active admins and HR), in one query."""
    recipients: dict[int, tuple[str, list[str]]] = {}
    rows = (
        AdherentMembership.objects.filter(
            adherent_id__in=adherent_ids,
            is_active=True,
            role__in=DIGEST_ROLES,
            user__is_active=True,
        )
        .exclude(user__email="")
        .order_by("adherent_id", "user__email")
        .values_list("adherent_id", "adherent__name", "user__email")
    )
    for adherent_id, name, email in rows:
        recipients.setdefault(adherent_id, (name, []))[1].append(email)
    return recipients


def digest_items(adherent_ids: list[int], *, until: datetime.date) -> dict[int, list[DueVisit]]:
    """Member id -> its workers' visits overdue or due by ``until``, soonest first (one query).

    Never a pré-reprise: the worker's to ask, without the employer (R4624-29).
    """
    items: dict[int, list[DueVisit]] = defaultdict(list)
    rows = (
        DueVisit.objects.filter(
            adherent_id__in=adherent_ids, worker__merged_into=None, due_on__lte=until
        )
        .exclude(kind=VisitKind.PRE_REPRISE)
        .select_related("worker")
        .order_by("due_on", "worker__last_name", "pk")
    )
    for row in rows:
        items[row.adherent_id].append(row)
    return items


@dataclass(frozen=True)
class KindOnTime:
    """Visits of one kind held in the period, and how many by their deadline."""

    kind: str
    label: str
    held_count: int
    on_time_count: int

    @property
    def share(self) -> float | None:
        return self.on_time_count / self.held_count if self.held_count else None


@dataclass(frozen=True)
class DueIndicators:
    """Two follow-up indicators of a centre (or one of its teams) for the dashboards."""

    hired_from: datetime.date
    hired_until: datetime.date
    hired_count: int
    without_vip_count: int
    held_from: datetime.date
    on_time: tuple[KindOnTime, ...]

    @property
    def without_vip_share(self) -> float | None:
        return self.without_vip_count / self.hired_count if self.hired_count else None


def due_indicators(
    ctx: AccessContext, *, today: datetime.date, team_id: int | None = None
) -> DueIndicators:
    """Hires of the 12 months ending 3 months ago still owing their VIP (R4624-10), and the share
    of visits held by their deadline, by kind, over the last 12 months.

    Cached an hour per centre, team and day; three queries when computed.
    """
    key = f"suivi_sante:due-indicators:{ctx.center_id}:{team_id}:{today.isoformat()}"
    cached = cache.get(key)
    if cached is not None:
        return cached
    team_ids = sorted(ctx.team_ids) if team_id is None else [team_id]
    if not (ctx.is_staff and ctx.has_perm("suivi_sante.worker:view")):
        team_ids = []
    team_ids = [pk for pk in team_ids if ctx.sees_team(pk)]  # never another centre's team
    hired_until = add_months(today, -3)  # every hire of the period is past its VIP deadline
    hired_from = add_months(hired_until, -12)
    hires = Employment.objects.filter(
        worker__adherent__team_id__in=team_ids,
        worker__merged_into=None,
        start_on__gt=hired_from,
        start_on__lte=hired_until,
    )
    hired_ids = hires.values("worker_id")
    hired_count = hires.values("worker_id").distinct().count()
    without_vip = (
        DueVisit.objects.filter(
            team_id__in=team_ids, kind=VisitKind.VIP, due_on__lt=today, worker_id__in=hired_ids
        )
        .values("worker_id")
        .distinct()
        .count()
    )
    held_from = add_months(today, -12)
    held = (
        Visit.objects.filter(
            team_id__in=team_ids,
            status=VisitStatus.HELD,
            due_on__isnull=False,
            held_at__date__gte=held_from,
        )
        .values("kind")
        .annotate(
            held_count=Count("pk"),
            on_time_count=Count("pk", filter=Q(held_at__date__lte=F("due_on"))),
        )
        .order_by("kind")
    )
    labels = dict(VisitKind.choices)
    indicators = DueIndicators(
        hired_from=hired_from + datetime.timedelta(days=1),
        hired_until=hired_until,
        hired_count=hired_count,
        without_vip_count=without_vip,
        held_from=held_from,
        on_time=tuple(
            KindOnTime(row["kind"], labels[row["kind"]], row["held_count"], row["on_time_count"])
            for row in held
        ),
    )
    cache.set(key, indicators, INDICATOR_CACHE_SECONDS)
    return indicators
