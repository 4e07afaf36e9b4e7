"""Bad input in the public application: a clear French message, and nothing written."""

import html

import pytest
from django.test import Client
from django.urls import reverse

from adherents.models import Adherent, ApplicationStatus, Contact, Establishment
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.adherents.factories_joining import (
    complete_fields,
    draft_application,
    establishment,
    new_siren,
    siret_of,
    with_wrong_key,
)

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def post_establishment(token, siret, kind="site"):
    return Client().post(
        reverse("public:joining-step", args=[token, "etablissements"]),
        {
            "action": "add",
            "kind": kind,
            "siret": siret,
            "name": "Dépôt",
            "address": "1 rue Haute",
            "postal_code": "62000",
            "city": "Arras",
        },
    )


@pytest.fixture
def with_company():
    """A draft whose company step is done, with its head office already declared."""
    siren = new_siren()
    application, token = draft_application(
        company_name="Delta",
        siren=siren,
        naf_code="43.32A",
        legal_form="SARL",
        steps_done=["company"],
        establishments=[establishment(siren, nic=1)],
    )
    return application, token, siren


def assert_refused(response, application, message):
    assert response.status_code == 200
    assert message in text(response)
    before = len(application.establishments)
    application.refresh_from_db()
    assert len(application.establishments) == before


def test_a_siret_with_a_bad_key_is_refused(with_company):
    application, token, siren = with_company
    response = post_establishment(token, with_wrong_key(siret_of(siren, 2)))
    assert_refused(
        response, application, "Ce SIRET est invalide : sa clé de contrôle ne correspond pas."
    )


def test_a_siret_of_another_company_is_refused(with_company):
    application, token, siren = with_company
    response = post_establishment(token, siret_of(new_siren(), 2))
    assert_refused(response, application, f"ne commence pas par le SIREN de l'entreprise ({siren})")


def test_a_siret_twice_in_the_application_is_refused(with_company):
    application, token, siren = with_company
    response = post_establishment(token, siret_of(siren, 1))
    assert_refused(
        response,
        application,
        f"Le SIRET {siret_of(siren, 1)} figure déjà parmi vos établissements.",
    )


def test_a_siret_already_in_the_service_is_refused(with_company):
    application, token, siren = with_company
    # An establishment registered under another member (a former group company, say).
    EstablishmentFactory(adherent=AdherentFactory(), siret=siret_of(siren, 7))
    response = post_establishment(token, siret_of(siren, 7))
    assert_refused(response, application, f"Le SIRET {siret_of(siren, 7)} est déjà enregistré")


def test_a_second_head_office_is_refused_and_none_blocks_the_step(with_company):
    application, token, siren = with_company
    response = post_establishment(token, siret_of(siren, 2), kind="head_office")
    assert_refused(response, application, "Un siège social est déjà déclaré")

    application.establishments = [establishment(siren, nic=3, kind="site")]
    application.save()
    url = reverse("public:joining-step", args=[token, "etablissements"])
    response = Client().post(url, {"action": "continue"}, follow=True)
    assert "Déclarez exactement un siège social parmi vos établissements (0 déclaré)." in text(
        response
    )
    application.refresh_from_db()
    assert "establishments" not in application.steps_done


def test_a_siren_already_member_is_refused_with_a_clear_message():
    member = AdherentFactory()
    application, token = draft_application()
    response = Client().post(
        reverse("public:joining-step", args=[token, "entreprise"]),
        {
            "company_name": "Déjà là",
            "siren": member.siren,
            "naf_code": "43.32A",
            "legal_form": "SAS",
        },
    )
    assert response.status_code == 200
    assert f"L'entreprise de SIREN {member.siren} est déjà adhérente du service" in text(response)
    application.refresh_from_db()
    assert (application.siren, application.company_name, application.steps_done) == ("", "", [])


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("siren", "732829321", "Ce SIREN est invalide : sa clé de contrôle ne correspond pas."),
        ("siren", "12345", "Le SIREN doit comporter exactement 9 chiffres."),
        ("naf_code", "04.10Z", "Code NAF invalide : il s'écrit 2 chiffres, un point"),
    ],
)
def test_company_field_errors(field, value, message):
    application, token = draft_application()
    data = {"company_name": "Delta", "siren": new_siren(), "naf_code": "43.32A", "legal_form": "SA"}
    response = Client().post(
        reverse("public:joining-step", args=[token, "entreprise"]), {**data, field: value}
    )
    assert message in text(response)
    application.refresh_from_db()
    assert application.siren == ""


def test_changing_the_siren_under_declared_establishments_is_refused(with_company):
    application, token, siren = with_company
    response = Client().post(
        reverse("public:joining-step", args=[token, "entreprise"]),
        {"company_name": "Delta", "siren": new_siren(), "naf_code": "43.32A", "legal_form": "SA"},
    )
    assert "Les établissements déjà déclarés portent un autre SIREN" in text(response)
    application.refresh_from_db()
    assert application.siren == siren


def test_contacts_step_needs_the_three_roles():
    application, token = draft_application()
    url = reverse("public:joining-step", args=[token, "contacts"])
    Client().post(
        url,
        {
            "action": "add",
            "role": "billing",
            "first_name": "Léa",
            "last_name": "Martin",
            "email": "compta@delta.fr",
            "phone": "03 21 00 00 00",
        },
    )
    response = Client().post(url, {"action": "continue"}, follow=True)
    page = text(response)
    assert "Il manque encore un référent santé-sécurité" in page
    assert "L4644-1" in page
    assert "un contact ressources humaines ou le dirigeant" in page
    application.refresh_from_db()
    assert "contacts" not in application.steps_done
    bad_phone = Client().post(
        url,
        {
            "action": "add",
            "role": "hr",
            "first_name": "A",
            "last_name": "B",
            "email": "rh@delta.fr",
            "phone": "12",
        },
    )
    assert "Numéro de téléphone invalide" in text(bad_phone)
    superscript = Client().post(  # ten "digits" for str.isdigit(), one of them "²"
        url,
        {
            "action": "add",
            "role": "hr",
            "first_name": "A",
            "last_name": "B",
            "email": "rh@delta.fr",
            "phone": "03 21 00 00 0²",
        },
    )
    assert "Numéro de téléphone invalide" in text(superscript)
    application.refresh_from_db()
    assert len(application.contacts) == 1


def test_an_incomplete_application_cannot_be_submitted_and_nothing_is_written():
    application, token = draft_application(company_name="Delta")
    counts = (Adherent.objects.count(), Establishment.objects.count(), Contact.objects.count())
    review = Client().get(reverse("public:joining-step", args=[token, "verification"]))
    assert "Votre demande est incomplète" in text(review)
    assert "SIREN manquant (étape « Entreprise »)." in text(review)
    response = Client().post(reverse("public:joining-submit", args=[token]), follow=True)
    page = text(response)
    assert "Demande incomplète :" in page
    assert "Aucun établissement déclaré" in page
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT
    assert application.submitted_at is None
    assert counts == (
        Adherent.objects.count(),
        Establishment.objects.count(),
        Contact.objects.count(),
    )


def test_a_siret_taken_since_the_step_blocks_the_submission():
    application, token = draft_application(**complete_fields())
    taken = application.establishments[1]["siret"]
    EstablishmentFactory(adherent=AdherentFactory(), siret=taken)
    response = Client().post(reverse("public:joining-submit", args=[token]), follow=True)
    assert f"Le SIRET {taken} est déjà enregistré au service" in text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_an_application_sent_back_for_corrections_is_editable_again():
    application, token = draft_application(
        **complete_fields(),
        status=ApplicationStatus.CHANGES_REQUESTED,
        review_message="Le SIR semble sous-estimé : vérifiez les postes de chantier.",
    )
    url = reverse("public:joining-step", args=[token, "activite"])
    page = text(Client().get(url))
    assert "Le service adhérents vous demande des corrections" in page
    assert "vérifiez les postes de chantier" in page
    Client().post(
        url,
        {
            "activity_description": "Menuiserie",
            "opening_hours": "8h-17h",
            "headcount_si": "3",
            "headcount_sia": "0",
            "headcount_sir": "4",
            "existing_duerp": "yes",
        },
    )
    application.refresh_from_db()
    assert application.headcount_sir == 4
    Client().post(reverse("public:joining-submit", args=[token]))
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
