"""Workers through the API: the portal form's checks, duplicates, the idempotency key, the end
of employment, what is due (neutral wording), the audit trail, and bounded queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from pghistory.models import Context

from suivi_sante.enums import VisitKind
from suivi_sante.models import Employment, Worker
from tests.api.helpers import bearer, hire_payload, make_token, valid_nir
from tests.suivi_sante.factories import DueVisitFactory, EmploymentFactory, WorkerFactory
from tests.suivi_sante.workers.test_departure import under_sir_earlier

HIRE = "api:worker-list"


@pytest.fixture
def admin_token(world):
    return make_token(world.actors["portal_admin"], world.adherent)


def _post(secret, url, data, **headers):
    return bearer(secret).post(url, data, content_type="application/json", headers=headers)


@pytest.mark.django_db
def test_a_hire_creates_the_worker_its_post_and_what_is_due(world, admin_token):
    token, secret = admin_token
    response = _post(secret, reverse(HIRE), hire_payload(world.establishment.pk))
    assert response.status_code == 201, response.json()
    body = response.json()
    worker = Worker.objects.get(pk=body["id"])
    assert (worker.last_name, worker.adherent_id) == ("Durand", world.adherent.pk)
    assert body["possible_duplicate"] is False
    assert body["employments"][0]["establishment"] == world.establishment.pk
    assert "nir" not in body
    assert "is_pregnant" not in body
    dues = bearer(secret).get(reverse("api:worker-due-visits", args=[worker.pk])).json()
    vip = next(d for d in dues if d["kind"] == VisitKind.VIP)
    assert vip["article"] == "R4624-10"
    assert vip["reason"].startswith("Suivi SI : visite à réaliser avant le ")


@pytest.mark.django_db
def test_a_hire_exposed_to_electromagnetic_fields_is_sia_with_the_vip_on_the_hiring_day(
    world, admin_token
):
    _, secret = admin_token
    start = timezone.localdate() + datetime.timedelta(days=30)
    payload = hire_payload(
        world.establishment.pk, start_on=start.isoformat(), is_exposed_electromagnetic_fields=True
    )
    response = _post(secret, reverse(HIRE), payload)
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["category"] == "SIA"
    assert Employment.objects.get(worker_id=body["id"]).is_exposed_electromagnetic_fields is True
    dues = bearer(secret).get(reverse("api:worker-due-visits", args=[body["id"]])).json()
    vip = next(d for d in dues if d["kind"] == VisitKind.VIP)
    # Before assignment (R4624-18), not 3 months later; the employer reads the neutral wording.
    assert vip["due_on"] == start.isoformat()
    assert vip["reason"] == f"Suivi SIA : visite à réaliser avant le {start:%d/%m/%Y}."


@pytest.mark.django_db
def test_every_write_is_in_the_history_with_the_token(world, admin_token):
    token, secret = admin_token
    worker_id = _post(secret, reverse(HIRE), hire_payload(world.establishment.pk)).json()["id"]
    event = Worker.pgh_event_model.objects.get(pgh_obj_id=worker_id, pgh_label="insert")
    metadata = event.pgh_context.metadata
    assert metadata["user"] == world.actors["portal_admin"].pk
    assert (metadata["api_token"], metadata["via"]) == (token.pk, "api")
    employment = Employment.objects.get(worker_id=worker_id)
    _post(
        secret,
        reverse("api:employment-end", args=[employment.pk]),
        {"end_on": timezone.localdate().isoformat()},
    )
    update = Employment.pgh_event_model.objects.get(pgh_obj_id=employment.pk, pgh_label="update")
    assert update.pgh_context.metadata["api_token"] == token.pk
    assert Context.objects.filter(metadata__api_token=token.pk).count() == 2


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"nir": "290057505612300"}, "nir", "clé"),
        ({"nir": valid_nir("M", datetime.date(1990, 5, 17))}, "nir", "sexe"),
        ({"nir": valid_nir("F", datetime.date(1991, 5, 17))}, "nir", "année de naissance"),
        ({"birth_date": "2999-01-01"}, "birth_date", "futur"),
        ({"end_on": "2000-01-01"}, "end_on", "précède"),
        ({"sex": "M", "nir": "", "is_pregnant": True}, "is_pregnant", "femmes"),
        ({"sex": "X"}, "sex", "choix valide"),
        ({"establishment": 2**31}, "establishment", "objet n'existe pas"),
        ({"last_name": ""}, "last_name", "ne peut être vide"),
    ],
)
def test_a_refused_hire_says_why_in_french_and_writes_nothing(
    world, admin_token, changes, field, message
):
    _, secret = admin_token
    before = Worker.objects.count()
    response = _post(secret, reverse(HIRE), hire_payload(world.establishment.pk, **changes))
    assert response.status_code == 400
    assert response["Content-Type"] == "application/problem+json"
    body = response.json()
    assert body["title"] == "Données invalides"
    assert any(message in text for text in body["erreurs"][field]), body
    assert Worker.objects.count() == before


@pytest.mark.django_db
def test_a_possible_duplicate_is_kept_and_signalled(world, admin_token):
    _, secret = admin_token
    first = _post(secret, reverse(HIRE), hire_payload(world.establishment.pk)).json()
    second = _post(secret, reverse(HIRE), hire_payload(world.establishment.pk)).json()
    assert second["id"] != first["id"]
    assert second["possible_duplicate"] is True


@pytest.mark.django_db
def test_the_idempotency_key_replays_the_first_answer(world, admin_token):
    _, secret = admin_token
    payload = hire_payload(world.establishment.pk)
    # Counted against the workers before: the world's own worker has a Faker name, sometimes
    # « Durand » too (a count by that name failed once in CI).
    before = Worker.objects.count()
    first = _post(secret, reverse(HIRE), payload, **{"Idempotency-Key": "embauche-42"})
    again = _post(secret, reverse(HIRE), payload, **{"Idempotency-Key": "embauche-42"})
    assert (first.status_code, again.status_code) == (201, 201)
    assert again.json() == first.json()
    assert again["Idempotent-Replayed"] == "true"
    assert Worker.objects.count() == before + 1
    other = _post(
        secret,
        reverse(HIRE),
        {**payload, "first_name": "Marc"},
        **{"Idempotency-Key": "embauche-42"},
    )
    assert other.status_code == 422
    assert "a déjà servi" in other.json()["detail"]
    # Another token may use the same key for its own creation.
    _, other_secret = make_token(world.actors["portal_admin"], world.adherent)
    third = _post(other_secret, reverse(HIRE), payload, **{"Idempotency-Key": "embauche-42"})
    assert third.status_code == 201
    assert third.json()["id"] != first.json()["id"]


@pytest.mark.django_db
def test_the_end_of_employment_is_declared_once(world, admin_token):
    _, secret = admin_token
    employment = EmploymentFactory(worker=world.worker, establishment=world.establishment)
    url = reverse("api:employment-end", args=[employment.pk])
    today = timezone.localdate().isoformat()
    response = _post(secret, url, {"end_on": today})
    assert response.status_code == 200
    assert response.json()["end_on"] == today
    assert response.json()["end_reason"] == ""  # no reason given: not a retirement
    again = _post(secret, url, {"end_on": today})
    assert again.status_code == 422
    assert again.json()["detail"] == "Ce départ est déjà déclaré."
    assert _post(secret, url, {"end_on": "demain"}).status_code == 400


@pytest.mark.django_db
def test_due_visits_never_tell_the_health_reason_nor_the_pre_reprise(world, admin_token):
    _, secret = admin_token
    DueVisitFactory(
        worker=world.worker,
        kind=VisitKind.VIP,
        legal_reference="R4624-20",
        reason="SIA : femme enceinte, orientation vers le médecin du travail",
    )
    DueVisitFactory(worker=world.worker, kind=VisitKind.PRE_REPRISE)
    dues = bearer(secret).get(reverse("api:worker-due-visits", args=[world.worker.pk])).json()
    assert [d["kind"] for d in dues] == [VisitKind.VIP]
    assert dues[0]["article"] == "R4624-10"  # the kind's article, not R4624-20
    assert "enceinte" not in str(dues)


@pytest.mark.django_db
def test_worker_filters_and_cursor_pagination(world, admin_token):
    _, secret = admin_token
    # A prefix no generated name starts with: the world's workers have Faker names (a
    # « Martel » among them once matched « mart »).
    for name in ("Xanthos", "Xanthopoulos", "Bernard"):
        WorkerFactory(adherent=world.adherent, last_name=name)
    client = bearer(secret)
    found = client.get(reverse(HIRE), {"search": "xant"}).json()["results"]
    assert sorted(w["last_name"] for w in found) == ["Xanthopoulos", "Xanthos"]
    page = client.get(reverse(HIRE), {"taille": 2}).json()
    assert len(page["results"]) == 2
    assert page["next"]
    rest = client.get(page["next"]).json()
    seen = [w["id"] for w in page["results"] + rest["results"]]
    assert seen == sorted(seen)
    assert len(seen) == world.adherent.workers.count()
    bad = client.get(reverse(HIRE), {"category": "XYZ", "establishment": "²"})
    assert bad.status_code == 400
    assert set(bad.json()["erreurs"]) == {"category", "establishment"}
    assert client.get(reverse(HIRE), {"curseur": "zzz"}).status_code == 404


def _list_queries(secret, url) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert bearer(secret).get(url).status_code == 200
    return len(captured)


@pytest.mark.django_db
def test_the_worker_list_reads_a_flat_number_of_queries(world, admin_token):
    _, secret = admin_token
    url = reverse(HIRE)
    _list_queries(secret, url)  # last use written once a minute: not in the counts below
    WorkerFactory.create_batch(3, adherent=world.adherent)
    few = _list_queries(secret, url)
    for worker in WorkerFactory.create_batch(30, adherent=world.adherent):
        EmploymentFactory(worker=worker, establishment=world.establishment)
    many = _list_queries(secret, url)
    assert many == few
    assert many <= 2  # the token with its grant; the page with its employments


@pytest.mark.django_db
def test_a_retirement_declared_through_the_api_owes_the_end_of_career_visit(world, admin_token):
    _, secret = admin_token
    employment = under_sir_earlier(world)
    url = reverse("api:employment-end", args=[employment.pk])
    assert _post(secret, url, {"end_on": "2026-06-30", "end_reason": "vacances"}).status_code == 400
    today = timezone.localdate().isoformat()
    response = _post(secret, url, {"end_on": today, "end_reason": "retraite"})
    assert response.status_code == 200, response.json()
    assert (response.json()["end_on"], response.json()["end_reason"]) == (today, "retraite")
    employment.refresh_from_db()
    assert employment.end_reason == "retraite"
    dues = bearer(secret).get(reverse("api:worker-due-visits", args=[world.worker.pk])).json()
    assert [d["due_on"] for d in dues if d["kind"] == "FIN_CARRIERE"] == [today]
