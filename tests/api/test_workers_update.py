"""PATCH /api/v1/salaries/{id}/: the employer corrects its declaration of the current post, with
the hire's checks, French refusals, 404 across organisations, 403 without the write scope, and
the write in the history with the token."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Context

from api.enums import ApiScope
from suivi_sante.models import Employment, Worker
from tests.api.helpers import actor_tokens, bearer, make_token
from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory
from tests.unchanged import history_rows

PROBLEM = "application/problem+json"


@pytest.fixture
def post(world) -> Employment:
    return EmploymentFactory(
        worker=world.worker,
        establishment=world.establishment,
        start_on=timezone.localdate() - datetime.timedelta(days=20),
    )


@pytest.fixture
def admin_token(world):
    return make_token(world.actors["portal_admin"], world.adherent)


def _patch(secret, worker_id, data):
    return bearer(secret).patch(
        reverse("api:worker-detail", args=[worker_id]), data, content_type="application/json"
    )


@pytest.mark.django_db
def test_a_correction_answers_the_worker_and_its_declaration(world, post, admin_token):
    _, secret = admin_token
    response = _patch(
        secret, world.worker.pk, {"job_title": "Désamianteur", "sir_risks": ["amiante"]}
    )
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["category"] == "SIR"
    assert body["declaration"] == {
        "employment": post.pk,
        "job_title": "Désamianteur",
        "pcs_ese_code": "",
        "is_night_work": False,
        "is_exposed_biological_agents_2": False,
        "is_exposed_electromagnetic_fields": False,
        "sir_risks": ["amiante"],
        "aptitude_jobs": [],
    }
    assert body["employments"][0]["job_title"] == "Désamianteur"
    assert "nir" not in body
    assert "email" not in body


@pytest.mark.django_db
def test_an_exposure_to_biological_agents_of_group_2_is_corrected_to_sia(world, post, admin_token):
    _, secret = admin_token
    response = _patch(secret, world.worker.pk, {"is_exposed_biological_agents_2": True})
    assert response.status_code == 200, response.json()
    body = response.json()
    assert body["category"] == "SIA"
    assert body["declaration"]["is_exposed_biological_agents_2"] is True
    assert Employment.objects.get(pk=post.pk).is_exposed_biological_agents_2 is True


@pytest.mark.django_db
def test_the_write_is_in_the_history_with_the_token(world, post, admin_token):
    token, secret = admin_token
    _patch(secret, world.worker.pk, {"is_night_work": True})
    event = Employment.pgh_event_model.objects.get(pgh_obj_id=post.pk, pgh_label="update")
    metadata = event.pgh_context.metadata
    assert metadata["user"] == world.actors["portal_admin"].pk
    assert (metadata["api_token"], metadata["via"]) == (token.pk, "api")
    assert metadata["declaration_corrected"] == ["is_night_work"]


@pytest.mark.django_db
def test_the_same_values_again_write_nothing(world, post, admin_token):
    token, secret = admin_token
    before = history_rows()
    response = _patch(secret, world.worker.pk, {"job_title": post.job_title, "sir_risks": []})
    assert response.status_code == 200
    assert history_rows() == before
    assert not Context.objects.filter(metadata__api_token=token.pk).exists()


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        ({"job_title": ""}, "job_title", "ne peut être vide"),
        ({"pcs_ese_code": "12345"}, "pcs_ese_code", "au plus 4"),
        ({"sir_risks": ["radium"]}, "sir_risks", "n'est pas un choix valide"),
        (
            {"is_exposed_electromagnetic_fields": "peut-être"},
            "is_exposed_electromagnetic_fields",
            "booléen",
        ),
        ({"last_name": "Dupont"}, "last_name", "identitovigilance"),
        ({"birth_date": "1990-01-01"}, "birth_date", "identitovigilance"),
        ({"nir": "290057505612384"}, "nir", "identitovigilance"),
        ({"email": "perso@example.fr"}, "email", "visites confidentielles"),
        ({"category": "SI"}, "category", "seul le médecin du travail"),
        ({"end_on": "2026-01-01"}, "end_on", "/sortie/"),
        ({"couleur": "bleu"}, "couleur", "ne peut pas être modifié"),
    ],
)
def test_bad_input_is_a_french_400_and_nothing_written(
    world, post, admin_token, data, field, message
):
    _, secret = admin_token
    before = history_rows()
    response = _patch(secret, world.worker.pk, data)
    assert response.status_code == 400
    assert response["Content-Type"] == PROBLEM
    body = response.json()
    assert body["title"] == "Données invalides"
    assert message in str(body["erreurs"][field]), body
    assert history_rows() == before


@pytest.mark.django_db
def test_no_current_post_is_a_french_422(world, admin_token):
    _, secret = admin_token
    worker = WorkerFactory(adherent=world.adherent)
    response = _patch(secret, worker.pk, {"job_title": "Gérant"})
    assert response.status_code == 422
    assert "aucun emploi en cours" in response.json()["detail"]


@pytest.mark.django_db
def test_another_organisation_worker_is_a_404_and_a_missing_scope_a_403(world, post):
    tokens = actor_tokens(world)
    other_worker = EmploymentFactory(
        worker=Worker.objects.filter(adherent=world.other_adherent).get(),
        establishment=world.other_establishment,
    ).worker
    # Member B's admin and the firm for B (workers mandate): A's worker does not exist for them.
    for actor in ("portal_other", "firm_unmandated"):
        response = _patch(tokens[actor], world.worker.pk, {"job_title": "Gérant"})
        assert (response.status_code, response["Content-Type"]) == (404, PROBLEM), actor
    # The firm for A holds no workers mandate; a read-only token of A's admin.
    read_only = make_token(
        world.actors["portal_admin"], world.adherent, scopes=[ApiScope.WORKERS_READ]
    )[1]
    for secret in (tokens["firm_mandated"], read_only):
        response = _patch(secret, world.worker.pk, {"job_title": "Gérant"})
        assert response.status_code == 403
        assert response.json()["detail"] == (
            "Ce jeton n'a pas les droits nécessaires pour cette opération."
        )
    # A's admin does not reach B's worker either.
    response = _patch(tokens["portal_admin"], other_worker.pk, {"job_title": "Gérant"})
    assert response.status_code == 404
    assert Employment.objects.get(pk=post.pk).job_title == "Électricien"
    # The firm for B corrects B's worker under its workers mandate.
    response = _patch(tokens["firm_unmandated"], other_worker.pk, {"job_title": "Mécanicien"})
    assert response.status_code == 200, response.json()
