"""The employer declares a departure for retirement: the end-of-career visit (L4624-2-1)."""

import datetime
import html

import pytest
from django.urls import reverse
from django.utils import timezone

from suivi_sante.models import DueVisit, Employment
from tests.suivi_sante.factories import EmploymentFactory, VisitFactory

pytestmark = pytest.mark.django_db


def held(worker, kind: str, on: datetime.date) -> None:
    at = datetime.datetime.combine(on, datetime.time(9), tzinfo=datetime.UTC)
    VisitFactory(worker=worker, kind=kind, status="held", scheduled_at=at, held_at=at)


def under_sir_earlier(world) -> Employment:
    """An SI post since 01/07/2020 after a SIR post: EMAE 05/01/2015, renewal 05/01/2019."""
    held(world.worker, "EMAE", datetime.date(2015, 1, 5))
    held(world.worker, "SIR_PERIODIQUE", datetime.date(2019, 1, 5))
    return EmploymentFactory(
        worker=world.worker, establishment=world.establishment, start_on=datetime.date(2020, 7, 1)
    )


def declare(client, employment, **data):
    url = reverse("portal:suivi_sante:employment-end", args=[employment.pk])
    return client.post(url, data, follow=True)


def test_a_retirement_declared_on_the_portal_owes_the_end_of_career_visit(world, client_for):
    employment = under_sir_earlier(world)
    last_day = timezone.localdate()
    response = declare(
        client_for("portal_admin"), employment, end_on=last_day.isoformat(), retirement="on"
    )
    assert "Départ enregistré." in html.unescape(response.content.decode())
    employment.refresh_from_db()
    assert (employment.end_on, employment.end_reason) == (last_day, "retraite")
    due = DueVisit.objects.get(worker=world.worker, kind="FIN_CARRIERE")
    assert due.due_on == last_day
    assert due.performers == ["physician"]
    assert "avant le départ à la retraite" in due.reason
    assert "examen d'aptitude du 05/01/2019" in due.reason


def test_a_departure_without_retirement_owes_no_end_of_career_visit(world, client_for):
    employment = under_sir_earlier(world)
    declare(client_for("portal_admin"), employment, end_on=timezone.localdate().isoformat())
    employment.refresh_from_db()
    assert employment.end_reason == ""
    assert not DueVisit.objects.filter(worker=world.worker, kind="FIN_CARRIERE").exists()


def test_a_post_left_for_retirement_keeps_its_visit_after_its_last_day(world, client_for):
    # Ended 30 days ago, within ENDED_SIR_POST_DAYS: loaded like an ended SIR post.
    employment = under_sir_earlier(world)
    last_day = timezone.localdate() - datetime.timedelta(days=30)
    declare(client_for("portal_admin"), employment, end_on=last_day.isoformat(), retirement="on")
    due = DueVisit.objects.get(worker=world.worker, kind="FIN_CARRIERE")
    assert due.due_on == last_day
