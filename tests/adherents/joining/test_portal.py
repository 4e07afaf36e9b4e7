"""The new member in its portal: the first-login checklist, its contacts, a new establishment."""

import datetime
import html

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.context import build_context
from adherents.joining import services_review as joining_review
from adherents.joining.selectors_checklist import checklist_for, url_if_present
from adherents.models import (
    Contact,
    DeclarationCampaign,
    DeclarationKind,
    EmployerMeeting,
    Establishment,
    MeetingFormat,
    MeetingRegistration,
    MeetingSession,
    WorkforceDeclaration,
)
from tests.adherents.factories import EstablishmentFactory, MandateFactory
from tests.adherents.factories_joining import siret_of, submitted_application, with_wrong_key
from tests.conftest import login

pytestmark = pytest.mark.django_db


def text(response) -> str:
    return html.unescape(response.content.decode())


def new_member(world, **overrides):
    """A member validated from an online application; returns (adherent, its admin user)."""
    application, _ = submitted_application(**overrides)
    agent = build_context(world.actors["member_service"], {}, mfa_passed=True)
    adherent = joining_review.validate(actor=agent, application=application, team=world.team)
    return adherent, adherent.memberships.get().user


def labels(checklist) -> dict[str, bool]:
    return {item.label: item.done for item in checklist.items}


def test_the_checklist_follows_the_data_until_hidden(world):
    adherent, admin = new_member(
        world, has_accounting_firm=True, firm_name="Cabinet Chiffres", firm_email="c@chiffres.fr"
    )
    ctx = build_context(admin, {}, mfa_passed=False)
    assert labels(checklist_for(ctx)) == {
        "Activer votre compte": False,
        "Vérifier vos établissements": True,  # opening hours given in the application
        "Vérifier vos contacts": True,  # the three required roles
        "Indiquer vos préférences de convocation": True,  # Tuesday and Thursday mornings
        "Déclarer vos salariés": False,
        "Vous inscrire à une rencontre employeurs": False,
        "Donner un mandat à votre cabinet comptable": False,
    }
    admin.set_password("Un-Mot-De-Passe-Solide-42")
    admin.save()
    adherent.contacts.filter(role="sst_referent").update(is_active=False)
    adherent.establishments.update(convocation_weekdays=[], convocation_half_day="")
    adherent.establishments.filter(is_head_office=True).update(opening_hours="")
    session = MeetingSession.objects.create(
        meeting=EmployerMeeting.objects.create(
            center=world.center, title="Bienvenue", format=MeetingFormat.VIDEO
        ),
        starts_at=timezone.now() + datetime.timedelta(days=7),
        ends_at=timezone.now() + datetime.timedelta(days=7, hours=1),
        capacity=20,
    )
    MeetingRegistration.objects.create(
        session=session,
        adherent=adherent,
        attendee_name="Paul Martin",
        attendee_email="dirigeant@delta.fr",
        registered_by=admin,
    )
    MandateFactory(adherent=adherent)
    campaign = DeclarationCampaign.objects.create(
        year=2026, opens_on=datetime.date(2026, 1, 1), closes_on=datetime.date(2026, 3, 31)
    )
    WorkforceDeclaration.objects.create(
        campaign=campaign,
        establishment=adherent.establishments.first(),
        kind=DeclarationKind.CAMPAIGN,
        headcount_si=4,
        headcount_sia=0,
        headcount_sir=2,
        prefilled_from_workers=False,
        submitted_by=admin,
    )
    assert labels(checklist_for(ctx)) == {
        "Activer votre compte": True,
        "Vérifier vos établissements": False,  # the head office lost its opening hours
        "Vérifier vos contacts": False,  # no active referent any more
        "Indiquer vos préférences de convocation": False,
        "Déclarer vos salariés": True,
        "Vous inscrire à une rencontre employeurs": True,
        "Donner un mandat à votre cabinet comptable": True,
    }

    client = login(Client(), admin)
    page = text(client.get(reverse("portal:dashboard")))
    assert "Bien démarrer avec votre espace (4 sur 7)" in page
    assert (
        f'href="{reverse("portal:adherents:joining-contact-list")}">Vérifier vos contacts' in page
    )
    response = client.post(reverse("portal:adherents:joining-checklist-dismiss"))
    assert response.url == reverse("portal:dashboard")
    adherent.refresh_from_db()
    assert adherent.checklist_dismissed_at is not None
    assert "Bien démarrer" not in text(client.get(reverse("portal:dashboard")))
    assert checklist_for(ctx) is None


def test_no_firm_item_without_an_announced_firm_and_no_checklist_for_a_firm(world):
    _adherent, admin = new_member(world)
    items = labels(checklist_for(build_context(admin, {}, mfa_passed=False)))
    assert "Donner un mandat à votre cabinet comptable" not in items
    firm_ctx = build_context(world.actors["firm_mandated"], {}, mfa_passed=False)
    assert checklist_for(firm_ctx) is None


def test_links_to_other_areas_only_when_their_page_exists():
    assert url_if_present("portal:dashboard") == reverse("portal:dashboard")
    assert url_if_present("portal:adherents:no-such-page") == ""


def test_the_admin_adds_and_ends_contacts_never_deleting_them(world, client_for):
    admin = client_for("portal_admin")
    url = reverse("portal:adherents:joining-contact-create")
    assert admin.get(url).status_code == 200
    response = admin.post(
        url,
        {
            "role": "sst_referent",
            "first_name": "Inès",
            "last_name": "Durand",
            "email": "Ines@Alpha.fr",
            "phone": "03 21 11 22 33",
            "establishment": world.establishment.pk,
        },
    )
    assert response.url == reverse("portal:adherents:joining-contact-list")
    contact = Contact.objects.get(adherent=world.adherent)
    assert (contact.email, contact.establishment, contact.is_active) == (
        "ines@alpha.fr",
        world.establishment,
        True,
    )
    # An establishment of another member is not a choice: refused, nothing written.
    response = admin.post(
        url,
        {
            "role": "hr",
            "first_name": "X",
            "last_name": "Y",
            "email": "x@alpha.fr",
            "phone": "03 21 11 22 33",
            "establishment": world.other_establishment.pk,
        },
    )
    assert response.status_code == 200
    assert Contact.objects.count() == 1

    listing = text(admin.get(reverse("portal:adherents:joining-contact-list")))
    assert "Inès Durand" in listing
    admin.post(reverse("portal:adherents:joining-contact-end", args=[contact.pk]))
    contact.refresh_from_db()
    assert contact.is_active is False
    assert "Terminé" in text(admin.get(reverse("portal:adherents:joining-contact-list")))

    other = client_for("portal_other")
    assert "Inès Durand" not in text(other.get(reverse("portal:adherents:joining-contact-list")))
    end = reverse("portal:adherents:joining-contact-end", args=[contact.pk])
    assert other.post(end).status_code == 404


def add_establishment(client, siret, kind="site"):
    return client.post(
        reverse("portal:adherents:joining-establishment-create"),
        {
            "kind": kind,
            "siret": siret,
            "name": "Chantier de la gare",
            "address": "Place de la gare",
            "postal_code": "62000",
            "city": "Arras",
        },
    )


def test_a_new_establishment_follows_the_same_siret_rules(world, client_for):
    admin = client_for("portal_admin")
    siren = world.adherent.siren
    # A SIRET of this company registered under another member (a former group company).
    taken = EstablishmentFactory(adherent=world.other_adherent, siret=siret_of(siren, 4321))
    before = Establishment.objects.count()
    for siret, message in (
        (with_wrong_key(siret_of(siren, 8765)), "Ce SIRET est invalide"),
        (siret_of(world.other_adherent.siren, 8765), "ne commence pas par le SIREN"),
        (world.establishment.siret, f"Le SIRET {world.establishment.siret} figure déjà"),
        (taken.siret, f"Le SIRET {taken.siret} est déjà enregistré au service"),
    ):
        response = add_establishment(admin, siret)
        assert response.status_code == 200
        assert message in text(response)
    assert "Sélectionnez un choix valide" in text(
        add_establishment(admin, siret_of(siren, 8765), kind="head_office")
    )
    assert Establishment.objects.count() == before

    response = add_establishment(admin, siret_of(siren, 8765), kind="worksite")
    created = Establishment.objects.get(siret=siret_of(siren, 8765))
    assert response.url == reverse("portal:adherents:establishment-detail", args=[created.pk])
    assert (created.adherent, created.kind, created.is_head_office) == (
        world.adherent,
        "worksite",
        False,
    )


def test_the_checklist_is_for_the_first_year_only(world, client_for):
    admin = client_for("portal_admin")
    assert "Bien démarrer" not in text(admin.get(reverse("portal:dashboard")))  # joined in 2024
    world.adherent.joined_on = timezone.localdate() - datetime.timedelta(days=300)
    world.adherent.save()
    assert "Bien démarrer" in text(admin.get(reverse("portal:dashboard")))


def test_the_dashboard_with_its_checklist_answers_in_a_flat_number_of_queries(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    adherent, admin = new_member(world)
    client = login(Client(), admin)
    url = reverse("portal:dashboard")
    client.get(url)  # warm the session

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert "Bien démarrer" in text(client.get(url))
        return len(captured)

    few = queries()
    for n in range(30):
        EstablishmentFactory(adherent=adherent, siret=siret_of(adherent.siren, 100 + n))
        Contact.objects.create(
            adherent=adherent, role="hr", first_name="A", last_name=str(n), email=f"{n}@d.fr"
        )
    assert queries() == few
    # The shell's 9, the checklist's one query, the follow-up app's headcount (no worker yet).
    assert few <= 25  # the home lists the member's work (tests/test_list_query_counts.py: 25)
