"""Reads of the agenda: slots, convocations, a visit's history and the follow-up indicators."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.apps import apps
from django.db.models import (
    Count,
    Exists,
    F,
    FloatField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
)
from django.db.models.functions import Cast, NullIf
from django.utils import timezone

from accounts.context import AccessContext
from accounts.enums import StaffRole
from accounts.models import StaffAssignment, User
from adherents.models import Adherent
from suivi_sante.agenda.models import SLOT_HOLDING_STATUSES
from suivi_sante.enums import ConvocationStatus, Performer, VisitKind, VisitMode, VisitStatus
from suivi_sante.models import Convocation, Slot, Visit

# Answers that call for a new slot; a worker who left is the workers' area's business.
TO_REBOOK = [ConvocationStatus.RESCHEDULE_REQUESTED, ConvocationStatus.WORKER_ABSENT]


def day_start(day: datetime.date) -> datetime.datetime:
    """Midnight of that day in Europe/Paris, as an aware datetime."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time()))


def professionals_for(ctx: AccessContext) -> QuerySet[User]:
    """Physicians and nurses assigned to the current centre, who may offer slots."""
    assigned = StaffAssignment.objects.filter(
        user=OuterRef("pk"),
        center_id=ctx.center_id,
        ended_on__isnull=True,
        role__in=[StaffRole.PHYSICIAN, StaffRole.NURSE],
    )
    return User.objects.filter(Exists(assigned)).order_by("last_name", "first_name", "pk")


def _holding_visits() -> Prefetch:
    return Prefetch(
        "visits",
        queryset=Visit.objects.filter(status__in=SLOT_HOLDING_STATUSES).select_related(
            "worker", "booked_by"
        ),
        to_attr="booked",
    )


def _holding_tns_visits() -> Prefetch:
    """The VIP TNS of the self-employed offer holding a slot (tns.TnsVisit, not a Visit)."""
    tns_visit = apps.get_model("tns", "TnsVisit")
    return Prefetch(
        "tns_visits",
        queryset=tns_visit.objects.filter(status__in=SLOT_HOLDING_STATUSES).select_related(
            "person"
        ),
        to_attr="tns_booked",
    )


def week_slots(
    ctx: AccessContext, *, monday: datetime.date, professional_id: int | None = None
) -> QuerySet[Slot]:
    """The centre's slots of one week with their booked visit (three queries)."""
    return period_slots(ctx, first=monday, days=7, professional_id=professional_id)


def period_slots(
    ctx: AccessContext, *, first: datetime.date, days: int, professional_id: int | None = None
) -> QuerySet[Slot]:
    """The centre's slots of `days` days from `first`, with their booked visit."""
    qs = Slot.objects.visible_to(ctx).filter(
        starts_at__gte=day_start(first),
        starts_at__lt=day_start(first + datetime.timedelta(days=days)),
    )
    if professional_id:
        qs = qs.filter(professional_id=professional_id)
    return (
        qs.select_related("professional", "establishment")
        .prefetch_related(_holding_visits(), _holding_tns_visits())
        .order_by("starts_at", "professional__last_name", "pk")
    )


def free_slots(
    ctx: AccessContext, *, start: datetime.date, days: int = 14, performer: str | None = None
) -> QuerySet[Slot]:
    """Upcoming slots of the centre that no visit holds, from `start` for `days` days."""
    taken = Visit.objects.filter(slot=OuterRef("pk"), status__in=SLOT_HOLDING_STATUSES)
    qs = (
        Slot.objects.visible_to(ctx)
        .filter(
            starts_at__gt=timezone.now(),
            starts_at__gte=day_start(start),
            starts_at__lt=day_start(start + datetime.timedelta(days=days)),
        )
        .exclude(Exists(taken))
        .exclude(tns_visits__status__in=SLOT_HOLDING_STATUSES)  # a VIP TNS holds it (tns)
    )
    if performer:
        qs = qs.filter(performer=performer)
    return qs.select_related("professional", "establishment").order_by("starts_at", "pk")


def _convocation_rows(qs: QuerySet[Convocation]) -> QuerySet[Convocation]:
    return qs.select_related("visit__worker", "visit__professional", "establishment")


def portal_convocations(
    ctx: AccessContext,
    *,
    upcoming: bool = True,
    establishment_id: int | None = None,
    awaiting: bool = False,
) -> QuerySet[Convocation]:
    """The member's convocations: upcoming by establishment and date, or past, latest first;
    `awaiting`: only those still waiting for the employer's answer."""
    qs = Convocation.objects.visible_to(ctx)
    if establishment_id:
        qs = qs.filter(establishment_id=establishment_id)
    if awaiting:
        qs = qs.filter(status=ConvocationStatus.SENT)
    now = timezone.now()
    if upcoming:
        qs = qs.filter(visit__scheduled_at__gte=now).order_by(
            "establishment__name", "establishment_id", "visit__scheduled_at", "pk"
        )
    else:
        qs = qs.filter(visit__scheduled_at__lt=now).order_by("-visit__scheduled_at", "-pk")
    return _convocation_rows(qs)


def convocations_to_rebook(ctx: AccessContext) -> QuerySet[Convocation]:
    """Convocations whose employer asked another slot or reported an absence, not yet rebooked."""
    rebooked = Visit.objects.filter(rebooked_from=OuterRef("visit_id"))
    return _convocation_rows(
        Convocation.objects.visible_to(ctx)
        .filter(status__in=TO_REBOOK)
        .exclude(Exists(rebooked))
        .order_by("responded_at", "pk")
    )


# What the list of convocations to rebook shows (its template): a page reads only these columns
# of its 50 convocations, visits, workers and establishments, not their ~110 columns and the
# professional's account (≈ 15 ms of decoding and building instances a page on the large
# dataset, more than the template).
TO_REBOOK_COLUMNS = (
    "status",
    "responded_at",
    "response_note",
    "visit__kind",
    "visit__scheduled_at",
    "visit__worker__last_name",
    "visit__worker__first_name",
    "establishment__name",
)


def convocations_to_rebook_page_rows(ctx: AccessContext) -> QuerySet[Convocation]:
    """convocations_to_rebook, with only what the list's page shows."""
    return (
        convocations_to_rebook(ctx)
        .select_related(None)
        .select_related("visit__worker", "establishment")
        .only(*TO_REBOOK_COLUMNS)
    )


def adherent_convocations(ctx: AccessContext, *, adherent_id: int) -> QuerySet[Convocation]:
    """One member's convocations for the back-office, latest visit first."""
    return _convocation_rows(
        # The visit's member: that of the convocation's establishment (suivi_sante 0027), read
        # from the member's visits by date (visit_adherent_sched_idx).
        Convocation.objects.visible_to(ctx)
        .filter(visit__adherent_id=adherent_id)
        .order_by("-visit__scheduled_at", "-pk")
    )


def visit_chain(visit: Visit) -> list[Visit]:
    """The rebookings this visit belongs to, oldest first (a chain is a handful of visits)."""
    chain = [visit]
    while chain[0].rebooked_from_id and len(chain) < 20:
        chain.insert(
            0, Visit.objects.select_related("professional").get(pk=chain[0].rebooked_from_id)
        )
    following = Visit.objects.select_related("professional").filter(rebooked_from=chain[-1]).first()
    while following is not None and len(chain) < 40:
        chain.append(following)
        following = (
            Visit.objects.select_related("professional").filter(rebooked_from=following).first()
        )
    return chain


@dataclass(frozen=True)
class StatusChange:
    at: datetime.datetime
    status: str
    by: str


def visit_status_history(visit: Visit) -> list[StatusChange]:
    """Each status the visit went through, when and by whom (pghistory events)."""
    event_model = apps.get_model("suivi_sante", "VisitEvent")
    events = list(
        event_model.objects.filter(pgh_obj_id=visit.pk)
        .select_related("pgh_context")
        .order_by("pgh_created_at", "pgh_id")
    )
    user_ids = {(e.pgh_context.metadata or {}).get("user") for e in events if e.pgh_context}
    users = User.objects.in_bulk([u for u in user_ids if u])
    labels, changes, last = dict(VisitStatus.choices), [], None
    for event in events:
        if event.status == last:
            continue
        last = event.status
        user_id = (event.pgh_context.metadata or {}).get("user") if event.pgh_context else None
        by = users.get(user_id)
        changes.append(StatusChange(event.pgh_created_at, labels[event.status], str(by or "—")))
    return changes


def _in_period(ctx: AccessContext, start: datetime.date, end: datetime.date) -> QuerySet[Visit]:
    return Visit.objects.visible_to(ctx).filter(
        scheduled_at__gte=day_start(start),
        scheduled_at__lt=day_start(end + datetime.timedelta(days=1)),
    )


# Counts of the (never null) status, not of the id: the period's aggregates then read
# visit_team_sched_idx alone (an index-only scan: the id is not in it), not the visits' rows.
# Count("*") would do, but Django refuses it a filter.
_OUTCOME_COUNTS = {
    "held": Count("status", filter=Q(status=VisitStatus.HELD)),
    "excused": Count("status", filter=Q(status=VisitStatus.EXCUSED_ABSENCE)),
    "unexcused": Count("status", filter=Q(status=VisitStatus.UNEXCUSED_ABSENCE)),
}
_UNEXCUSED_RATE = Cast(F("unexcused"), FloatField()) / Cast(
    NullIf(F("held") + F("excused") + F("unexcused"), 0), FloatField()
)


class _MemberName(Subquery):
    """A member's name beside its group: read once a group, not a grouping key. Django groups by
    every plain annotation, and PostgreSQL then ran the subquery for each of the 225,000 visits
    (380 ms); the name depends on the grouped member id alone."""

    def get_group_by_cols(self):
        return []


def absence_rates(
    ctx: AccessContext,
    *,
    start: datetime.date,
    end: datetime.date,
    adherent_id: int | None = None,
) -> QuerySet:
    """Per member: held, excused and unexcused visits and the unexcused absence rate.

    Rate = unexcused / (held + excused + unexcused), over visits scheduled in the period, each
    counted against the member it was booked for (Visit.adherent: the employer convened).
    """
    qs = _in_period(ctx, start, end)
    if adherent_id:
        qs = qs.filter(adherent_id=adherent_id)
    # Grouped by the visit's member alone, its name read once a member (the centre's 28,000
    # members of a year: 80 ms), not joined to each of its 225,000 visits first (115 ms).
    name = _MemberName(Adherent.objects.filter(pk=OuterRef("adherent_id")).values("name"))
    return (
        qs.values("adherent_id")
        .annotate(**_OUTCOME_COUNTS)
        .filter(Q(held__gt=0) | Q(excused__gt=0) | Q(unexcused__gt=0))
        .annotate(rate=_UNEXCUSED_RATE, adherent_name=name)
        .annotate(percent=F("rate") * 100)
        .order_by(F("rate").desc(nulls_last=True), "adherent_name", "adherent_id")
    )


@dataclass(frozen=True)
class FollowUpTotals:
    """The centre's visits over a period, by outcome, with the two shares they give."""

    held: int
    excused: int
    unexcused: int
    teleconsultation_held: int

    @property
    def unexcused_rate(self) -> float | None:
        total = self.held + self.excused + self.unexcused
        return self.unexcused / total if total else None

    @property
    def teleconsultation_share(self) -> float | None:
        return self.teleconsultation_held / self.held if self.held else None

    @property
    def unexcused_percent(self) -> float | None:
        rate = self.unexcused_rate
        return None if rate is None else rate * 100

    @property
    def teleconsultation_percent(self) -> float | None:
        share = self.teleconsultation_share
        return None if share is None else share * 100


@dataclass(frozen=True)
class FollowUpFigures:
    """The centre's totals and its held visits by performer and kind, over one period."""

    totals: FollowUpTotals
    split: list[dict]


def followup_figures(
    ctx: AccessContext, *, start: datetime.date, end: datetime.date
) -> FollowUpFigures:
    """Totals and split from one read of the period's visits (the page read them twice: 25 ms
    each on the large dataset), counted by status, mode, performer and kind (at most ~100)."""
    counted = [VisitStatus.HELD, VisitStatus.EXCUSED_ABSENCE, VisitStatus.UNEXCUSED_ABSENCE]
    rows = (
        _in_period(ctx, start, end)
        .filter(status__in=counted)
        .values_list("status", "mode", "performer", "kind")
        .annotate(count=Count("*"))
        .order_by()
    )
    by_status, teleconsultation, split = dict.fromkeys(counted, 0), 0, {}
    for status, mode, performer, kind, count in rows:
        by_status[status] += count
        if status == VisitStatus.HELD:
            teleconsultation += count if mode == VisitMode.TELECONSULTATION else 0
            split[performer, kind] = split.get((performer, kind), 0) + count
    totals = FollowUpTotals(
        held=by_status[VisitStatus.HELD],
        excused=by_status[VisitStatus.EXCUSED_ABSENCE],
        unexcused=by_status[VisitStatus.UNEXCUSED_ABSENCE],
        teleconsultation_held=teleconsultation,
    )
    performers, kinds = dict(Performer.choices), dict(VisitKind.choices)
    return FollowUpFigures(
        totals,
        [
            {
                "performer": performer,
                "kind": kind,
                "count": count,
                "performer_label": performers[performer],
                "kind_label": kinds[kind],
            }
            for (performer, kind), count in sorted(split.items())
        ],
    )
