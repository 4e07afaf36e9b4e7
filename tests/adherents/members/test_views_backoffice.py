"""The back-office member page: contacts, activity, establishments' hours and preferences, and
the online application, read before a welcome call or a prevention visit (seed 002)."""

import html

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adherents.models import ApplicationStatus, Contact, ContactRole, Establishment
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.adherents.factories_joining import draft_application

pytestmark = pytest.mark.django_db


def page_of(client, adherent) -> str:
    response = client.get(reverse("backoffice:adherents:adherent-detail", args=[adherent.pk]))
    assert response.status_code == 200
    return html.unescape(response.content.decode())


def contact(adherent, role=ContactRole.PREVENTION, **fields) -> Contact:
    fields = {
        "first_name": "Inès",
        "last_name": "Moreau",
        "email": "ines.moreau@alpha.fr",
        "phone": "03 85 12 34 56",
        **fields,
    }
    return Contact.objects.create(adherent=adherent, role=role, **fields)


def test_the_page_lists_the_active_contacts_with_mail_and_phone_links(world, client_for):
    contact(world.adherent, establishment=world.establishment)
    contact(world.adherent, ContactRole.HR, first_name="Marc", email="rh@alpha.fr", phone="")
    contact(world.adherent, first_name="Ancien", email="ancien@alpha.fr", is_active=False)

    page = page_of(client_for("nurse"), world.adherent)

    assert '<h2 class="h4" id="contacts">Contacts</h2>' in page
    assert "Contact prévention" in page
    assert "Ressources humaines" in page
    assert '<a href="mailto:ines.moreau@alpha.fr">ines.moreau@alpha.fr</a>' in page
    assert '<a href="tel:0385123456">03 85 12 34 56</a>' in page
    assert '<a href="mailto:rh@alpha.fr">' in page
    assert "ancien@alpha.fr" not in page  # an ended contact is history, not someone to call


def test_the_page_shows_the_activity_hours_and_convocation_preferences(world, client_for):
    world.adherent.activity_description = "Boulangerie artisanale, livraisons à l'aube."
    world.adherent.legal_form = "SARL"
    world.adherent.save()
    Establishment.objects.filter(pk=world.establishment.pk).update(
        opening_hours="Mardi-samedi 5h-13h", convocation_weekdays=[2, 4], convocation_half_day="pm"
    )
    EstablishmentFactory(
        adherent=world.adherent, kind=Establishment.Kind.ISOLATED, name="Livreurs de nuit"
    )

    page = page_of(client_for("prevention_assistant"), world.adherent)

    assert "Boulangerie artisanale, livraisons à l'aube." in page
    assert "SARL" in page
    assert "Mardi-samedi 5h-13h" in page
    assert "Mardi, Jeudi, après-midi" in page
    assert "Oui (1 établissement de type « Travailleurs isolés »)" in page
    assert "Livreurs de nuit" in page


def validated_application(adherent, **fields):
    application, _token = draft_application(
        company_name=adherent.name,
        siren=adherent.siren,
        status=ApplicationStatus.VALIDATED,
        submitted_at=timezone.now(),
        adherent=adherent,
        team=adherent.team,
        **fields,
    )
    return application


def test_the_member_service_reaches_the_application_and_its_letter(world, client_for):
    application = validated_application(
        world.adherent, letter_pdf="adherents/joining_letter/x.pdf", letter_sha256="0" * 64
    )
    detail = reverse("backoffice:adherents:joining-application-detail", args=[application.pk])
    letter = reverse("backoffice:adherents:joining-application-letter", args=[application.pk])

    page = page_of(client_for("member_service"), world.adherent)
    assert f'href="{detail}"' in page
    assert f'href="{letter}"' in page
    assert client_for("member_service").get(detail).status_code == 200

    # A nurse may not open the application pages: no link that would end in a 403.
    page = page_of(client_for("nurse"), world.adherent)
    assert detail not in page
    assert letter not in page


def test_no_application_link_for_a_member_that_did_not_join_online(world, client_for):
    page = page_of(client_for("member_service"), world.adherent)
    assert "Demande d'adhésion en ligne" not in page


def test_the_page_reads_a_bounded_number_of_queries(
    world, client_for, django_assert_max_num_queries
):
    client = client_for("member_service")
    contact(world.adherent)
    validated_application(world.adherent)
    page_of(client, world.adherent)  # warm the session and context caches
    with CaptureQueriesContext(connection) as small:
        page_of(client, world.adherent)

    for n in range(30):
        establishment = EstablishmentFactory(adherent=world.adherent)
        contact(world.adherent, establishment=establishment, email=f"c{n}@alpha.fr")
    with django_assert_max_num_queries(len(small)):
        page = page_of(client, world.adherent)
    assert page.count("mailto:") == 31


def test_another_centres_member_and_its_contacts_stay_hidden(world, client_for):
    theirs = AdherentFactory(team=world.other_team, name="Scierie Delta")
    contact(theirs, email="securite@scierie.fr", phone="04 77 99 88 77")
    contact(world.adherent)

    # Our centre: our member's page never lists their contact; their member is a 404.
    ours = page_of(client_for("physician"), world.adherent)
    assert "04 77 99 88 77" not in ours
    assert "securite@scierie.fr" not in ours
    url = reverse("backoffice:adherents:adherent-detail", args=[theirs.pk])
    assert client_for("physician").get(url).status_code == 404

    # Their centre: our member is a 404, its contact's phone nowhere.
    response = client_for("physician_other").get(
        reverse("backoffice:adherents:adherent-detail", args=[world.adherent.pk])
    )
    assert response.status_code == 404
    assert "03 85 12 34 56" not in response.content.decode()


def test_the_prevention_answers_of_the_application_are_shown_to_every_role(world, client_for):
    validated_application(world.adherent, existing_duerp="no", wants_duerp_help=True)

    for actor in ("prevention_assistant", "member_service"):
        page = page_of(client_for(actor), world.adherent)
        assert "Prévention : réponses à l'adhésion en ligne" in page
        assert 'Document unique (DUERP)</dt><dd class="col-sm-9">Non</dd>' in page
        assert "Aide pour établir ou mettre à jour le DUERP" in page
    # The answers, yes; the application's own pages stay the member service's.
    assert "Demande d'adhésion en ligne" not in page_of(
        client_for("prevention_assistant"), world.adherent
    )


def test_no_prevention_answers_for_a_member_that_did_not_join_online(world, client_for):
    page = page_of(client_for("prevention_assistant"), world.adherent)
    assert "réponses à l'adhésion en ligne" not in page
