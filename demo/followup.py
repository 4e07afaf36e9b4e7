"""Demo follow-up data: one delegation protocol per team, two weeks of slots, what is due."""

from __future__ import annotations

import datetime
from collections.abc import Callable
from zoneinfo import ZoneInfo

from accounts.enums import StaffRole
from accounts.models import StaffAssignment

PARIS = ZoneInfo("Europe/Paris")
SLOT_STARTS = [(h, m) for h in (9, 10, 11, 14, 15, 16) for m in (0, 30)]
DELEGATED = ["VIP", "VISITE_INTERMEDIAIRE", "REPRISE", "PRE_REPRISE", "MI_CARRIERE"]


def working_days(after: datetime.date, count: int) -> list[datetime.date]:
    """The next `count` days from Monday to Friday after `after`."""
    days, day = [], after
    while len(days) < count:
        day += datetime.timedelta(days=1)
        if day.isoweekday() <= 5:
            days.append(day)
    return days


def write_followup(today: datetime.date, log: Callable[[str], None]) -> None:
    """Protocols signed by each team's physician, slots for physicians and nurses, due visits."""
    from suivi_sante.models import DelegationProtocol, Slot, Worker
    from suivi_sante.schedule.services import refresh_due_visits

    assignments = list(
        StaffAssignment.objects.filter(
            role__in=[StaffRole.PHYSICIAN, StaffRole.NURSE], ended_on__isnull=True
        )
        .select_related("user", "team")
        .order_by("pk")
    )
    signers = {}
    for a in assignments:
        if a.role == StaffRole.PHYSICIAN and a.team_id:
            signers.setdefault(a.team_id, a.user)
    DelegationProtocol.objects.bulk_create(
        DelegationProtocol(
            team_id=team_id,
            title="Protocole de délégation aux infirmier(ère)s en santé au travail",
            signed_by=physician,
            signed_on=today - datetime.timedelta(days=60),
            delegated_kinds=DELEGATED,
            conditions="Salariés en SI ou SIA, visites intermédiaires SIR ; hors EMAE.",
            referral_cases="Toute plainte ou anomalie, toute demande du salarié, RQTH.",
            staffing_hypothesis="lasting_shortage",
            cmt_approved_on=today - datetime.timedelta(days=75),
            valid_from=today - datetime.timedelta(days=60),
        )
        for team_id, physician in signers.items()
    )
    slots = [
        Slot(
            center_id=a.center_id,
            professional=a.user,
            performer="physician" if a.role == StaffRole.PHYSICIAN else "nurse",
            starts_at=datetime.datetime(day.year, day.month, day.day, h, m, tzinfo=PARIS),
            ends_at=datetime.datetime(day.year, day.month, day.day, h, m, tzinfo=PARIS)
            + datetime.timedelta(minutes=30),
            mode="teleconsultation" if (h, m) == (16, 30) else "in_person",
        )
        for a in assignments
        for day in working_days(today, 10)
        for h, m in SLOT_STARTS
    ]
    Slot.objects.bulk_create(slots, ignore_conflicts=True)
    refresh_due_visits(list(Worker.objects.values_list("pk", flat=True)))
    log(f"  {len(signers)} protocoles de délégation, {len(slots)} créneaux, échéances calculées")
