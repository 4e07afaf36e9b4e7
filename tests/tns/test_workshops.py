"""Co-development workshops: at most 8 people, the charter accepted, attendance, satisfaction."""

import datetime

import pytest
import time_machine
from django.db import IntegrityError, transaction
from django.test import Client
from django.urls import reverse

from tests.conftest import login
from tests.tns.factories import ctx_of, offer_for, self_employed, session_in
from tests.unchanged import assert_nothing_changed
from tns.models import WorkshopRegistration
from tns.workshops import services
from tns.workshops.models import CHARTER_VERSION

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
LATER = NOW + datetime.timedelta(days=14)


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def person(world, frozen):
    offer_for(world.team)
    return self_employed(world.team)[0]


def test_register_with_the_charter_from_the_portal(world, person, client):
    session = session_in(world.center, LATER)
    login(client, person)
    listing = client.get(reverse("portal:tns:workshop-list")).content.decode()
    assert session.title in listing
    url = reverse("portal:tns:workshop-register", args=[session.pk])
    page = client.get(url).content.decode()
    assert "Ce qui est dit pendant l&#x27;atelier reste dans l&#x27;atelier" in page
    refused = client.post(url, {})
    assert "Acceptez la charte" in refused.content.decode()
    assert not WorkshopRegistration.objects.exists()
    assert client.post(url, {"charter_accepted": "on"}).url == reverse("portal:tns:space")
    registration = WorkshopRegistration.objects.get()
    assert registration.charter_version == CHARTER_VERSION
    assert registration.charter_accepted_at is not None


def test_at_most_eight_and_once_per_person(world, person):
    session = session_in(world.center, LATER, capacity=2)
    services.register(actor=ctx_of(person), session=session, charter_accepted=True)
    with pytest.raises(services.WorkshopError, match="déjà inscrit"):
        services.register(actor=ctx_of(person), session=session, charter_accepted=True)
    second = self_employed(world.team)[0]
    services.register(actor=ctx_of(second), session=session, charter_accepted=True)
    third = self_employed(world.team)[0]
    with pytest.raises(services.WorkshopError, match="complet"):
        services.register(actor=ctx_of(third), session=session, charter_accepted=True)
    with pytest.raises(services.WorkshopError, match="de 2 à 8"):
        services.create_session(
            actor=ctx_of(world.actors["nurse"]), title="x", starts_at=LATER, place="y", capacity=9
        )
    with pytest.raises(IntegrityError), transaction.atomic():
        session_in(world.center, LATER, capacity=9)


def test_without_an_open_affiliation_no_registration(world, frozen):
    session = session_in(world.center, LATER)
    with pytest.raises(services.WorkshopError, match="pas en cours"):
        services.register(
            actor=ctx_of(world.actors["portal_admin"]), session=session, charter_accepted=True
        )


def test_attendance_then_satisfaction(world, person, frozen):
    session = services.create_session(
        actor=ctx_of(world.actors["nurse"]), title="Dire non", starts_at=LATER, place="Salle 2"
    )
    registration = services.register(actor=ctx_of(person), session=session, charter_accepted=True)
    with pytest.raises(services.WorkshopError, match="après avoir participé"):
        services.rate(actor=ctx_of(person), registration=registration, satisfaction=5)
    frozen.move_to(LATER + datetime.timedelta(hours=3))
    nurse = login(Client(), world.actors["nurse"])
    detail = reverse("backoffice:tns:workshop-detail", args=[session.pk])
    assert person.last_name in nurse.get(detail).content.decode()
    nurse.post(detail, {"present": [str(registration.pk)]}, follow=True)
    registration.refresh_from_db()
    assert registration.attended is True
    # The same presences posted again: nothing changed, nothing written.
    assert_nothing_changed(
        nurse, detail, {"present": [str(registration.pk)]}, not_said="Présences enregistrées."
    )
    services.rate(actor=ctx_of(person), registration=registration, satisfaction=4)
    registration.refresh_from_db()
    assert registration.satisfaction == 4


def test_workshop_lists_bounded_queries(world, person, django_assert_max_num_queries):
    for day in range(4):
        session_in(world.center, LATER + datetime.timedelta(days=day))
    session_in(world.other_center, LATER, title="Autre centre")
    portal = login(Client(), person)
    with django_assert_max_num_queries(20):
        response = portal.get(reverse("portal:tns:workshop-list"))
    assert response.content.decode().count("Dire non sans culpabiliser") == 4
    staff = login(Client(), world.actors["nurse"])
    with django_assert_max_num_queries(20):
        page = staff.get(reverse("backoffice:tns:workshop-list")).content.decode()
    assert "Autre centre" not in page
