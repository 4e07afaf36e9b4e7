"""Work stoppages through the API: declared, returned from, refused in French, in the history
with the token; another member's worker or absence is a 404."""

import datetime

import pytest
from django.urls import reverse

from suivi_sante.models import Absence
from tests.api.helpers import actor_tokens, bearer, make_token
from tests.suivi_sante.factories import AbsenceFactory


def _post(secret, url, data):
    return bearer(secret).post(url, data, content_type="application/json")


@pytest.mark.django_db
def test_an_absence_then_the_return(world):
    token, secret = make_token(world.actors["portal_admin"], world.adherent)
    url = reverse("api:absence-declare", args=[world.worker.pk])
    response = _post(secret, url, {"cause": "maladie", "start_on": "2026-09-01"})
    assert response.status_code == 201, response.json()
    absence = Absence.objects.get(pk=response.json()["id"])
    assert absence.end_on is None
    overlap = _post(secret, url, {"cause": "maladie", "start_on": "2026-09-10"})
    assert overlap.status_code == 422
    assert overlap.json()["detail"] == "Une absence déjà déclarée couvre une partie de ces dates."
    back = _post(
        secret, reverse("api:absence-return", args=[absence.pk]), {"return_on": "2026-10-15"}
    )
    assert back.status_code == 200
    assert back.json()["end_on"] == "2026-10-14"
    events = Absence.pgh_event_model.objects.filter(pgh_obj_id=absence.pk)
    assert {e.pgh_context.metadata["api_token"] for e in events} == {token.pk}


@pytest.mark.django_db
def test_refusals_and_other_members(world):
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    url = reverse("api:absence-declare", args=[world.worker.pk])
    bad = _post(secret, url, {"cause": "vacances", "start_on": "2026-09-01"})
    assert bad.status_code == 400
    assert "cause" in bad.json()["erreurs"]
    backwards = _post(
        secret, url, {"cause": "maladie", "start_on": "2026-09-10", "end_on": "2026-09-01"}
    )
    assert backwards.status_code == 422
    other = actor_tokens(world)["portal_other"]
    assert _post(other, url, {"cause": "maladie", "start_on": "2026-09-01"}).status_code == 404
    absence = AbsenceFactory(worker=world.worker, end_on=None)
    returned = _post(
        other, reverse("api:absence-return", args=[absence.pk]), {"return_on": "2026-10-01"}
    )
    assert returned.status_code == 404
    assert not Absence.objects.exclude(pk=absence.pk).exists()


@pytest.mark.django_db
def test_a_return_is_declared_once(world):
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    absence = AbsenceFactory(worker=world.worker, start_on=datetime.date(2026, 1, 5), end_on=None)
    url = reverse("api:absence-return", args=[absence.pk])
    assert _post(secret, url, {"return_on": "2026-02-01"}).status_code == 200
    again = _post(secret, url, {"return_on": "2026-02-02"})
    assert again.status_code == 422
    assert again.json()["detail"] == "Le retour de cette absence est déjà déclaré."
