"""Creation of the agenda's slots: one professional's series of consecutive slots."""

from __future__ import annotations

import datetime

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

MAX_SLOTS_PER_SERIES = 96
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
    if not perms.manages_agenda(actor):
        raise PermissionDenied
    performer = slot_performer(center_id=actor.center_id, professional=professional)
    if performer is None:
        raise BookingError("Ce professionnel n'exerce ni comme médecin ni comme infirmier ici.")
    if day < timezone.localdate():
        raise BookingError("Un créneau ne peut pas être créé dans le passé.")
    if establishment is not None:
        if not actor.sees_team(establishment.adherent.team_id):
            raise PermissionDenied
        if mode == VisitMode.TELECONSULTATION:
            raise BookingError("Un créneau de téléconsultation n'a pas lieu sur un site.")
    first = timezone.make_aware(datetime.datetime.combine(day, start))
    last = timezone.make_aware(datetime.datetime.combine(day, end))
    step = datetime.timedelta(minutes=duration_minutes)
    starts = []
    while first + step <= last and len(starts) <= MAX_SLOTS_PER_SERIES:
        starts.append(first)
        first += step
    if not starts:
        raise BookingError("La plage horaire est plus courte que la durée d'un créneau.")
    if len(starts) > MAX_SLOTS_PER_SERIES:
        raise BookingError(f"Une série compte au plus {MAX_SLOTS_PER_SERIES} créneaux.")
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(%s, %s)", [_SLOT_LOCK_NAMESPACE, professional.pk]
        )
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
