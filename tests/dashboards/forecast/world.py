"""A small world for the forecast of medical time: team A (Centre Nord) with due visits,
protocols, slots, FE and visits held; team B (Centre Sud) with one of each, never counted for A.

"Today" is Wednesday 10 March 2027: the horizon runs from March 2027 to February 2028.
"""

import datetime

from django.utils import timezone

from accounts.enums import StaffRole
from prevention.models import FicheVersion
from tests import documents
from tests.accounts.factories import StaffAssignmentFactory, StaffUserFactory
from tests.prevention.factories import FicheFactory, FicheVersionFactory
from tests.suivi_sante.factories import (
    DueVisitFactory,
    ProtocolFactory,
    SlotFactory,
    VisitFactory,
    WorkerFactory,
)

TODAY = datetime.date(2027, 3, 10)


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def slot(world, actor: str, start: datetime.datetime, minutes: int, center=None):
    user = world.actors[actor] if isinstance(actor, str) else actor
    return SlotFactory(
        center=center or world.center,
        professional=user,
        performer="nurse" if actor == "nurse" else "physician",
        starts_at=start,
        ends_at=start + datetime.timedelta(minutes=minutes),
    )


def build(world) -> None:
    team, other = world.team, world.other_team
    worker = world.worker
    both, physician = ["physician", "nurse"], ["physician"]

    def due(kind, day, performers, who=worker):
        DueVisitFactory(
            worker=who, team=who.adherent.team, kind=kind, due_on=day, performers=performers
        )

    due("VIP", datetime.date(2027, 1, 15), both)  # overdue: counts in March
    due("VIP", datetime.date(2027, 3, 20), both)
    due("VIP", datetime.date(2027, 3, 21), both)
    due("VIP", datetime.date(2027, 3, 25), physician)  # a CACES post
    due("EMAE", datetime.date(2027, 4, 2), physician)
    due("SIR_PERIODIQUE", datetime.date(2027, 5, 3), physician)
    due("VISITE_INTERMEDIAIRE", datetime.date(2027, 6, 10), both)  # the protocol has ended
    due("REPRISE", datetime.date(2027, 8, 5), both)  # the second protocol has begun
    due("PRE_REPRISE", datetime.date(2027, 2, 1), both)  # passed: never late, left out
    due("VIP", datetime.date(2028, 3, 1), both)  # beyond the horizon
    due("VIP", datetime.date(2027, 3, 20), both, who=WorkerFactory(adherent=_b_member(world)))

    protocol = ProtocolFactory(
        team=team,
        signed_by=world.actors["physician"],
        delegated_kinds=["VIP", "VISITE_INTERMEDIAIRE"],
        valid_from=datetime.date(2026, 1, 2),
        valid_until=datetime.date(2027, 5, 15),
    )
    ProtocolFactory(
        team=team,
        signed_by=world.actors["physician"],
        delegated_kinds=["REPRISE"],
        valid_from=datetime.date(2027, 8, 1),
    )
    ProtocolFactory(
        team=other, signed_by=world.actors["physician_other"], delegated_kinds=["DEMANDE"]
    )

    # Slots: the physician 4 × 30 min in March and 60 min in April, the nurse 45 min in March.
    for n in range(4):
        slot(
            world,
            "physician",
            at(datetime.date(2027, 3, 15), 9) + datetime.timedelta(minutes=30 * n),
            30,
        )
    slot(world, "physician", at(datetime.date(2027, 4, 1), 14), 60)
    slot(world, "nurse", at(datetime.date(2027, 3, 16), 9), 45)
    slot(world, "physician", at(datetime.date(2027, 2, 20), 9), 30)  # before the horizon
    slot(world, "physician_other", at(datetime.date(2027, 3, 15), 9), 30, center=world.other_center)
    slot(world, StaffUserFactory(), at(datetime.date(2027, 3, 15), 11), 30)  # no team
    centre_only = StaffAssignmentFactory(center=world.center, role=StaffRole.PHYSICIAN, team=None)
    slot(world, centre_only.user, at(datetime.date(2027, 3, 15), 12), 30)  # assigned, no team

    # FE: A's establishment sent in May 2023 (renewal May 2027 at 4 years); B's (Garage Bêta,
    # also team A, joined 15/01/2024) never: first FE due January 2025, overdue.
    fiche = FicheFactory(establishment=world.establishment, first_due_on=datetime.date(2025, 1, 15))
    version = FicheVersionFactory(fiche=fiche)
    FicheVersion.objects.filter(pk=version.pk).update(
        status="validated",
        validated_by=world.actors["physician"],
        validated_at=at(datetime.date(2023, 5, 9), 10),
    )
    FicheVersion.objects.filter(pk=version.pk).update(
        status="sent",
        sent_at=at(datetime.date(2023, 5, 10), 10),
        **documents.fields(b"%PDF", "pdf", "sha256"),
    )

    # Visits held over the past year: 2 delegable (1 by the nurse), 1 EMAE, 1 by video.
    def held(kind, performer, mode="in_person"):
        VisitFactory(
            worker=worker,
            kind=kind,
            performer=performer,
            professional=world.actors[performer],
            status="held",
            mode=mode,
            scheduled_at=at(datetime.date(2026, 10, 5), 9),
            held_at=at(datetime.date(2026, 10, 5), 9),
            protocol=protocol if performer == "nurse" else None,
            teleconsultation_consent_at=at(datetime.date(2026, 10, 1), 9)
            if mode != "in_person"
            else None,
        )

    held("VIP", "nurse", mode="teleconsultation")
    held("VIP", "physician")
    held("EMAE", "physician")


def _b_member(world):
    from adherents.models import Adherent

    return Adherent.objects.get(name="Scierie Gamma")
