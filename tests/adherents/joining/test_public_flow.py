"""The public application, end to end with an anonymous browser: start, each step, resume by
the e-mailed link, hand the link to a colleague, submit."""

import html
import re

import pytest
from django.test import Client
from django.urls import reverse

from adherents.models import ApplicationStatus, MembershipApplication
from spsti.secret_links import token_hash as hash_token
from tests.adherents.factories_joining import new_siren, siret_of

pytestmark = pytest.mark.django_db

LINK = re.compile(r"http://\S+/adhesion/demande/([\w-]+)/")
MAILED = re.compile(r"http://[^/\s]+(/adhesion/demande/\S+)")


def text(response) -> str:
    return html.unescape(response.content.decode())


def step_url(token: str, slug: str) -> str:
    return reverse("public:joining-step", args=[token, slug])


def start(client, mailoutbox, capture, email="gerant@delta.fr") -> str:
    with capture(execute=True):
        response = client.post(reverse("public:joining-start"), {"email": email})
    token = LINK.search(mailoutbox[-1].body).group(1)
    assert response.status_code == 302
    assert response.url == step_url(token, "entreprise")
    # The applicant opens the e-mailed link once: their address is verified.
    mailed = MAILED.search(mailoutbox[-1].body).group(1)
    assert client.get(mailed).status_code == 302
    return token


def fill_company(client, token, siren) -> None:
    response = client.post(
        step_url(token, "entreprise"),
        {
            "company_name": "Menuiserie Delta",
            "siren": f"{siren[:3]} {siren[3:6]} {siren[6:]}",
            "naf_code": "4332a",
            "legal_form": "SARL",
        },
    )
    assert response.status_code == 302, text(response)
    assert response.url == step_url(token, "etablissements")


def add_establishment(client, token, siret, kind="head_office", name="Atelier"):
    return client.post(
        step_url(token, "etablissements"),
        {
            "action": "add",
            "kind": kind,
            "siret": siret,
            "name": name,
            "address": "3 rue des Forges",
            "postal_code": "62400",
            "city": "Béthune",
            "opening_hours": "",
        },
    )


def add_contact(client, token, role, email):
    return client.post(
        step_url(token, "contacts"),
        {
            "action": "add",
            "role": role,
            "first_name": "Inès",
            "last_name": "Martin",
            "email": email,
            "phone": "03 21 00 00 00",
        },
    )


def fill_until_review(client, token, siren) -> None:
    fill_company(client, token, siren)
    assert add_establishment(client, token, siret_of(siren, 1)).status_code == 302
    response = add_establishment(client, token, siret_of(siren, 2), "worksite", "Chantier Arras")
    assert response.status_code == 302
    response = client.post(step_url(token, "etablissements"), {"action": "continue"})
    assert response.url == step_url(token, "contacts")
    for role, email in (
        ("manager", "gerant@delta.fr"),
        ("sst_referent", "referent@delta.fr"),
        ("billing", "compta@delta.fr"),
    ):
        assert add_contact(client, token, role, email).status_code == 302
    response = client.post(step_url(token, "contacts"), {"action": "continue"})
    assert response.url == step_url(token, "activite")
    response = client.post(
        step_url(token, "activite"),
        {
            "activity_description": "Menuiserie bois, pose sur chantiers.",
            "opening_hours": "Lundi-vendredi 8h-17h",
            "headcount_si": "4",
            "headcount_sia": "0",
            "headcount_sir": "2",
            "existing_duerp": "in_progress",
            "wants_category_help": "on",
        },
    )
    assert response.url == step_url(token, "preferences")
    response = client.post(
        step_url(token, "preferences"),
        {
            "weekdays": ["2", "4"],
            "half_day": "am",
            "has_accounting_firm": "on",
            "firm_name": "Cabinet Chiffres",
            "firm_email": "contact@chiffres.fr",
        },
    )
    assert response.url == step_url(token, "verification")


def test_the_whole_application_by_an_anonymous_visitor(
    mailoutbox, django_capture_on_commit_callbacks
):
    client = Client()
    assert client.get(reverse("membership")).status_code == 200
    assert "Commencer ma demande" in text(client.get(reverse("membership")))
    assert client.get(reverse("public:joining-start")).status_code == 200
    token = start(client, mailoutbox, django_capture_on_commit_callbacks)
    application = MembershipApplication.objects.get()
    assert application.token_hash == hash_token(token)
    assert token not in str(MembershipApplication.objects.values().get())  # only its hash
    assert mailoutbox[0].to == ["gerant@delta.fr"]

    siren = new_siren()
    fill_company(Client(), token, siren)  # anyone holding the link, no session needed
    application.refresh_from_db()
    assert (application.siren, application.naf_code) == (siren, "43.32A")

    # Leave, and come back later by the e-mailed link: the first step not done yet.
    later = Client()
    response = later.get(reverse("public:joining-resume", args=[token]))
    assert response.url == step_url(token, "etablissements")

    for slug in ("entreprise", "etablissements", "contacts", "activite", "preferences"):
        page = later.get(step_url(token, slug))
        assert page.status_code == 200
        assert 'aria-current="step"' in text(page)
    assert 'value="Menuiserie Delta"' in text(later.get(step_url(token, "entreprise")))
    fill_until_review(later, token, siren)
    application.refresh_from_db()
    assert application.steps_done == [
        "company",
        "establishments",
        "contacts",
        "activity",
        "preferences",
    ]
    assert [e["kind"] for e in application.establishments] == ["head_office", "worksite"]
    assert application.convocation_weekdays == [2, 4]
    assert (application.has_accounting_firm, application.firm_name) == (True, "Cabinet Chiffres")
    assert later.get(reverse("public:joining-resume", args=[token])).url == step_url(
        token, "verification"
    )
    review = later.get(step_url(token, "verification"))
    assert "Votre demande est complète" in text(review)
    assert "Mardi, Jeudi, le matin" in text(review)

    # Hand the same link to the accounting firm.
    response = later.post(
        reverse("public:joining-handoff", args=[token]),
        {"email": "contact@chiffres.fr", "back": "verification"},
    )
    assert response.url == step_url(token, "verification")
    handoff = mailoutbox[-1]
    assert handoff.to == ["contact@chiffres.fr"]
    assert LINK.search(handoff.body).group(1) == token
    assert "gerant@delta.fr" not in handoff.body  # the service's fixed text only

    with django_capture_on_commit_callbacks(execute=True):
        response = later.post(reverse("public:joining-submit", args=[token]))
    assert response.url == reverse("public:joining-resume", args=[token])
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert application.submitted_at is not None
    assert mailoutbox[-1].subject.startswith("Demande d'adhésion transmise")

    # Submitted: read only, a change is refused and writes nothing.
    page = later.get(reverse("public:joining-resume", args=[token]))
    assert "Elle n'est plus modifiable en ligne" in text(page)
    response = later.post(
        step_url(token, "entreprise"),
        {"company_name": "Autre", "siren": siren, "naf_code": "43.32A", "legal_form": "SAS"},
    )
    assert response.status_code == 200
    application.refresh_from_db()
    assert application.company_name == "Menuiserie Delta"


def test_a_second_handoff_to_the_same_address_is_not_sent_twice(mailoutbox):
    from tests.adherents.factories_joining import draft_application

    _application, token = draft_application()
    url = reverse("public:joining-handoff", args=[token])
    Client().post(url, {"email": "rh@delta.fr", "back": "contacts"})
    response = Client().post(url, {"email": "rh@delta.fr", "back": "contacts"}, follow=True)
    assert len(mailoutbox) == 1
    assert "déjà été transmis à cette adresse" in text(response)
    for n in range(8):
        Client().post(url, {"email": f"collegue{n}@delta.fr", "back": "contacts"})
    response = Client().post(url, {"email": "un-de-trop@delta.fr"}, follow=True)
    assert "Trop de transmissions aujourd'hui" in text(response)
    assert len(mailoutbox) == 9


def test_a_lost_link_is_replaced_by_a_new_one(mailoutbox, django_capture_on_commit_callbacks):
    from tests.adherents.factories_joining import draft_application

    _application, old = draft_application(applicant_email="gerant@delta.fr")
    with django_capture_on_commit_callbacks(execute=True):
        response = Client().post(
            reverse("public:joining-lost-link"), {"email": "Gerant@Delta.fr"}, follow=True
        )
    assert "Si une demande en cours correspond à cette adresse" in text(response)
    new = LINK.search(mailoutbox[-1].body).group(1)
    assert new != old
    assert Client().get(reverse("public:joining-resume", args=[old])).status_code == 404
    assert Client().get(reverse("public:joining-resume", args=[new])).status_code == 302

    # An unknown address gets the same answer and no e-mail.
    response = Client().post(
        reverse("public:joining-lost-link"), {"email": "inconnu@exemple.fr"}, follow=True
    )
    assert "Si une demande en cours correspond à cette adresse" in text(response)
    assert len(mailoutbox) == 1


def test_a_wrong_link_is_a_404_everywhere():
    client = Client()
    token = "x" * 43
    assert client.get(reverse("public:joining-resume", args=[token])).status_code == 404
    assert client.get(step_url(token, "entreprise")).status_code == 404
    assert client.post(reverse("public:joining-submit", args=[token])).status_code == 404
    response = client.post(reverse("public:joining-handoff", args=[token]), {"email": "a@b.fr"})
    assert response.status_code == 404


def test_an_unknown_step_is_a_404():
    from tests.adherents.factories_joining import draft_application

    _application, token = draft_application()
    assert Client().get(step_url(token, "inconnue")).status_code == 404


def test_new_applications_are_limited_per_address_and_hour(settings, mailoutbox):
    settings.SPSTI_JOINING_STARTS_PER_HOUR = 2
    client = Client()
    for n in range(2):
        assert (
            client.post(reverse("public:joining-start"), {"email": f"{n}@a.fr"}).status_code == 302
        )
    response = client.post(reverse("public:joining-start"), {"email": "3@a.fr"})
    assert response.status_code == 200
    assert "Trop de demandes depuis votre connexion" in text(response)
    assert MembershipApplication.objects.count() == 2


def test_a_bad_address_starts_nothing():
    response = Client().post(reverse("public:joining-start"), {"email": "pas-une-adresse"})
    assert response.status_code == 200
    assert "Saisissez une adresse e-mail valide." in text(response)
    assert MembershipApplication.objects.count() == 0
