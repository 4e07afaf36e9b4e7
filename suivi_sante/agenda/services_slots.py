"""Creation of the agenda's slots: one professional's series of consecutive slots."""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied
from django.db import connection, transaction
from django.utils import timezone

from accounts import audit
from accounts.context import AccessContext
from accounts.enums import StaffRole
from accounts.models import StaffAssignment
from adherents.models import Establishment
from suivi_sante import perms
from suivi_sante.enums import Performer, VisitMode
from suivi_sante.errors import BookingError
from suivi_sante.models import Slot
from suivi_sante.rules.holidays import public_holidays

MAX_SLOTS_PER_SERIES = 96
# A weekly pattern covers at most a quarter (92 days) and creates at most this many slots.
MAX_PATTERN_DAYS = 92
MAX_SLOTS_PER_PATTERN = 1500
# Advisory-lock namespace: one professional's slots are created one series at a time.
_SLOT_LOCK_NAMESPACE = 4101


def slot_performer(*, center_id: int, professional) -> str | None:
    """The profession a staff member practises in this centre: physician first, then nurse."""
    roles = set(
        StaffAssignment.objects.filter(
            user=professional, center_id=center_id, ended_on__isnull=True
        ).values_list("role", flat=True)
    )
    if StaffRole.PHYSICIAN in roles:
        return Performer.PHYSICIAN
    if StaffRole.NURSE in roles:
        return Performer.NURSE
    return None


@transaction.atomic
def create_slots(
    *,
    actor: AccessContext,
    professional,
    day: datetime.date,
    start: datetime.time,
    end: datetime.time,
    duration_minutes: int,
    mode: str = VisitMode.IN_PERSON,
    establishment: Establishment | None = None,
    self_bookable: bool = False,
) -> list[Slot]:
    """A series of consecutive slots of one professional, refused if it overlaps another."""
    performer = _check_slot_request(
        actor=actor,
        professional=professional,
        first_day=day,
        mode=mode,
        establishment=establishment,
    )
    step = datetime.timedelta(minutes=duration_minutes)
    starts = _day_starts(day, start, end, step, limit=MAX_SLOTS_PER_SERIES)
    if not starts:
        raise BookingError("La plage horaire est plus courte que la durée d'un créneau.")
    if len(starts) > MAX_SLOTS_PER_SERIES:
        raise BookingError(f"Une série compte au plus {MAX_SLOTS_PER_SERIES} créneaux.")
    _lock_professional(professional)
    clash = (
        Slot.objects.filter(
            professional=professional, starts_at__lt=starts[-1] + step, ends_at__gt=starts[0]
        )
        .order_by("starts_at")
        .first()
    )
    if clash is not None:
        at = timezone.localtime(clash.starts_at)
        raise BookingError(
            f"Ces créneaux chevauchent un créneau existant de {professional} "
            f"le {at:%d/%m/%Y} à {at:%H:%M}."
        )
    return _bulk_create(
        actor, professional, performer, starts, step, mode, establishment, self_bookable
    )


@dataclass
class PatternResult:
    """What a weekly pattern created, and what it left out and why."""

    created: list[Slot] = field(default_factory=list)
    # The public holidays of the period on a chosen weekday: (day, French name).
    holidays: list[tuple[datetime.date, str]] = field(default_factory=list)
    # Starts left out because the professional already has a slot overlapping them.
    overlapping: list[datetime.datetime] = field(default_factory=list)


@transaction.atomic
def create_slot_pattern(
    *,
    actor: AccessContext,
    professional,
    weekdays: set[int],
    start: datetime.time,
    end: datetime.time,
    duration_minutes: int,
    date_from: datetime.date,
    date_to: datetime.date,
    mode: str = VisitMode.IN_PERSON,
    establishment: Establishment | None = None,
    self_bookable: bool = False,
) -> PatternResult:
    """One professional's slots on the chosen ISO weekdays (1 = Monday) of a period, in one
    transaction. French public holidays are skipped (L3133-1); a start overlapping one of the
    professional's existing slots is skipped and reported, the others are created."""
    performer = _check_slot_request(
        actor=actor,
        professional=professional,
        first_day=date_from,
        mode=mode,
        establishment=establishment,
    )
    if date_to < date_from:
        raise BookingError("La date de fin de la période doit suivre sa date de début.")
    if (date_to - date_from).days + 1 > MAX_PATTERN_DAYS:
        raise BookingError(f"Une période compte au plus {MAX_PATTERN_DAYS} jours.")
    if not weekdays:
        raise BookingError("Choisissez au moins un jour de la semaine.")
    step = datetime.timedelta(minutes=duration_minutes)
    if datetime.datetime.combine(date_from, start) + step > datetime.datetime.combine(
        date_from, end
    ):
        raise BookingError("La plage horaire est plus courte que la durée d'un créneau.")
    # TO VERIFY: no centre carries an Alsace-Moselle flag yet; Good Friday and 26 December
    # (L3134-13) are then not skipped. Pass alsace_moselle=True once the centre says so.
    holidays: dict[datetime.date, str] = {}
    for year in range(date_from.year, date_to.year + 1):
        holidays.update(public_holidays(year))
    result = PatternResult()
    starts: list[datetime.datetime] = []
    day = date_from
    while day <= date_to:
        if day.isoweekday() in weekdays:
            if day in holidays:
                result.holidays.append((day, holidays[day]))
            else:
                starts.extend(_day_starts(day, start, end, step, limit=MAX_SLOTS_PER_SERIES))
        day += datetime.timedelta(days=1)
    if len(starts) > MAX_SLOTS_PER_PATTERN:
        raise BookingError(f"Un modèle crée au plus {MAX_SLOTS_PER_PATTERN} créneaux.")
    if not starts:
        return result
    _lock_professional(professional)
    existing = list(
        Slot.objects.filter(
            professional=professional, starts_at__lt=starts[-1] + step, ends_at__gt=starts[0]
        )
        .order_by("starts_at")
        .values_list("starts_at", "ends_at")
    )
    free = []
    for at in starts:
        if any(s < at + step and e > at for s, e in existing):
            result.overlapping.append(at)
        else:
            free.append(at)
    if free:
        result.created = _bulk_create(
            actor, professional, performer, free, step, mode, establishment, self_bookable
        )
    return result


def _check_slot_request(
    *, actor: AccessContext, professional, first_day: datetime.date, mode: str, establishment
) -> str:
    """The performer of the professional's slots, once the request is allowed."""
    if not perms.manages_agenda(actor):
        raise PermissionDenied
    performer = slot_performer(center_id=actor.center_id, professional=professional)
    if performer is None:
        raise BookingError("Ce professionnel n'exerce ni comme médecin ni comme infirmier ici.")
    if first_day < timezone.localdate():
        raise BookingError("Un créneau ne peut pas être créé dans le passé.")
    if establishment is not None:
        if not actor.sees_team(establishment.adherent.team_id):
            raise PermissionDenied
        if mode == VisitMode.TELECONSULTATION:
            raise BookingError("Un créneau de téléconsultation n'a pas lieu sur un site.")
    return performer


def _day_starts(
    day: datetime.date,
    start: datetime.time,
    end: datetime.time,
    step: datetime.timedelta,
    *,
    limit: int,
) -> list[datetime.datetime]:
    """The starts of consecutive slots from `start` to `end` on that day (at most limit + 1)."""
    first = timezone.make_aware(datetime.datetime.combine(day, start))
    last = timezone.make_aware(datetime.datetime.combine(day, end))
    starts = []
    while first + step <= last and len(starts) <= limit:
        starts.append(first)
        first += step
    return starts


def _lock_professional(professional) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", [_SLOT_LOCK_NAMESPACE, professional.pk]
        )


def _bulk_create(
    actor, professional, performer, starts, step, mode, establishment, self_bookable=False
) -> list[Slot]:
    with audit.actor_context(actor):
        return Slot.objects.bulk_create(
            Slot(
                center_id=actor.center_id,
                professional=professional,
                performer=performer,
                starts_at=at,
                ends_at=at + step,
                mode=mode,
                establishment=establishment,
                self_bookable=self_bookable,
            )
            for at in starts
        )


@transaction.atomic
def set_self_bookable(
    *,
    actor: AccessContext,
    day: datetime.date,
    is_open: bool,
    professional_id: int | None = None,
    slot_ids: list[int] | None = None,
) -> int:
    """Open (or close) a day's future slots of the centre to the employers' own booking: all
    of that day, one professional's, or the chosen ones. A visit already booked stays booked.
    Returns how many slots changed."""
    if not perms.manages_agenda(actor):
        raise PermissionDenied
    start = timezone.make_aware(datetime.datetime.combine(day, datetime.time()))
    qs = Slot.objects.visible_to(actor).filter(
        starts_at__gte=max(start, timezone.now()),
        starts_at__lt=start + datetime.timedelta(days=1),
    )
    if professional_id:
        qs = qs.filter(professional_id=professional_id)
    if slot_ids is not None:
        qs = qs.filter(pk__in=slot_ids)
    changed = list(qs.exclude(self_bookable=is_open).select_for_update())
    now = timezone.now()
    for slot in changed:
        slot.self_bookable, slot.updated_at = is_open, now
    with audit.actor_context(actor):
        Slot.objects.bulk_update(changed, ["self_bookable", "updated_at"])
    return len(changed)
