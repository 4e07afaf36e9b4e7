"""Complaints of the centre: record, handle, close (only with a handling), filters, scoping."""

import datetime
from html import unescape

import pytest
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.enums import StaffRole
from adherents.models import Complaint, ComplaintStatus
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories_events import ComplaintFactory
from tests.conftest import login
from tests.matrix_adherents.events import complaint_for

BO = "backoffice:adherents"


def url(name, *args) -> str:
    return reverse(f"{BO}:{name}", args=args)


def text(response) -> str:
    return unescape(response.content.decode())


def record_data(**overrides):
    return {
        "siren": "",
        "received_on": timezone.localdate().isoformat(),
        "channel": "phone",
        "subject": "Convocation tardive",
        "description": "Le salarié a reçu sa convocation la veille.",
        **overrides,
    }


@pytest.mark.django_db
def test_a_complaint_is_recorded_with_or_without_a_member(world, client_for):
    client = client_for("member_service")
    response = client.post(url("events-complaint-create"), record_data(siren=world.adherent.siren))
    complaint = Complaint.objects.get()
    assert response.url == url("events-complaint-detail", complaint.pk)
    assert (complaint.center, complaint.adherent, complaint.status) == (
        world.center,
        world.adherent,
        ComplaintStatus.OPEN,
    )
    assert complaint.recorded_by == world.actors["member_service"]

    client.post(url("events-complaint-create"), record_data(subject="Appel sans réponse"))
    assert Complaint.objects.get(subject="Appel sans réponse").adherent is None


@pytest.mark.django_db
def test_a_member_of_another_centre_is_refused(world, client_for):
    from tests.adherents.factories import AdherentFactory

    elsewhere = AdherentFactory(team=world.other_team)
    response = client_for("member_service").post(
        url("events-complaint-create"), record_data(siren=elsewhere.siren)
    )
    assert f"Aucun adhérent suivi par votre centre ne porte le SIREN {elsewhere.siren}." in text(
        response
    )
    assert not Complaint.objects.exists()


@pytest.mark.django_db
def test_closing_needs_the_handling_written(world, client_for):
    complaint = complaint_for(world)
    client = client_for("member_service")
    response = client.post(url("events-complaint-close", complaint.pk), follow=True)
    assert "Décrivez le traitement de la réclamation avant de la clore." in text(response)
    complaint.refresh_from_db()
    assert (complaint.status, complaint.closed_on) == (ComplaintStatus.OPEN, None)

    client.post(
        url("events-complaint-detail", complaint.pk),
        {
            "status": "in_progress",
            "handling": "Appel de l'employeur, excuses, délai de convocation rappelé.",
            "corrective_action": "Convocations envoyées 15 jours avant.",
        },
    )
    complaint.refresh_from_db()
    assert complaint.status == ComplaintStatus.IN_PROGRESS
    client.post(url("events-complaint-close", complaint.pk))
    complaint.refresh_from_db()
    assert (complaint.status, complaint.closed_on) == (
        ComplaintStatus.CLOSED,
        timezone.localdate(),
    )

    response = client.post(
        url("events-complaint-detail", complaint.pk),
        {"status": "open", "handling": "", "corrective_action": ""},
    )
    assert "Cette réclamation est close : elle ne se modifie plus." in text(response)
    complaint.refresh_from_db()
    assert complaint.handling.startswith("Appel de l'employeur")


@pytest.mark.django_db
def test_the_database_refuses_a_closed_complaint_without_handling(world):
    complaint = complaint_for(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Complaint.objects.filter(pk=complaint.pk).update(
            status=ComplaintStatus.CLOSED, closed_on=timezone.localdate()
        )


@pytest.mark.django_db
def test_list_filters_by_status_and_period(world, client_for):
    today = timezone.localdate()
    old = complaint_for(world, received_on=today - datetime.timedelta(days=60))
    recent = complaint_for(world, received_on=today - datetime.timedelta(days=2))
    handled = complaint_for(
        world,
        received_on=today - datetime.timedelta(days=1),
        status=ComplaintStatus.IN_PROGRESS,
    )
    ComplaintFactory(center=world.other_center)
    client = client_for("member_service")

    def listed(**params):
        response = client.get(url("events-complaint-list"), params)
        return [c.pk for c in response.context["page"].items]

    assert listed() == [handled.pk, recent.pk, old.pk]
    assert listed(status="open") == [recent.pk, old.pk]
    since = (today - datetime.timedelta(days=7)).isoformat()
    assert listed(since=since) == [handled.pk, recent.pk]
    until = (today - datetime.timedelta(days=30)).isoformat()
    assert listed(until=until) == [old.pk]
    response = client.get(url("events-complaint-list"), {"since": today, "until": since})
    assert "La fin de la période doit suivre son début." in text(response)


@pytest.mark.django_db
def test_another_centres_complaint_is_404(world, client_for):
    theirs = ComplaintFactory(center=world.other_center, handling="Fait.")
    client = client_for("member_service")
    assert client.get(url("events-complaint-detail", theirs.pk)).status_code == 404
    assert client.post(url("events-complaint-close", theirs.pk)).status_code == 404
    theirs.refresh_from_db()
    assert theirs.status == ComplaintStatus.OPEN

    other_agent = StaffAssignmentFactory(
        center=world.other_center, role=StaffRole.MEMBER_SERVICE, team=world.other_team
    ).user
    other = login(Client(), other_agent)
    mine = complaint_for(world)
    assert other.get(url("events-complaint-detail", mine.pk)).status_code == 404
    assert other.get(url("events-complaint-detail", theirs.pk)).status_code == 200


@pytest.mark.django_db
def test_the_list_is_paginated_with_a_flat_query_count(world, client_for, settings):
    complaint_for(world)
    client = client_for("member_service")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url("events-complaint-list"))
        assert response.status_code == 200
        return len(queries)

    one = count()
    for _ in range(settings.SPSTI_LIST_PAGE_SIZE + 4):
        complaint_for(world, adherent=world.adherent)
    assert count() == one
    page = client.get(url("events-complaint-list")).context["page"]
    assert (len(page.items), page.has_next) == (settings.SPSTI_LIST_PAGE_SIZE, True)
