"""Reads of the employer's own booking (issue 17, item 4): the due visits he may book, the
slots the secretary opened to him that may hold each one, and until when he may move it.

No medical content: the employer sees the kind of visit and its due date, never why
(perms_disclosure); a pré-reprise or a visit on request is never his to book (R4624-29, R4624-34).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.utils import timezone

from accounts.context import AccessContext
from accounts.enums import UserKind
from accounts.models import StaffAssignment, Team
from suivi_sante import perms
from suivi_sante.agenda.models import SLOT_HOLDING_STATUSES
from suivi_sante.agenda.selectors import day_start
from suivi_sante.enums import Performer, VisitMode, VisitStatus
from suivi_sante.models import DueVisit, Slot, Visit
from suivi_sante.perms_disclosure import CONFIDENTIAL_KINDS
from suivi_sante.rules import delegation

RESPOND = "suivi_sante.convocation:respond"
# A page lists at most this many slots (the earliest): enough to choose, short to read.
MAX_SLOTS_SHOWN = 60


def may_self_book(ctx: AccessContext) -> bool:
    """The member's admin and HR, or a firm holding the convocations scope."""
    return ctx.is_portal and ctx.adherent_id is not None and ctx.has_perm(RESPOND)


def bookable_due_visits(ctx: AccessContext) -> QuerySet[DueVisit]:
    """The member's due visits the employer may book himself, soonest first."""
    if not may_self_book(ctx):
        return DueVisit.objects.none()
    return (
        # The row's own member (due_adherent_idx), not its worker's: the same, kept by the
        # database, without probing every worker of the centre's rows in date order.
        DueVisit.objects.filter(adherent_id=ctx.adherent_id, worker__merged_into=None)
        .exclude(kind__in=CONFIDENTIAL_KINDS)
        .select_related("worker__adherent", "team")
        .order_by("due_on", "worker__last_name", "pk")
    )


# What the booking list shows of a due visit (its template) and its key: a page reads these
# columns only, not the due rows, workers, members and teams whole (about 110 columns).
BOOKING_LIST_COLUMNS = ("kind", "due_on", "worker_id", "worker__last_name", "worker__first_name")


def bookable_page_rows(ctx: AccessContext) -> QuerySet[DueVisit]:
    """bookable_due_visits, with only what the booking list's page shows."""
    return (
        bookable_due_visits(ctx)
        .select_related(None)
        .select_related("worker")
        .only(*BOOKING_LIST_COLUMNS)
    )


def planned_visits_by_due(dues: Iterable[DueVisit]) -> dict[int, Visit]:
    """For each due visit already booked (a planned visit of that worker and kind): the visit."""
    dues = list(dues)
    if not dues:
        return {}
    visits = (
        Visit.objects.filter(
            worker_id__in={d.worker_id for d in dues},
            status=VisitStatus.PLANNED,
            scheduled_at__gt=timezone.now(),
        )
        .select_related("convocation")
        .only("worker_id", "kind", "scheduled_at", "convocation__id")
    )
    by_key = {(v.worker_id, v.kind): v for v in visits.order_by("scheduled_at")}
    return {d.pk: by_key[(d.worker_id, d.kind)] for d in dues if (d.worker_id, d.kind) in by_key}


def window(due_on: datetime.date | None) -> tuple[datetime.datetime, datetime.datetime]:
    """From tomorrow to the due date (today if late) plus the margin, Europe/Paris."""
    today = timezone.localdate()
    last = max(due_on or today, today) + datetime.timedelta(
        days=settings.SPSTI_SELF_BOOKING_MARGIN_DAYS
    )
    return day_start(today + datetime.timedelta(days=1)), day_start(
        last + datetime.timedelta(days=1)
    )


def open_slots(*, team: Team, adherent_id: int) -> QuerySet[Slot]:
    """Future slots opened to employers by the team's centre, of a professional of that team
    (or of the whole centre), at the centre or on this member's own site; free or not."""
    assigned = StaffAssignment.objects.filter(
        user=OuterRef("professional_id"), center_id=team.center_id, ended_on__isnull=True
    ).filter(Q(team_id=team.pk) | Q(team__isnull=True))
    return (
        Slot.objects.filter(center_id=team.center_id, self_bookable=True)
        .filter(starts_at__gt=timezone.now())
        .filter(Exists(assigned))
        .filter(Q(establishment__isnull=True) | Q(establishment__adherent_id=adherent_id))
    )


def free(qs: QuerySet[Slot]) -> QuerySet[Slot]:
    """The slots no visit (nor a VIP TNS of the self-employed offer) holds."""
    taken = Visit.objects.filter(slot=OuterRef("pk"), status__in=SLOT_HOLDING_STATUSES)
    return qs.exclude(Exists(taken)).exclude(tns_visits__status__in=SLOT_HOLDING_STATUSES)


def slot_fits(
    slot: Slot,
    *,
    kind: str,
    performers: Iterable[str],
    team_id: int,
    consent: bool,
    covered: dict | None = None,
) -> bool:
    """Whether the slot's professional may hold this visit: a physician if the kind allows it,
    a nurse only for a delegable kind that a protocol of the team covers that day (R4623-14);
    a teleconsultation only with the worker's consent. `covered` caches protocols by day."""
    if slot.performer not in performers:
        return False
    if slot.mode == VisitMode.TELECONSULTATION and not consent:
        return False
    if slot.performer == Performer.PHYSICIAN:
        return True
    if not delegation.nurse_may_hold(kind):
        return False
    day = timezone.localtime(slot.starts_at).date()
    covered = {} if covered is None else covered
    if day not in covered:
        covered[day] = perms.covering_protocol(team_id=team_id, kind=kind, day=day) is not None
    return covered[day]


def slots_for(
    *,
    team: Team,
    adherent_id: int,
    kind: str,
    performers: Iterable[str],
    due_on: datetime.date | None,
    consent: bool,
    exclude_slot_id: int | None = None,
) -> list[Slot]:
    """The free open slots, in the window, whose professional may hold this visit."""
    start, end = window(due_on)
    qs = (
        free(open_slots(team=team, adherent_id=adherent_id))
        .filter(starts_at__gte=start, starts_at__lt=end)
        .select_related("professional", "establishment", "center")
        .order_by("starts_at", "pk")
    )
    if exclude_slot_id:
        qs = qs.exclude(pk=exclude_slot_id)
    performers = tuple(performers)
    fitting, covered = [], {}
    for slot in qs[: MAX_SLOTS_SHOWN * 10]:
        if slot_fits(
            slot,
            kind=kind,
            performers=performers,
            team_id=team.pk,
            consent=consent,
            covered=covered,
        ):
            fitting.append(slot)
            if len(fitting) == MAX_SLOTS_SHOWN:
                break
    return fitting


def slots_for_due(due: DueVisit) -> list[Slot]:
    """The slots the employer may book for this due visit."""
    worker = due.worker
    return slots_for(
        team=due.team,
        adherent_id=worker.adherent_id,
        kind=due.kind,
        performers=due.performers,
        due_on=due.due_on,
        consent=worker.teleconsultation_consent_at is not None,
    )


def performers_for(visit: Visit) -> list[str]:
    """Who may hold a booked visit moved elsewhere: as its due visit says, else as booked."""
    due = DueVisit.objects.filter(worker_id=visit.worker_id, kind=visit.kind).first()
    return list(due.performers) if due else [visit.performer]


def slots_to_move(visit: Visit) -> list[Slot]:
    """The slots the employer may move this booked visit to."""
    return slots_for(
        team=visit.team,
        adherent_id=visit.worker.adherent_id,
        kind=visit.kind,
        performers=performers_for(visit),
        due_on=visit.due_on or timezone.localtime(visit.scheduled_at).date(),
        consent=visit.worker.teleconsultation_consent_at is not None,
        exclude_slot_id=visit.slot_id,
    )


def change_deadline(visit: Visit) -> datetime.datetime:
    """Until when the employer may move the visit himself (SPSTI_SELF_BOOKING_CHANGE_HOURS)."""
    return visit.scheduled_at - datetime.timedelta(hours=settings.SPSTI_SELF_BOOKING_CHANGE_HOURS)


def booked_by_employer(visit: Visit) -> bool:
    """Booked (or last moved) from the member portal, not by the secretary."""
    return visit.booked_by.kind == UserKind.PORTAL


def may_move(visit: Visit, *, now: datetime.datetime | None = None) -> bool:
    """A planned visit the employer booked himself, before the change deadline."""
    return (
        visit.status == VisitStatus.PLANNED
        and booked_by_employer(visit)
        and (now or timezone.now()) < change_deadline(visit)
    )
