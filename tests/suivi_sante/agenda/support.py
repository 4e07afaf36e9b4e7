"""Builders shared by the agenda and convocation tests (no test here)."""

from __future__ import annotations

import datetime
from contextlib import contextmanager

from django.db import connection
from django.utils import timezone

from accounts.context import AccessContext, build_context
from suivi_sante.models import DueVisit, Worker
from tests.suivi_sante.factories import (
    EmploymentFactory,
    ProtocolFactory,
    SlotFactory,
    WorkerFactory,
)

MEMBER_TRIGGER = "visit_adherent_from_worker"


def ctx_of(world, actor: str) -> AccessContext:
    """The access context the middleware builds for this actor (staff: MFA passed)."""
    return build_context(world.actors[actor], {}, mfa_passed=True)


def next_weekday(iso_weekday: int, *, after_days: int = 7) -> datetime.date:
    """The first given ISO weekday at least `after_days` days from today."""
    day = timezone.localdate() + datetime.timedelta(days=after_days)
    while day.isoweekday() != iso_weekday:
        day += datetime.timedelta(days=1)
    return day


def at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    """That day at that time, Europe/Paris."""
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, minute)))


def make_slot(world, actor: str, starts_at: datetime.datetime, **extra):
    """A 30-minute slot of a world professional at the world's centre."""
    performer = "nurse" if actor == "nurse" else "physician"
    return SlotFactory(
        center=world.center,
        professional=world.actors[actor],
        performer=extra.pop("performer", performer),
        starts_at=starts_at,
        ends_at=starts_at + datetime.timedelta(minutes=30),
        **extra,
    )


def employed_worker(world, establishment=None, **extra) -> Worker:
    """A worker of member A with a running contract in the given (or head) establishment."""
    establishment = establishment or world.establishment
    worker = WorkerFactory(adherent=establishment.adherent, **extra)
    EmploymentFactory(worker=worker, establishment=establishment)
    return worker


def make_due(
    worker: Worker,
    kind: str = "VIP",
    *,
    due_on: datetime.date | None = None,
    performers: tuple[str, ...] = ("physician", "nurse"),
) -> DueVisit:
    """A due visit as the schedule engine would store it."""
    return DueVisit.objects.create(
        worker=worker,
        team_id=worker.adherent.team_id,
        kind=kind,
        due_on=due_on or timezone.localdate() + datetime.timedelta(days=45),
        performers=list(performers),
        legal_reference="R4624-10",
        reason="Visite d'information et de prévention dans les 3 mois suivant l'embauche",
        computed_at=timezone.now(),
    )


def active_protocol(world, kinds=("VIP", "VISITE_INTERMEDIAIRE")):
    """A protocol of the world's team, active since a month ago, signed by its physician."""
    return ProtocolFactory(
        team=world.team,
        signed_by=world.actors["physician"],
        delegated_kinds=list(kinds),
        valid_from=timezone.localdate() - datetime.timedelta(days=30),
    )


@contextmanager
def member_trigger_off():
    """Visit.adherent's fallback trigger (suivi_sante 0025) off for the block: a writer that
    leaves the member out then fails on NOT NULL instead of being rescued."""
    with connection.cursor() as cursor:
        # Checks pending on the visits (deferred foreign keys) would forbid the ALTER TABLE.
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
        cursor.execute("SET CONSTRAINTS ALL DEFERRED")
        cursor.execute(f"ALTER TABLE suivi_sante_visit DISABLE TRIGGER {MEMBER_TRIGGER}")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")
            cursor.execute(f"ALTER TABLE suivi_sante_visit ENABLE TRIGGER {MEMBER_TRIGGER}")
