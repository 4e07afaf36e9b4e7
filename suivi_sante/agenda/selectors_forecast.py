"""Reads of the agenda for the forecast of medical time (issue 16, item 7): hours of slots
offered per team, month and profession, and the shares observed in the visits held."""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, DateField, F, OuterRef, Q, Subquery, Sum
from django.db.models.functions import TruncMonth

from accounts.models import StaffAssignment, Team
from suivi_sante.agenda.selectors import day_start
from suivi_sante.enums import VisitMode, VisitStatus
from suivi_sante.models import Slot, Visit
from suivi_sante.protocols.models import PHYSICIAN_ONLY


def _slot_team() -> Subquery:
    """The team of the slot's professional: his or her assignment in the slot's centre with the
    slot's profession as role (one at a time, accounts.StaffAssignment), in post on that day."""
    return Subquery(
        StaffAssignment.objects.filter(
            user_id=OuterRef("professional_id"),
            center_id=OuterRef("center_id"),
            role=OuterRef("performer"),
            team__isnull=False,
        )
        .filter(Q(ended_on__isnull=True) | Q(ended_on__gte=OuterRef("starts_at__date")))
        .order_by(F("ended_on").asc(nulls_first=True))
        .values("team_id")[:1]
    )


def slot_hours(
    team_ids: Iterable[int], first: datetime.date, last: datetime.date
) -> dict[tuple[int, datetime.date, str], Decimal]:
    """Hours of slots opened from `first` to `last` (days included), in one grouped query:
    {(team id, month, profession): hours}. A slot counts for its professional's team; a
    professional assigned to the centre without a team offers no team's hours."""
    team_ids = list(team_ids)
    rows = (
        Slot.objects.filter(
            # The teams' centres only: the (centre, start) index, not every centre's slots.
            center_id__in=Team.objects.filter(pk__in=team_ids).values("center_id"),
            starts_at__gte=day_start(first),
            starts_at__lt=day_start(last + datetime.timedelta(days=1)),
        )
        .annotate(team_id=_slot_team())
        .filter(team_id__in=team_ids)
        .annotate(month=TruncMonth("starts_at", output_field=DateField()))
        .values("team_id", "month", "performer")
        .annotate(length=Sum(F("ends_at") - F("starts_at")))
        .order_by()
    )
    return {
        (row["team_id"], row["month"], row["performer"]): (
            Decimal(int(row["length"].total_seconds())) / 3600
        )
        for row in rows
    }


@dataclass(frozen=True)
class ObservedShares:
    """Visits held by the teams over a period: who held the delegable ones, how many by video."""

    held: int
    delegable_held: int  # kinds a nurse may hold under protocol (R4623-14)
    delegable_by_nurse: int
    teleconsultation: int

    @property
    def delegation_percent(self) -> int | None:
        if not self.delegable_held:
            return None
        return round(100 * self.delegable_by_nurse / self.delegable_held)

    @property
    def teleconsultation_percent(self) -> int | None:
        return round(100 * self.teleconsultation / self.held) if self.held else None


def observed_shares(
    team_ids: Iterable[int], *, start: datetime.date, end: datetime.date
) -> ObservedShares:
    """Held visits of these teams scheduled from `start` to `end`, in one aggregate query."""
    delegable = ~Q(kind__in=PHYSICIAN_ONLY)
    counts = Visit.objects.filter(
        team_id__in=list(team_ids),
        status=VisitStatus.HELD,
        scheduled_at__gte=day_start(start),
        scheduled_at__lt=day_start(end + datetime.timedelta(days=1)),
    ).aggregate(
        held=Count("pk"),
        delegable_held=Count("pk", filter=delegable),
        delegable_by_nurse=Count("pk", filter=delegable & Q(performer="nurse")),
        teleconsultation=Count("pk", filter=Q(mode=VisitMode.TELECONSULTATION)),
    )
    return ObservedShares(**counts)
