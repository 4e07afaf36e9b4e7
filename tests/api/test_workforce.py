"""The workforce declaration through the API: the campaign's first version, locked, late
after closing, refused in French when no campaign is open or the numbers are wrong."""

import pytest
from django.urls import reverse

from adherents.models import WorkforceDeclaration
from tests.adherents.factories_workforce import campaign_around_today
from tests.api.helpers import bearer, firm_of, make_token


def _declare(secret, establishment, data):
    url = reverse("api:workforce-declare", args=[establishment.pk])
    return bearer(secret).post(url, data, content_type="application/json")


@pytest.mark.django_db
def test_a_firm_declares_for_its_member_once(world):
    campaign_around_today()
    firm_user = world.actors["firm_mandated"]
    token, secret = make_token(firm_user, world.adherent, firm=firm_of(firm_user))
    response = _declare(secret, world.establishment, {"si": 12, "sia": 2, "sir": 1})
    assert response.status_code == 201, response.json()
    body = response.json()
    assert (body["version"], body["si"], body["sia"], body["sir"], body["late"]) == (
        1,
        12,
        2,
        1,
        False,
    )
    declaration = WorkforceDeclaration.objects.get()
    assert declaration.via_firm_id == token.firm_id
    again = _declare(secret, world.establishment, {"si": 13, "sia": 2, "sir": 1})
    assert again.status_code == 422
    assert "verrouillée" in again.json()["detail"]


@pytest.mark.django_db
def test_a_late_declaration_is_accepted_and_marked(world):
    campaign_around_today(opened_days_ago=60, closes_in=-5)
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    response = _declare(secret, world.establishment, {"si": 1, "sia": 0, "sir": 0})
    assert response.status_code == 201
    assert response.json()["late"] is True


@pytest.mark.django_db
def test_refusals_in_french(world):
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    no_campaign = _declare(secret, world.establishment, {"si": 1, "sia": 0, "sir": 0})
    assert no_campaign.status_code == 422
    assert no_campaign.json()["detail"].startswith("Aucune campagne de déclaration")
    campaign_around_today()
    negative = _declare(secret, world.establishment, {"si": -1, "sia": 0, "sir": 0})
    assert negative.status_code == 400
    assert negative.json()["erreurs"]["si"] == ["Un effectif ne peut pas être négatif."]
    assert not WorkforceDeclaration.objects.exists()


@pytest.mark.django_db
def test_the_company_heads_round_trip_through_the_api(world):
    campaign_around_today()
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    negative = _declare(
        secret, world.establishment, {"si": 1, "sia": 0, "sir": 0, "company_heads": -1}
    )
    assert negative.status_code == 400
    assert negative.json()["erreurs"]["company_heads"] == [
        "Un nombre de dirigeants ne peut pas être négatif."
    ]
    assert not WorkforceDeclaration.objects.exists()
    response = _declare(
        secret, world.establishment, {"si": 3, "sia": 0, "sir": 1, "company_heads": 2}
    )
    assert response.status_code == 201, response.json()
    assert (response.json()["si"], response.json()["company_heads"]) == (3, 2)
    assert WorkforceDeclaration.objects.get().company_heads == 2


@pytest.mark.django_db
def test_without_heads_the_api_declares_none(world):
    campaign_around_today()
    _, secret = make_token(world.actors["portal_admin"], world.adherent)
    response = _declare(secret, world.establishment, {"si": 1, "sia": 0, "sir": 0})
    assert response.status_code == 201
    assert response.json()["company_heads"] == 0
    assert WorkforceDeclaration.objects.get().company_heads == 0
