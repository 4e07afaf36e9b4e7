"""Preparing the prevention visit: who to call, what the company does, where its prevention
stands (seed 002: the staff read what the member service collected before calling)."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adherents.models import Contact
from prevention.models import DuerpVersion, PreventionAction, PreventionVisit
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.adherents.factories_joining import draft_application
from tests.matrix_prevention.fiche import sent, visit
from tests.prevention.factories import DuerpFactory, PreventionActionFactory

pytestmark = pytest.mark.django_db


def contact(world, role: str, last_name: str, *, establishment=None, **fields) -> Contact:
    return Contact.objects.create(
        adherent=world.adherent,
        establishment=establishment,
        role=role,
        first_name="Camille",
        last_name=last_name,
        email=f"{last_name.lower()}@alpha.example",
        **fields,
    )


def detail(client_for, visit_obj, actor: str = "prevention_assistant") -> str:
    response = client_for(actor).get(
        reverse("backoffice:prevention:visit-detail", args=[visit_obj.pk])
    )
    assert response.status_code == 200
    return response.content.decode()


def test_a_planned_visit_shows_whom_to_call_and_where_the_member_stands(world, client_for):
    adherent, establishment = world.adherent, world.establishment
    adherent.activity_description = "Fabrication et vente de pain"
    adherent.joined_on = datetime.date(2025, 9, 1)
    adherent.save()
    establishment.opening_hours = "6 h – 13 h, fermé le lundi"
    establishment.convocation_weekdays = [2, 4]
    establishment.convocation_half_day = "am"
    establishment.save()
    contact(world, "hr", "Durand", phone="01 23 45 67 89")  # the whole company
    contact(world, "prevention", "Martin", establishment=establishment)
    contact(world, "manager", "Parti", is_active=False)
    second_site = EstablishmentFactory(adherent=adherent)
    contact(world, "prevention", "Ailleurs", establishment=second_site)
    sent(world, sent_on=datetime.date(2024, 5, 6))
    latest = sent(world, sent_on=datetime.date(2025, 11, 3))
    duerp = DuerpFactory(adherent=adherent)
    version = DuerpVersion.objects.create(
        duerp=duerp,
        number=2,
        published_at=datetime.datetime(2025, 10, 14, 10, tzinfo=datetime.UTC),
        published_by=world.actors["portal_admin"],
        snapshot={},
        sha256="0" * 64,
        keep_until=datetime.date(2065, 10, 14),
    )
    PreventionActionFactory(
        adherent=adherent,
        kind=PreventionAction.Kind.PRIMARY_PREVENTION,
        performed_on=datetime.date(2025, 12, 8),
    )

    page = detail(client_for, visit(world))

    assert "Préparer le rendez-vous" in page
    assert "Afficher la préparation" not in page  # open while the visit is planned
    assert "<td>Ressources humaines</td>" in page
    assert "Camille Durand" in page
    assert 'href="mailto:durand@alpha.example"' in page
    assert 'href="tel:0123456789"' in page
    assert "Camille Martin" in page
    assert "Parti" not in page  # an ended contact
    assert "Ailleurs" not in page  # another establishment's contact
    assert "Fabrication et vente de pain" in page
    assert "6 h – 13 h, fermé le lundi" in page
    assert "Mardi, Jeudi, matin" in page
    assert (
        '<dt class="col-sm-4 col-lg-3">Adhésion</dt><dd class="col-sm-8 col-lg-9">le 01/09/2025'
        in page
    )
    fiche_url = reverse("backoffice:prevention:fiche-detail", args=[latest.fiche_id])
    assert f'<a href="{fiche_url}">Version {latest.number} transmise le 03/11/2025</a>' in page
    assert "transmise le 06/05/2024" not in page  # only the latest
    duerp_url = reverse("backoffice:prevention:duerp-version-detail", args=[version.pk])
    assert f'<a href="{duerp_url}">Version 2 publiée le 14/10/2025</a>' in page
    assert "le 08/12/2025" in page  # the latest primary prevention action


def test_a_member_without_documents_is_said_so(world, client_for):
    page = detail(client_for, visit(world))
    assert "Aucun contact actif" in page
    assert "Aucune fiche transmise pour cet établissement" in page
    assert "Aucune version publiée dans l'espace DUERP" in page
    assert "Aucune action enregistrée" in page


def test_after_the_visit_the_preparation_is_folded_away(world, client_for):
    contact(world, "hr", "Durand")
    page = detail(client_for, visit(world, held=True))
    assert "Afficher la préparation" in page
    folded = page[page.index('id="titre-preparation"') :]
    assert folded.index("<details>") < folded.index("Camille Durand")


def test_the_page_reads_as_many_queries_for_one_contact_as_for_twenty(world, client_for):
    client = client_for("prevention_assistant")
    url = reverse("backoffice:prevention:visit-detail", args=[visit(world).pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url).status_code == 200
        return len(captured)

    contact(world, "hr", "Durand", establishment=world.establishment)
    one = count()
    for index in range(19):
        contact(world, "prevention", f"Nom{index}", establishment=world.establishment)
    twenty = count()
    assert "Nom18" in client.get(url).content.decode()
    assert twenty == one


def test_another_centres_visit_is_not_found(world, client_for):
    elsewhere = EstablishmentFactory(adherent=AdherentFactory(team=world.other_team))
    foreign = PreventionVisit.objects.create(
        establishment=elsewhere,
        scheduled_on=datetime.date(2026, 3, 2),
        assigned_to=world.actors["prevention_assistant"],
    )
    url = reverse("backoffice:prevention:visit-detail", args=[foreign.pk])
    assert client_for("prevention_assistant").get(url).status_code == 404


def test_the_help_the_member_asked_at_joining_is_in_the_preparation(world, client_for):
    draft_application(
        company_name=world.adherent.name,
        siren=world.adherent.siren,
        status="validated",
        submitted_at=timezone.now(),
        adherent=world.adherent,
        team=world.adherent.team,
        existing_duerp="in_progress",
        wants_category_help=True,
    )
    page = detail(client_for, visit(world))
    assert "DUERP déclaré à l'adhésion</dt>" in page
    assert "En cours d&#x27;élaboration" in page
    assert "<strong>Aide pour classer les salariés en SI, SIA ou SIR</strong>" in page


def test_a_member_that_did_not_join_online_has_no_joining_answers(world, client_for):
    page = detail(client_for, visit(world))
    assert "Aide demandée à l'adhésion" not in page
