"""Nightly and weekly recomputation, weekly digests: the task functions, run eagerly."""

import datetime

import pytest
from celery.schedules import crontab
from django.core import mail
from django.utils import timezone

from accounts.enums import AdherentRole
from spsti.celery import app
from spsti.mail import iso_week
from suivi_sante.models import DueVisit, Worker
from suivi_sante.schedule import selectors as selectors_due
from suivi_sante.schedule import services as schedule
from suivi_sante.schedule import tasks
from tests.adherents.factories import AdherentMembershipFactory
from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory


@pytest.fixture
def eager():
    """Chunks sent by a task run in this process, in the test's transaction (real code)."""
    previous = (app.conf.task_always_eager, app.conf.task_eager_propagates)
    app.conf.task_always_eager = app.conf.task_eager_propagates = True
    yield
    app.conf.task_always_eager, app.conf.task_eager_propagates = previous


def due(worker, kind: str, days: int, reason: str = "Motif réglementaire") -> DueVisit:
    """A stored due visit ``days`` from today (negative: overdue)."""
    return DueVisit.objects.create(
        worker=worker,
        team=worker.adherent.team,
        kind=kind,
        due_on=timezone.localdate() + datetime.timedelta(days=days),
        performers=["physician"],
        legal_reference="R4624-10",
        reason=reason,
        computed_at=timezone.now(),
    )


@pytest.mark.django_db
def test_nightly_task_recomputes_the_stale_workers_only(eager):
    stale = [EmploymentFactory().worker for _ in range(2)]
    fresh = EmploymentFactory().worker
    Worker.objects.filter(pk=fresh.pk).update(schedule_stale=False)
    untouched = due(fresh, "DEMANDE", 5, "Ligne laissée par le calcul précédent")

    assert tasks.recompute_due_visits() == 1  # one chunk

    assert not Worker.objects.filter(schedule_stale=True).exists()
    for worker in stale:
        assert DueVisit.objects.filter(worker=worker, kind="VIP").exists()
    assert list(DueVisit.objects.filter(worker=fresh)) == [untouched]
    fresh.refresh_from_db()
    assert fresh.schedule_computed_at is None


@pytest.mark.django_db
def test_nightly_task_with_nothing_stale_sends_nothing(eager):
    worker = EmploymentFactory().worker
    Worker.objects.filter(pk=worker.pk).update(schedule_stale=False)

    assert tasks.recompute_due_visits() == 0
    assert not DueVisit.objects.exists()


@pytest.mark.django_db
def test_weekly_full_pass_recomputes_every_worker(eager):
    workers = [EmploymentFactory().worker for _ in range(3)]
    Worker.objects.update(schedule_stale=False)

    assert tasks.recompute_all_due_visits() == 1

    for worker in workers:
        worker.refresh_from_db()
        assert worker.schedule_computed_at is not None
        assert DueVisit.objects.filter(worker=worker).exists()


def test_2401_ids_make_3_chunks_of_at_most_1000():
    ids = list(range(1, 2402))

    def next_ids(after, *, limit):
        return [pk for pk in ids if pk > after][:limit]

    signatures = tasks.recompute_group(tasks.id_chunks(next_ids))

    assert [len(sig.args[0]) for sig in signatures.tasks] == [1000, 1000, 401]
    assert {sig.task for sig in signatures.tasks} == {
        "suivi_sante.schedule.tasks.recompute_due_chunk"
    }
    assert [pk for sig in signatures.tasks for pk in sig.args[0]] == ids


@pytest.mark.django_db
def test_ids_are_walked_by_keyset_in_id_order():
    workers = WorkerFactory.create_batch(5)
    Worker.objects.filter(pk=workers[2].pk).update(schedule_stale=False)

    every = list(tasks.id_chunks(selectors_due.worker_ids, size=2))
    stale = list(tasks.id_chunks(selectors_due.stale_worker_ids, size=2))

    pks = sorted(w.pk for w in workers)
    assert every == [pks[0:2], pks[2:4], pks[4:]]
    assert stale == [[pks[0], pks[1]], [pks[3], pks[4]]]


def test_beat_runs_the_recomputations_and_the_digests_at_the_agreed_times():
    beat = app.conf.beat_schedule
    assert beat["suivi_sante.recompute_due_visits"]["schedule"] == crontab(hour=2, minute=0)
    assert beat["suivi_sante.recompute_all_due_visits"]["schedule"] == crontab(
        hour=3, minute=0, day_of_week="sun"
    )
    assert beat["suivi_sante.send_due_digests"]["schedule"] == crontab(
        hour=7, minute=0, day_of_week="mon"
    )


@pytest.fixture
def members(world):
    """Member A: an admin, an HR, a prevention contact, a former admin. Member B: an admin."""
    hr = AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.HR).user
    contact = AdherentMembershipFactory(
        adherent=world.adherent, role=AdherentRole.PREVENTION_CONTACT
    ).user
    former = AdherentMembershipFactory(
        adherent=world.adherent, role=AdherentRole.ADMIN, is_active=False
    ).user
    their_worker = world.other_adherent.workers.get()
    return {"hr": hr, "contact": contact, "former": former, "their_worker": their_worker}


@pytest.mark.django_db
def test_digest_goes_to_the_admins_and_hr_of_each_member_with_their_own_workers(
    world, members, eager
):
    ours = world.worker
    vip = due(ours, "VIP", -10, "VIP initiale à réaliser avant le …")
    reprise = due(ours, "REPRISE", 20, "Visite de reprise au retour")
    due(ours, "MI_CARRIERE", 90, "Visite de mi-carrière bien plus tard")
    due(members["their_worker"], "VIP", 5, "Motif de l'autre adhérent")

    assert tasks.send_due_digests() == 1  # one chunk of members

    by_member = {m.subject: m for m in mail.outbox}
    assert len(mail.outbox) == 2
    ours_mail = next(m for m in mail.outbox if world.adherent.name in m.subject)
    assert sorted(ours_mail.to) == sorted([world.actors["portal_admin"].email, members["hr"].email])
    body = ours_mail.body
    assert "EN RETARD" in body
    assert f"{ours} — Visite d'information et de prévention (VIP)" in body
    # The employer reads the visit, the category and the date; never the engine's reasons.
    assert f"Suivi SI : visite à réaliser avant le {vip.due_on:%d/%m/%Y}." in body
    assert f"Suivi SI : visite à réaliser avant le {reprise.due_on:%d/%m/%Y}." in body
    assert "VIP initiale à réaliser avant le …" not in body
    assert "Visite de reprise au retour" not in body
    assert "mi-carrière" not in body  # beyond the 60 days
    assert str(members["their_worker"]) not in body
    assert "Motif de l'autre adhérent" not in body
    theirs_mail = next(m for m in by_member.values() if m is not ours_mail)
    assert theirs_mail.to == [world.actors["portal_other"].email]
    assert str(ours) not in theirs_mail.body


@pytest.mark.django_db
def test_digest_is_not_sent_twice_the_same_week(world, members, eager):
    due(world.worker, "VIP", 3)

    tasks.send_due_digests()
    tasks.send_due_digests()

    assert len(mail.outbox) == 1  # member B has nothing due: no e-mail
    week = iso_week(timezone.localdate())
    assert schedule.send_due_digest_batch(adherent_ids=[world.adherent.pk], week=week) == 0
    next_week = iso_week(timezone.localdate() + datetime.timedelta(days=7))
    assert schedule.send_due_digest_batch(adherent_ids=[world.adherent.pk], week=next_week) == 1
    assert len(mail.outbox) == 2


def test_iso_week_names_the_week_of_the_year():
    assert iso_week(datetime.date(2026, 11, 23)) == "2026-W48"
    assert iso_week(datetime.date(2027, 1, 1)) == "2026-W53"  # a Friday of W53
