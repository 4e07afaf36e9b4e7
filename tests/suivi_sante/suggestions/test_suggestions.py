"""Exposure suggestions: only the physician decides; accepting adds the risk to the post and
recomputes the worker's dues (R4624-23 I); the employer never sees them."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import NoReverseMatch, reverse

from prevention.chemicals import services as chemicals
from suivi_sante.errors import FollowUpError
from suivi_sante.models import ExposureSuggestion
from suivi_sante.schedule import services as schedule
from suivi_sante.suggestions import services
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.matrix_prevention.actions import post_for, suggestion_for, unit_for
from tests.matrix_suivi.dmst import ctx_for
from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory

LIST = "backoffice:suivi_sante:suggestion-list"


def decide_url(suggestion) -> str:
    return reverse("backoffice:suivi_sante:suggestion-decide", args=[suggestion.pk])


@pytest.mark.django_db
def test_cmr_product_then_physician_accepts_and_the_worker_becomes_sir(world, client_for):
    worker = WorkerFactory(adherent=world.adherent)
    post = EmploymentFactory(worker=worker, establishment=world.establishment)
    schedule.refresh_due_visits([worker.pk])
    unit = unit_for(world, name="Décapage")
    unit.employments.add(post)
    chemicals.add_product(
        actor=ctx_for(world.actors["portal_admin"]),
        work_unit=unit,
        name="Décapant X",
        statements_text="H350",
    )
    suggestion = ExposureSuggestion.objects.get(employment=post)
    worker.refresh_from_db()
    assert worker.category == "SI"  # nothing changes until the physician decides

    client = client_for("physician")
    page = client.get(reverse(LIST)).content.decode()
    assert "Produit CMR « Décapant X » dans l&#x27;unité « Décapage »" in page
    response = client.post(decide_url(suggestion), {"decision": "accept"}, follow=True)
    assert "Exposition retenue" in response.content.decode()

    post.refresh_from_db()
    worker.refresh_from_db()
    suggestion.refresh_from_db()
    assert post.sir_risks == ["cmr"]
    assert worker.category == "SIR"
    assert "agents cancérogènes" in worker.category_justification
    assert suggestion.decision == "accepted"
    assert suggestion.decided_by == world.actors["physician"]
    assert suggestion.decided_at is not None
    assert worker.due_visits.exists()


@pytest.mark.django_db
def test_rejecting_changes_nothing_and_is_kept(world, client_for):
    suggestion = suggestion_for(world)
    client_for("physician").post(decide_url(suggestion), {"decision": "reject"})
    suggestion.refresh_from_db()
    suggestion.employment.refresh_from_db()
    assert suggestion.decision == "rejected"
    assert suggestion.employment.sir_risks == []
    decided = client_for("physician").get(reverse(LIST), {"etat": "decidees"}).content.decode()
    assert "Écartée par le médecin" in decided


@pytest.mark.django_db
def test_a_decision_is_taken_once(world, client_for):
    suggestion = suggestion_for(world)
    ctx = ctx_for(world.actors["physician"])
    services.decide_suggestion(actor=ctx, suggestion=suggestion, accept=False)
    with pytest.raises(FollowUpError, match="déjà été écartée par le médecin"):
        services.decide_suggestion(actor=ctx, suggestion=suggestion, accept=True)
    suggestion.employment.refresh_from_db()
    assert suggestion.employment.sir_risks == []
    page = client_for("physician").post(decide_url(suggestion), {"decision": "?"}, follow=True)
    assert "Choisissez de retenir ou d" in page.content.decode()


@pytest.mark.django_db
@pytest.mark.parametrize("actor", ["portal_admin", "secretary", "nurse", "prevention_assistant"])
def test_employers_and_other_staff_cannot_see_suggestions(world, client_for, actor):
    suggestion = suggestion_for(world)
    client = client_for(actor)
    assert client.get(reverse(LIST)).status_code == 403
    assert client.post(decide_url(suggestion), {"decision": "accept"}).status_code == 403
    suggestion.refresh_from_db()
    assert suggestion.decision == ""


@pytest.mark.django_db
def test_the_portal_has_no_suggestion_page_and_services_refuse_others(world):
    with pytest.raises(NoReverseMatch):
        reverse("portal:suivi_sante:suggestion-list")
    suggestion = suggestion_for(world)
    for actor in ("portal_admin", "physician_other", "nurse"):
        with pytest.raises(PermissionDenied):
            services.decide_suggestion(
                actor=ctx_for(world.actors[actor]), suggestion=suggestion, accept=True
            )


@pytest.mark.django_db
def test_another_centres_physician_gets_404(world, client_for):
    suggestion = suggestion_for(world)
    client = client_for("physician_other")
    assert client.post(decide_url(suggestion), {"decision": "accept"}).status_code == 404
    assert "Décapant X" not in client.get(reverse(LIST)).content.decode()


@pytest.mark.django_db
def test_suggest_exposure_skips_a_post_with_the_risk_or_an_open_one(world):
    post = post_for(world)
    source = "Produit CMR « A » dans l'unité « B » (inventaire du 23/11/2026)"
    first = services.suggest_exposure(employment=post, sir_risk="cmr", source=source)
    assert first is not None
    assert services.suggest_exposure(employment=post, sir_risk="cmr", source=source) is None
    services.decide_suggestion(
        actor=ctx_for(world.actors["physician"]), suggestion=first, accept=False
    )
    assert services.suggest_exposure(employment=post, sir_risk="cmr", source=source) is not None
    exposed = post_for(world, sir_risks=["cmr"])
    assert services.suggest_exposure(employment=exposed, sir_risk="cmr", source=source) is None
    with pytest.raises(FollowUpError):
        services.suggest_exposure(employment=post, sir_risk="bruit", source=source)


@pytest.mark.django_db
def test_the_list_keeps_a_flat_query_count(world, client_for):
    client = client_for("physician")
    suggestion_for(world)

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(reverse(LIST)).status_code == 200
        return len(captured)

    queries()  # a first page fills the menu's cache (is the reader in the PDP cell)
    before = queries()
    for _ in range(30):
        adherent = AdherentFactory(team=world.team)
        worker = WorkerFactory(adherent=adherent)
        suggestion_for(
            world,
            employment=EmploymentFactory(
                worker=worker, establishment=EstablishmentFactory(adherent=adherent)
            ),
        )
    assert queries() == before
    assert before <= 10


@pytest.mark.django_db
def test_a_concurrent_duplicate_loses_quietly(world):
    open_one = suggestion_for(world)
    duplicate = ExposureSuggestion(employment=open_one.employment, sir_risk="cmr", source="x")
    assert services._create_unless_open(duplicate) is False
    assert ExposureSuggestion.objects.count() == 1
