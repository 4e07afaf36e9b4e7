"""A visit is held once it has started, and documents come only from a visit so held (issue 10,
item 8): the service says why in French, the database refuses what slips past it."""

import datetime
import hashlib
import zoneinfo

import pytest
import time_machine
from django.db import IntegrityError, connection, transaction
from django.test import Client
from django.urls import reverse

from suivi_sante.agenda import services as agenda
from suivi_sante.documents.services import allowed_kinds, issue_document
from suivi_sante.errors import DocumentError, FollowUpError
from suivi_sante.models import FollowUpDocument, Visit
from tests.conftest import login
from tests.matrix_suivi.dmst import ctx_for, held_visit
from tests.suivi_sante.factories import VisitFactory

PARIS = zoneinfo.ZoneInfo("Europe/Paris")
# Tuesday 2 March 2027, 09:00 in Paris: the visit's start.
STARTS_AT = datetime.datetime(2027, 3, 2, 9, 0, tzinfo=PARIS)

pytestmark = pytest.mark.django_db


def _planned(world) -> Visit:
    return VisitFactory(
        worker=world.worker, professional=world.actors["physician"], scheduled_at=STARTS_AT
    )


def test_a_visit_cannot_be_marked_held_before_it_starts(world):
    visit = _planned(world)
    with (
        time_machine.travel(STARTS_AT - datetime.timedelta(minutes=1), tick=False),
        pytest.raises(FollowUpError, match="commence le 02/03/2027 à 09:00"),
    ):
        agenda.record_outcome(actor=ctx_for(world.actors["physician"]), visit=visit, status="held")
    visit.refresh_from_db()
    assert (visit.status, visit.held_at) == ("planned", None)
    with time_machine.travel(STARTS_AT, tick=False):
        visit = agenda.record_outcome(
            actor=ctx_for(world.actors["physician"]), visit=visit, status="held"
        )
    assert (visit.status, visit.held_at) == ("held", STARTS_AT)


def test_the_outcome_page_refuses_held_before_the_start_in_french(world):
    visit = _planned(world)
    url = reverse("backoffice:suivi_sante:visit-outcome", args=[visit.pk])
    with time_machine.travel(STARTS_AT - datetime.timedelta(hours=2), tick=False):
        # Logged in after the clock move: a session idle timeout must not log us out.
        client = login(Client(), world.actors["physician"])
        response = client.post(url, {"status": "held", "note": ""}, follow=True)
    assert response.status_code == 200
    assert "ne peut pas être indiquée comme réalisée avant son début" in response.content.decode()
    visit.refresh_from_db()
    assert visit.status == "planned"


def test_the_database_refuses_a_visit_held_before_its_start(world):
    visit = _planned(world)
    with pytest.raises(IntegrityError, match="visit_held_after_start"), transaction.atomic():
        Visit.objects.filter(pk=visit.pk).update(
            status="held", held_at=STARTS_AT - datetime.timedelta(minutes=5)
        )
    Visit.objects.filter(pk=visit.pk).update(status="held", held_at=STARTS_AT)  # at the start: ok


def _raw_document(visit: Visit) -> None:
    """Insert a document row straight in SQL, as a script or a bug in a service would."""
    pdf = b"%PDF-1.7 raw " + str(visit.pk).encode()
    with connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO suivi_sante_followupdocument (worker_id, team_id, visit_id, kind, "
            "issued_by_id, issuer_performer, issued_at, pdf, sha256) "
            "VALUES (%s, %s, %s, 'attestation_suivi', %s, 'physician', now(), %s, %s)",
            [
                visit.worker_id,
                visit.team_id,
                visit.pk,
                visit.professional_id,
                pdf,
                hashlib.sha256(pdf).hexdigest(),
            ],
        )


def test_the_database_refuses_a_document_from_a_visit_not_held(world):
    visit = _planned(world)
    with pytest.raises(IntegrityError, match="n'est pas réalisée"), transaction.atomic():
        _raw_document(visit)
    assert not FollowUpDocument.objects.exists()
    _raw_document(held_visit(world))  # a held visit: accepted
    assert FollowUpDocument.objects.count() == 1


def _legacy_held_before_start(world) -> Visit:
    """A visit recorded as held before its start before the rule existed (NOT VALID keeps it)."""
    visit = held_visit(world)
    with connection.cursor() as cursor:  # rolled back with the test's transaction
        cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")  # no pending FK checks before ALTER
        cursor.execute("ALTER TABLE suivi_sante_visit DROP CONSTRAINT visit_held_after_start")
        cursor.execute(
            "UPDATE suivi_sante_visit SET held_at = scheduled_at - interval '1 hour' WHERE id = %s",
            [visit.pk],
        )
    visit.refresh_from_db()
    return visit


def test_no_document_is_issued_from_a_visit_held_before_its_start(world):
    visit = _legacy_held_before_start(world)
    assert allowed_kinds(ctx_for(world.actors["physician"]), visit) == []  # the form offers none
    with pytest.raises(DocumentError, match="réalisée avant son heure de début"):
        issue_document(
            actor=ctx_for(world.actors["physician"]), visit=visit, kind="attestation_suivi"
        )
    with pytest.raises(IntegrityError, match="n'est pas réalisée"), transaction.atomic():
        _raw_document(visit)
    assert not FollowUpDocument.objects.exists()
