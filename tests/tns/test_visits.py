"""The VIP TNS: booked on a free slot of the centre's agenda from a proposal of contact, shown
in the person's space and in the agenda, never a salaried Visit (the schedule engine never sees
it), and a slot it holds is refused to a salaried booking."""

import datetime

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import PermissionDenied
from django.test import Client
from django.urls import reverse

from suivi_sante.agenda.selectors import free_slots
from suivi_sante.agenda.services import book_visit
from suivi_sante.errors import BookingError
from suivi_sante.models import Visit
from tests.conftest import login
from tests.suivi_sante.factories import EmploymentFactory, SlotFactory
from tests.tns.factories import ctx_of, offer_for, proposal_for
from tns.models import TnsVisit
from tns.rules.affiliation import add_months
from tns.visits import selectors, services

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def proposal(world, frozen):
    offer_for(world.team)
    return proposal_for(world.team, datetime.date(2026, 3, 17))


def _slot(world, days=3, **fields):
    return SlotFactory(
        center=fields.pop("center", world.center),
        professional=fields.pop("professional", world.actors["nurse"]),
        performer=fields.pop("performer", "nurse"),
        starts_at=NOW + datetime.timedelta(days=days),
        **fields,
    )


def test_the_nurse_books_a_vip_tns_from_the_proposal(
    world, proposal, django_capture_on_commit_callbacks
):
    slot = _slot(world)
    nurse = login(Client(), world.actors["nurse"])
    detail = reverse("backoffice:tns:proposal-detail", args=[proposal.pk])
    assert "Réserver la VIP TNS" in nurse.get(detail).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = nurse.post(
            reverse("backoffice:tns:vip-book", args=[proposal.pk]), {"slot": slot.pk}
        )
    assert response.url == detail
    visit = TnsVisit.objects.get()
    assert (visit.kind, visit.slot, visit.proposal, visit.person) == (
        "VIP_TNS",
        slot,
        proposal,
        proposal.screening.person,
    )
    assert not Visit.objects.exists()  # never a salaried visit
    assert mail.outbox[-1].to == [proposal.screening.person.email]
    assert "VIP TNS" in mail.outbox[-1].subject
    # the agenda shows the slot held, and no longer offers it
    assert slot not in free_slots(ctx_of(world.actors["secretary"]), start=NOW.date())
    week = login(Client(), world.actors["secretary"]).get(
        reverse("backoffice:suivi_sante:agenda") + "?semaine=2026-03-09"
    )
    assert "VIP TNS (travailleur indépendant)" in week.content.decode()
    # the person sees the appointment in their space
    person = login(Client(), proposal.screening.person)
    assert "VIP TNS" in person.get(reverse("portal:tns:space")).content.decode()


def test_a_slot_held_by_a_vip_tns_is_refused_to_a_salaried_booking(world, proposal):
    slot = _slot(world, professional=world.actors["physician"], performer="physician")
    services.book_vip_tns(
        actor=ctx_of(world.actors["nurse"]), affiliation=proposal.screening.affiliation, slot=slot
    )
    EmploymentFactory(worker=world.worker, establishment=world.establishment)
    with pytest.raises(BookingError, match="déjà pris"):
        book_visit(
            actor=ctx_of(world.actors["physician"]), worker=world.worker, kind="VIP", slot=slot
        )
    with pytest.raises(services.VisitError, match="déjà pris"):
        services.book_vip_tns(
            actor=ctx_of(world.actors["nurse"]),
            affiliation=proposal.screening.affiliation,
            slot=slot,
        )


def test_refusals(world, proposal):
    affiliation = proposal.screening.affiliation
    nurse = ctx_of(world.actors["nurse"])
    with pytest.raises(services.VisitError, match="déjà passé"):
        services.book_vip_tns(actor=nurse, affiliation=affiliation, slot=_slot(world, days=-1))
    with pytest.raises(services.VisitError, match="ne couvre pas"):
        services.book_vip_tns(actor=nurse, affiliation=affiliation, slot=_slot(world, days=400))
    other_slot = _slot(
        world, center=world.other_center, professional=world.actors["physician_other"]
    )
    with pytest.raises(PermissionDenied):
        services.book_vip_tns(actor=nurse, affiliation=affiliation, slot=other_slot)
    with pytest.raises(PermissionDenied):
        services.book_vip_tns(
            actor=ctx_of(world.actors["secretary"]), affiliation=affiliation, slot=_slot(world)
        )
    assert not TnsVisit.objects.exists()


def test_the_next_vip_tns_follows_the_offers_rhythm(world, proposal, frozen):
    visit = services.book_vip_tns(
        actor=ctx_of(world.actors["nurse"]),
        affiliation=proposal.screening.affiliation,
        slot=_slot(world),
    )
    person = proposal.screening.person
    assert selectors.next_vip_due(person) is None
    TnsVisit.objects.filter(pk=visit.pk).update(status="held")
    assert selectors.next_vip_due(person) == datetime.date(2028, 3, 13)  # 24 months by default
    assert add_months(datetime.date(2026, 1, 31), 1) == datetime.date(2026, 2, 28)


def test_outcomes_from_the_centres_list(world, proposal, frozen):
    visit = services.book_vip_tns(
        actor=ctx_of(world.actors["nurse"]),
        affiliation=proposal.screening.affiliation,
        slot=_slot(world),
    )
    nurse = ctx_of(world.actors["nurse"])
    with pytest.raises(services.VisitError, match="une fois commencée"):
        services.record_outcome(actor=nurse, visit=visit, status="held")
    frozen.move_to(NOW + datetime.timedelta(days=3, hours=1))
    services.record_outcome(actor=ctx_of(world.actors["nurse"]), visit=visit, status="held")
    visit.refresh_from_db()
    assert visit.status == "held"
    with pytest.raises(services.VisitError, match="déjà enregistrée"):
        services.record_outcome(actor=ctx_of(world.actors["nurse"]), visit=visit, status="absent")
    with pytest.raises(PermissionDenied):
        services.record_outcome(
            actor=ctx_of(world.actors["physician_other"]), visit=visit, status="absent"
        )


def test_vip_list_bounded_queries(world, proposal, django_assert_max_num_queries):
    for days in (2, 3, 4):
        services.book_vip_tns(
            actor=ctx_of(world.actors["nurse"]),
            affiliation=proposal.screening.affiliation,
            slot=_slot(world, days=days),
        )
    client = login(Client(), world.actors["nurse"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("backoffice:tns:vip-list"))
    assert response.content.decode().count("Programmée") == 3
