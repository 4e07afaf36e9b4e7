"""The public joining form says a SIREN (or SIRET) is already a member only to an applicant who
proved they read the application's address (issue 10, item 13)."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from adherents.models import ApplicationStatus
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.adherents.factories_joining import complete_fields, draft_application

pytestmark = pytest.mark.django_db
MAILED = re.compile(r"http://[^/\s]+(/adhesion/demande/\S+)")


def text(response) -> str:
    return html.unescape(response.content.decode())


def _company(token: str, siren: str):
    return Client().post(
        reverse("public:joining-step", args=[token, "entreprise"]),
        {"company_name": "Curieux", "siren": siren, "naf_code": "43.32A", "legal_form": "SAS"},
        follow=True,
    )


def test_an_unverified_visitor_learns_nothing_about_a_member_siren():
    member = AdherentFactory()
    _application, token = draft_application(applicant_email_verified_at=None)
    response = _company(token, member.siren)
    assert "déjà adhérente" not in text(response)
    review = Client().get(reverse("public:joining-step", args=[token, "verification"]))
    assert "déjà adhérente" not in text(review)
    assert "Confirmez d'abord votre adresse e-mail" in text(review)


def test_an_unverified_visitor_learns_nothing_about_a_member_siret():
    member = AdherentFactory()
    taken = EstablishmentFactory(adherent=member).siret
    fields = complete_fields(siren=taken[:9])
    application, token = draft_application(applicant_email_verified_at=None, **fields)
    application.establishments = []
    application.save()
    response = Client().post(
        reverse("public:joining-step", args=[token, "etablissements"]),
        {
            "action": "add",
            "kind": "head_office",
            "siret": taken,
            "name": "Atelier",
            "address": "3 rue des Forges",
            "postal_code": "62400",
            "city": "Béthune",
        },
        follow=True,
    )
    assert "déjà enregistré" not in text(response)


def test_an_unverified_application_cannot_be_submitted():
    application, token = draft_application(applicant_email_verified_at=None, **complete_fields())
    response = Client().post(reverse("public:joining-submit", args=[token]), follow=True)
    assert "Confirmez d'abord votre adresse e-mail" in text(response)
    application.refresh_from_db()
    assert application.status == ApplicationStatus.DRAFT


def test_opening_the_emailed_link_verifies_the_address_and_then_the_member_is_named(
    mailoutbox, django_capture_on_commit_callbacks
):
    member = AdherentFactory()
    client = Client()
    with django_capture_on_commit_callbacks(execute=True):
        started = client.post(reverse("public:joining-start"), {"email": "gerant@delta.fr"})
    token = started.url.split("/")[-3]
    # The page right after "Commencer" knows the token, not the e-mailed key.
    assert client.get(reverse("public:joining-resume", args=[token]) + "?cle=devine").status_code
    assert "déjà adhérente" not in text(_company(token, member.siren))
    client.get(MAILED.search(mailoutbox[-1].body).group(1))
    response = _company(token, member.siren)
    assert f"L'entreprise de SIREN {member.siren} est déjà adhérente du service" in text(response)


def test_the_handoff_link_does_not_verify_the_applicant(mailoutbox):
    application, token = draft_application(applicant_email_verified_at=None)
    Client().post(
        reverse("public:joining-handoff", args=[token]),
        {"email": "collegue@delta.fr", "back": "entreprise"},
    )
    Client().get(MAILED.search(mailoutbox[-1].body).group(1))
    application.refresh_from_db()
    assert application.applicant_email_verified_at is None
