"""The portal says what a convocation means for the employer (issue 17, item 8)."""

import datetime
from html import unescape

import pytest
from django.urls import reverse

from suivi_sante.models import Visit
from tests.suivi_sante.agenda.test_convocations import _convocation

pytestmark = pytest.mark.django_db

LIST = reverse("portal:suivi_sante:convocation-list")


def page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200
    return unescape(response.content.decode())


def test_each_state_reads_as_the_employers_next_move(world, client_for):
    client = client_for("portal_admin")
    convocation = _convocation(world)
    detail = reverse("portal:suivi_sante:convocation-detail", args=[convocation.pk])
    assert "En attente de votre réponse" in page(client, LIST)
    assert "Envoyée à l'employeur" not in page(client, LIST)

    respond = reverse("portal:suivi_sante:convocation-respond", args=[convocation.pk])
    client.post(respond, {"answer": "confirmed", "note": ""})
    assert "<td>Confirmée</td>" in page(client, LIST)
    assert "Confirmée le " in page(client, detail)

    other = _convocation(world)
    respond = reverse("portal:suivi_sante:convocation-respond", args=[other.pk])
    client.post(respond, {"answer": "reschedule_requested", "note": "Un jeudi"})
    assert "<td>À reprogrammer</td>" in page(client, LIST)


def test_a_past_convocation_is_listed_under_passees_as_passee(world, client_for):
    client = client_for("portal_admin")
    convocation = _convocation(world)
    Visit.objects.filter(pk=convocation.visit_id).update(
        scheduled_at=convocation.visit.scheduled_at - datetime.timedelta(days=30)
    )

    past = page(client, f"{LIST}?periode=passees")

    assert "<td>Passée</td>" in past
    assert "<td>En attente de votre réponse</td>" not in past
    assert "<td>En attente de votre réponse</td>" not in page(client, LIST)
