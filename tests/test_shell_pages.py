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


@pytest.mark.parametrize(
    ("actor", "url", "status", "menu", "home"),
    [
        # The nurse may not plan slots; she stays in her back-office, with her menu.
        (
            "nurse",
            "/back-office/agenda/creneaux/nouveau/",
            403,
            "Menu du back-office",
            "backoffice:dashboard",
        ),
        ("nurse", "/back-office/nulle-part/", 404, "Menu du back-office", "backoffice:dashboard"),
        # Staff at the portal's door: refused, still in their own shell.
        ("nurse", "/espace-adherent/", 403, "Menu du back-office", "backoffice:dashboard"),
        # The firm acting for A has no "workers" scope.
        (
            "firm_mandated",
            "/espace-adherent/salaries/",
            403,
            "Menu de l'espace adhérent",
            "portal:dashboard",
        ),
        (
            "portal_admin",
            "/espace-adherent/nulle-part/",
            404,
            "Menu de l'espace adhérent",
            "portal:dashboard",
        ),
    ],
)
def test_an_error_page_keeps_the_shell_of_a_logged_in_reader(
    actor, url, status, menu, home, client_for
):
    response = client_for(actor).get(url)
    assert response.status_code == status
    html = response.content.decode()
    assert f'aria-label="{menu}"' in html
    assert 'aria-controls="menu-principal"' in html  # the narrow screens' "Menu" button
    assert f'<a href="{reverse(home)}">Retourner à mon espace</a>' in html
    assert "Se déconnecter" in html


@pytest.mark.django_db
def test_an_error_page_for_an_anonymous_visitor_has_no_shell():
    html = Client().get("/nulle-part/").content.decode()
    assert "Page introuvable" in html
    assert "menu-principal" not in html
    assert f'<a href="{reverse("after-login")}">Retourner à mon espace</a>' in html
