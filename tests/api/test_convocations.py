"""Convocations through the API: the member's list (never a confidential visit), confirm, ask
for another slot (with availabilities), refusals in French, the token in the history."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from suivi_sante.enums import ConvocationStatus, VisitKind
from suivi_sante.models import Convocation
from tests.api.helpers import bearer, make_token
from tests.matrix_suivi.agenda import _visit


@pytest.fixture
def admin(world):
    return make_token(world.actors["portal_admin"], world.adherent)


def _post(secret, url, data=None):
    return bearer(secret).post(url, data or {}, content_type="application/json")


@pytest.mark.django_db
def test_the_list_holds_the_members_convocations_but_no_confidential_one(world, admin):
    _, secret = admin
    shown = _visit(world).convocation
    _visit(world, kind=VisitKind.PRE_REPRISE)  # the worker's to share, not the employer's
    rows = bearer(secret).get(reverse("api:convocation-list")).json()["results"]
    assert [r["id"] for r in rows] == [shown.pk]
    assert rows[0]["worker"]["id"] == world.worker.pk
    assert rows[0]["status"] == ConvocationStatus.SENT
    upcoming = bearer(secret).get(reverse("api:convocation-list"), {"period": "passees"})
    assert upcoming.json()["results"] == []


@pytest.mark.django_db
def test_confirm_then_ask_another_slot(world, admin):
    token, secret = admin
    convocation = _visit(world).convocation
    confirmed = _post(secret, reverse("api:convocation-confirm", args=[convocation.pk]))
    assert confirmed.status_code == 200
    assert confirmed.json()["status"] == ConvocationStatus.CONFIRMED
    url = reverse("api:convocation-reschedule", args=[convocation.pk])
    refused = _post(secret, url, {"note": ""})
    assert refused.status_code == 400
    assert "note" in refused.json()["erreurs"]
    asked = _post(secret, url, {"note": "Plutôt le jeudi matin."})
    assert asked.status_code == 200
    convocation.refresh_from_db()
    assert convocation.status == ConvocationStatus.RESCHEDULE_REQUESTED
    assert convocation.response_note == "Plutôt le jeudi matin."
    events = Convocation.pgh_event_model.objects.filter(pgh_obj_id=convocation.pk)
    assert {e.pgh_context.metadata.get("api_token") for e in events if e.pgh_label == "update"} == {
        token.pk
    }


@pytest.mark.django_db
def test_a_past_convocation_calls_for_no_answer(world, admin):
    _, secret = admin
    convocation = _visit(world).convocation
    past = timezone.now() - datetime.timedelta(days=2)
    convocation.visit.__class__.objects.filter(pk=convocation.visit_id).update(scheduled_at=past)
    response = _post(secret, reverse("api:convocation-confirm", args=[convocation.pk]))
    assert response.status_code == 422
    assert response.json()["detail"] == (
        "Cette visite est passée : sa convocation n'appelle plus de réponse."
    )


@pytest.mark.django_db
def test_the_convocation_list_reads_a_flat_number_of_queries(world, admin):
    _, secret = admin
    url = reverse("api:convocation-list")

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert bearer(secret).get(url).status_code == 200
        return len(captured)

    _visit(world)
    count()  # the token's last use is written once a minute: not in the counts below
    few = count()
    for _ in range(5):
        _visit(world)
    assert count() == few
