"""The demo's past: visits held on time for most workers, their convocations, the declarations.

Without a history every worker hired twenty years ago would owe the VIP of his hiring. Here the
engine (rules.schedule, through refresh_due_visits) says what was due, and the demo holds it a
few days before its date, round after round, for nine workers in ten: the tenth is the plausible
minority a service is late with. The last year's visits carry their (confirmed) convocation, so
the employer's "passées" list is not empty. Deterministic: one Random per seed.
"""

from __future__ import annotations

import datetime
import random
from collections.abc import Callable
from zoneinfo import ZoneInfo

from django.db.models import Count, Q

PARIS = ZoneInfo("Europe/Paris")
ROUNDS = 4  # older dues are held in the last HISTORY_DAYS: a few rounds reach today
HISTORY_DAYS = 3 * 365
LATE_SHARE = 0.08  # workers the service is late with: their dues of the last months stay unheld
CONVOCATION_DAYS = 365  # visits held in the last year come with their convocation


def _held_at(due_on: datetime.date, today: datetime.date, rng: random.Random) -> datetime.datetime:
    """A few days before its date; a due older than the history kept here (a hiring of twenty
    years ago) is the last of its series, held in the last few years."""
    if due_on < today - datetime.timedelta(days=HISTORY_DAYS):
        day = today - datetime.timedelta(days=rng.randint(60, HISTORY_DAYS))
    else:
        day = due_on - datetime.timedelta(days=rng.randint(3, 40))
    day = min(day, today - datetime.timedelta(days=1))
    hour = rng.choice((9, 10, 11, 14, 15, 16))
    return datetime.datetime(day.year, day.month, day.day, hour, 0, tzinfo=PARIS)


def write_history(
    today: datetime.date, log: Callable[[str], None], seed: int = 42
) -> dict[str, int]:
    """Hold the past dues of most workers, then recompute; returns counts for the log."""
    from accounts.models import Team
    from suivi_sante.enums import VisitKind, VisitStatus
    from suivi_sante.models import DueVisit, Employment, Visit, Worker
    from suivi_sante.schedule.services import refresh_due_visits

    rng = random.Random(seed)  # noqa: S311 - demo data, reproducibility wanted
    members = dict(Worker.objects.order_by("pk").values_list("pk", "adherent_id"))
    worker_ids = list(members)
    # The last day each worker's dues were held: today, or a few months ago for the late ones.
    cutoff = {
        pk: today - datetime.timedelta(days=rng.randint(20, 240))
        for pk in worker_ids
        if rng.random() < LATE_SHARE
    }
    physicians = dict(Team.objects.values_list("pk", "lead_physician_id"))
    posts = {}
    for worker_id, pk in Employment.objects.order_by("start_on", "pk").values_list(
        "worker_id", "pk"
    ):
        posts[worker_id] = pk  # the latest post
    held = 0
    touched = worker_ids
    for _ in range(ROUNDS):
        refresh_due_visits(touched)
        dues = (
            DueVisit.objects.filter(due_on__lt=today, worker_id__in=touched)
            .exclude(kind__in=[VisitKind.PRE_REPRISE, VisitKind.DEMANDE, VisitKind.REPRISE])
            .order_by("worker_id", "due_on", "pk")
            .values_list("worker_id", "team_id", "kind", "due_on")
        )
        visits = []
        for worker_id, team_id, kind, due_on in dues:
            if due_on >= cutoff.get(worker_id, today):
                continue
            at = _held_at(due_on, today, rng)
            physician = physicians[team_id]
            visits.append(
                Visit(
                    worker_id=worker_id,
                    employment_id=posts.get(worker_id),
                    team_id=team_id,
                    adherent_id=members[worker_id],
                    kind=kind,
                    status=VisitStatus.HELD,
                    performer="physician",
                    professional_id=physician,
                    scheduled_at=at,
                    held_at=at + datetime.timedelta(minutes=30),
                    due_on=due_on,
                    booked_by_id=physician,
                )
            )
        if not visits:
            break
        Visit.objects.bulk_create(visits, batch_size=2_000)
        held += len(visits)
        touched = sorted({v.worker_id for v in visits})
    refresh_due_visits(touched)
    convocations = _past_convocations(today, rng)
    log(f"  {held} visites passées réalisées, dont {convocations} avec leur convocation")
    overdue = (
        Worker.objects.annotate(
            late=Count(
                "due_visits",
                filter=Q(due_visits__due_on__lt=today) & ~Q(due_visits__kind=VisitKind.PRE_REPRISE),
            )
        )
        .filter(late__gt=0)
        .count()
    )
    return {"held": held, "convocations": convocations, "late_workers": overdue}


def _past_convocations(today: datetime.date, rng: random.Random) -> int:
    """The last year's held visits were convoked and confirmed by the member's head."""
    from accounts.enums import AdherentRole
    from adherents.models import AdherentMembership
    from suivi_sante.enums import ConvocationStatus
    from suivi_sante.models import Convocation, Visit

    heads = dict(
        AdherentMembership.objects.filter(role=AdherentRole.ADMIN)
        .order_by("-pk")
        .values_list("adherent_id", "user_id")
    )
    since = datetime.datetime.combine(
        today - datetime.timedelta(days=CONVOCATION_DAYS), datetime.time(), tzinfo=PARIS
    )
    rows = []
    for visit_id, scheduled_at, establishment_id, adherent_id in (
        Visit.objects.filter(scheduled_at__gte=since, employment__isnull=False)
        .order_by("pk")
        .values_list("pk", "scheduled_at", "employment__establishment_id", "worker__adherent_id")
    ):
        sent_at = scheduled_at - datetime.timedelta(days=rng.randint(15, 30))
        rows.append(
            Convocation(
                visit_id=visit_id,
                establishment_id=establishment_id,
                status=ConvocationStatus.CONFIRMED,
                sent_at=sent_at,
                responded_at=sent_at + datetime.timedelta(days=rng.randint(1, 5)),
                responded_by_id=heads.get(adherent_id),
            )
        )
    Convocation.objects.bulk_create(rows, batch_size=2_000)
    return len(rows)


def write_declarations(today: datetime.date, log: Callable[[str], None]) -> int:
    """This year's workforce declaration of every establishment of every member company,
    prefilled from its workers' categories, submitted by the member's head: every member can
    be invoiced (art. L4622-6: the cotisation per worker followed)."""
    from accounts.enums import AdherentRole
    from adherents.models import Adherent, AdherentMembership, Establishment
    from adherents.workforce.models import (
        DeclarationCampaign,
        DeclarationKind,
        WorkforceDeclaration,
    )
    from suivi_sante.models import Employment

    campaign = DeclarationCampaign.objects.get(year=today.year)
    heads = dict(
        AdherentMembership.objects.filter(role=AdherentRole.ADMIN)
        .order_by("-pk")
        .values_list("adherent_id", "user_id")
    )
    counts: dict[tuple[int, str], int] = {}
    current = Employment.objects.filter(Q(end_on__isnull=True) | Q(end_on__gte=today))
    for establishment_id, category, number in (
        current.values_list("establishment_id", "worker__category")
        .annotate(n=Count("worker", distinct=True))
        .order_by()
    ):
        counts[(establishment_id, category)] = number
    establishments = Establishment.objects.filter(
        adherent__kind=Adherent.Kind.COMPANY, adherent_id__in=heads
    ).order_by("pk")
    rows = [
        WorkforceDeclaration(
            campaign=campaign,
            establishment_id=e.pk,
            kind=DeclarationKind.CAMPAIGN,
            headcount_si=counts.get((e.pk, "SI"), 0),
            headcount_sia=counts.get((e.pk, "SIA"), 0),
            headcount_sir=counts.get((e.pk, "SIR"), 0),
            company_heads=1 if e.is_head_office else 0,  # the head, followed (L4621-4)
            prefilled_from_workers=True,
            submitted_by_id=heads[e.adherent_id],
        )
        for e in establishments
    ]
    WorkforceDeclaration.objects.bulk_create(rows)
    log(f"  {len(rows)} déclarations d'effectifs {today.year}")
    return len(rows)
