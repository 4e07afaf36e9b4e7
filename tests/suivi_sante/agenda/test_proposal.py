"""Proposing convocations from what is due: preferences, grouping, delegation, confirmation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from suivi_sante.agenda.services_convocations import propose_convocations
from suivi_sante.models import Convocation, Visit
from tests.adherents.factories import EstablishmentFactory
from tests.suivi_sante.agenda.support import (
    active_protocol,
    at,
    ctx_of,
    employed_worker,
    make_due,
    make_slot,
    next_weekday,
)
from tests.suivi_sante.factories import EmploymentFactory

pytestmark = pytest.mark.django_db


def _propose(world, establishment=None, horizon_days=60):
    return propose_convocations(
        actor=ctx_of(world, "secretary"),
        establishment=establishment or world.establishment,
        horizon_days=horizon_days,
    )


def _local(slot):
    return timezone.localtime(slot.starts_at)


def test_a_tuesday_morning_preference_gets_tuesday_morning_slots(world):
    world.establishment.convocation_weekdays = [2]
    world.establishment.convocation_half_day = "am"
    world.establishment.save()
    monday, tuesday = next_weekday(1), next_weekday(2)
    for hour in (9, 10):  # earlier and just as free, but not what the employer asked
        make_slot(world, "physician", at(monday, hour))
        make_slot(world, "physician", at(tuesday, hour + 5))  # 14:00, 15:00
    morning = [make_slot(world, "physician", at(tuesday, 9, m)) for m in (0, 30)]
    for worker in (employed_worker(world), employed_worker(world)):
        make_due(worker)
    proposal = _propose(world)
    assert [line.slot for line in proposal.lines] == morning
    assert all(line.preferred and line.on_time for line in proposal.lines)
    assert proposal.preference_label == "mardi — matin"


def test_without_a_preferred_slot_the_proposal_takes_another_one(world):
    world.establishment.convocation_weekdays = [2]
    world.establishment.save()
    wednesday = make_slot(world, "physician", at(next_weekday(3), 9))
    make_due(employed_worker(world))
    (line,) = _propose(world).lines
    assert line.slot == wednesday
    assert not line.preferred


def test_the_legal_date_comes_before_the_employers_preference(world):
    world.establishment.convocation_weekdays = [4]
    world.establishment.save()
    monday = next_weekday(1)
    early = make_slot(world, "physician", at(monday, 9))
    make_slot(world, "physician", at(monday + datetime.timedelta(days=3), 9))  # a Thursday
    make_due(employed_worker(world), due_on=monday)
    (line,) = _propose(world).lines
    assert line.slot == early
    assert line.on_time
    assert not line.preferred


def test_workers_of_one_establishment_are_grouped_on_consecutive_slots_of_one_day(world):
    monday, wednesday = next_weekday(1), next_weekday(3)
    make_slot(world, "physician", at(monday, 9))  # a lone early slot
    make_slot(world, "physician", at(monday, 14))
    grouped = [make_slot(world, "physician", at(wednesday, 9, m)) for m in (0, 30)]
    grouped.append(make_slot(world, "physician", at(wednesday, 10)))
    workers = [employed_worker(world) for _ in range(3)]
    for worker in workers:
        make_due(worker)
    proposal = _propose(world)
    assert [line.slot for line in proposal.lines] == grouped
    assert {line.due.worker for line in proposal.lines} == set(workers)


def test_a_nurse_slot_is_proposed_only_for_a_kind_a_protocol_covers(world):
    tuesday = next_weekday(2)
    nurse_slot = make_slot(world, "nurse", at(tuesday, 9))
    vip = make_due(employed_worker(world), "VIP")
    emae = make_due(employed_worker(world), "EMAE", performers=("physician",))
    proposal = _propose(world)  # no protocol yet: nothing fits
    assert [line.slot for line in proposal.lines] == [None, None]
    active_protocol(world)
    proposal = _propose(world)
    assert [(line.due, line.slot) for line in proposal.placed] == [(vip, nurse_slot)]
    assert [line.due for line in proposal.unplaced] == [emae]


def test_only_current_workers_of_the_establishment_not_yet_booked_are_proposed(world):
    make_slot(world, "physician", at(next_weekday(2), 9))
    make_slot(world, "physician", at(next_weekday(2), 10))
    current = employed_worker(world)
    make_due(current)
    gone = employed_worker(world)
    gone.employments.update(end_on=timezone.localdate() - datetime.timedelta(days=1))
    make_due(gone)
    elsewhere = EstablishmentFactory(adherent=world.adherent)
    make_due(employed_worker(world, elsewhere))
    far = employed_worker(world)
    make_due(far, due_on=timezone.localdate() + datetime.timedelta(days=400))
    booked = employed_worker(world)
    make_due(booked)
    slot = make_slot(world, "physician", at(next_weekday(4), 9))
    Visit.objects.create(
        worker=booked,
        team=world.team,
        kind="VIP",
        performer="physician",
        professional=slot.professional,
        slot=slot,
        scheduled_at=slot.starts_at,
        booked_by=slot.professional,
    )
    assert [line.due.worker for line in _propose(world).lines] == [current]


def test_on_site_slots_of_another_establishment_are_not_proposed(world):
    other_site = EstablishmentFactory(adherent=world.adherent)
    make_slot(world, "physician", at(next_weekday(2), 9), establishment=other_site)
    mine = make_slot(world, "physician", at(next_weekday(3), 9), establishment=world.establishment)
    make_due(employed_worker(world))
    assert [line.slot for line in _propose(world).lines] == [mine]


def test_the_secretary_confirms_the_kept_lines_and_the_convocations_leave(
    world, client_for, mailoutbox, django_capture_on_commit_callbacks
):
    tuesday = next_weekday(2)
    slots = [make_slot(world, "physician", at(tuesday, 9, m)) for m in (0, 30)]
    dues = [make_due(employed_worker(world, last_name=name)) for name in ("Aubry", "Bernard")]
    client = client_for("secretary")
    url = reverse("backoffice:suivi_sante:convocation-proposal", args=[world.establishment.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert f'value="{dues[0].pk}:{slots[0].pk}"' in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"line": [f"{dues[0].pk}:{slots[0].pk}"]})
    assert response.status_code == 302
    visit = Visit.objects.get()
    assert (visit.worker, visit.slot, visit.due_on) == (dues[0].worker, slots[0], dues[0].due_on)
    assert Convocation.objects.get().establishment == world.establishment
    assert len(mailoutbox) == 1
    # The unkept line is proposed again; a forged line of another establishment is ignored.
    other = EmploymentFactory(
        worker__adherent=world.adherent, establishment=EstablishmentFactory(adherent=world.adherent)
    )
    forged = make_due(other.worker)
    client.post(url, {"line": [f"{forged.pk}:{slots[1].pk}"]})
    assert Visit.objects.count() == 1
    assert [line.due for line in _propose(world).lines] == [dues[1]]


def test_another_centres_staff_gets_404_on_the_proposal(world, client_for):
    url = reverse("backoffice:suivi_sante:convocation-proposal", args=[world.establishment.pk])
    assert client_for("physician_other").get(url).status_code == 404
