"""Public pages, friendly French errors, and the beat schedule."""

import pytest
from celery import current_app
from django.test import Client
from django.urls import reverse

from spsti.celery import app


@pytest.mark.django_db
@pytest.mark.parametrize("name", ["home", "membership", "account_login"])
def test_public_pages_answer_in_french(name):
    response = Client().get(reverse(name))
    assert response.status_code == 200
    assert '<html lang="fr">' in response.content.decode()


@pytest.mark.django_db
def test_unknown_page_gives_the_french_404_page():
    response = Client().get("/nulle-part/")
    assert response.status_code == 404
    assert "Page introuvable" in response.content.decode()


@pytest.mark.django_db
def test_wrong_shell_gives_the_french_403_page_with_its_reason(client_for):
    response = client_for("nurse").get(reverse("portal:dashboard"))
    assert response.status_code == 403
    assert "réservé aux entreprises adhérentes" in response.content.decode()


def test_every_beat_entry_names_a_registered_task():
    app.loader.import_default_modules()
    for name, entry in app.conf.beat_schedule.items():
        assert entry["task"] in current_app.tasks, name
