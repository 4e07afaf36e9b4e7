"""The configuration of the trajectory's steps in the back-office (member service)."""

import pytest
from django.urls import reverse

from adherents.models import TrajectoryStep, TrajectoryStepDefinition
from tests.adherents.factories_trajectory import D, definition, started

pytestmark = pytest.mark.django_db
LIST = "backoffice:adherents:trajectory-definition-list"


def _edit(client, code, **changes):
    step = definition(code)
    data = {
        "label": step.label,
        "owner_role": step.owner_role,
        "target_days": step.target_days,
        "order": step.order,
        "is_active": "on" if step.is_active else "",
        **changes,
    }
    url = reverse("backoffice:adherents:trajectory-definition-edit", args=[step.pk])
    return client.post(url, data)


def test_the_list_says_a_new_delay_does_not_move_open_steps(client_for):
    html = client_for("member_service").get(reverse(LIST)).content.decode()
    assert "Appel de bienvenue" in html
    assert "ne déplace pas les dates cibles des étapes déjà ouvertes" in html


def test_editing_a_delay_keeps_existing_due_dates(world, client_for):
    step = started(world.adherent, D(2026, 3, 2))["welcome_call"]
    client = client_for("member_service")
    response = _edit(client, "welcome_call", target_days=8, owner_role="medical_secretary")
    assert response.status_code == 302
    changed = definition("welcome_call")
    assert (changed.target_days, changed.owner_role) == (8, "medical_secretary")
    assert TrajectoryStep.objects.get(pk=step.pk).due_on == D(2026, 3, 17)
    refused = _edit(client, "yearly_review", target_days=500)
    assert refused.status_code == 200
    assert "doit être due dans l&#x27;année" in refused.content.decode()
    assert definition("yearly_review").target_days == 90


def test_adding_a_step(client_for):
    client = client_for("member_service")
    url = reverse("backoffice:adherents:trajectory-definition-create")
    data = {
        "code": "visite_bilan",
        "track": "new",
        "label": "Visite bilan à 18 mois",
        "owner_role": "iprp",
        "target_days": 548,
        "order": 60,
        "is_active": "on",
    }
    assert client.post(url, data).status_code == 302
    added = TrajectoryStepDefinition.objects.get(code="visite_bilan")
    assert (added.label, added.owner_role, added.target_days, added.is_active) == (
        "Visite bilan à 18 mois",
        "iprp",
        548,
        True,
    )
    again = client.post(url, data)
    assert "Ce code est déjà utilisé" in again.content.decode()
    assert TrajectoryStepDefinition.objects.filter(code="visite_bilan").count() == 1
