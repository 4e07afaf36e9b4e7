"""Joining as self-employed, the invoice from the grid, reminders at J-60 and J-15, expiry
without tacit renewal, explicit renewal (art. D4622-27-3); a company head is declared in the
workforce declaration (art. L4621-4), no longer affiliated."""

import datetime
from decimal import Decimal
from html import unescape

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.enums import AdherentRole
from adherents.models import Adherent, AdherentMembership, Invoice, InvoiceHeading
from tests.adherents.factories import AdherentFactory
from tests.conftest import login
from tests.tns.factories import (
    SIRENS,
    affiliation_for,
    application,
    ctx_of,
    grid,
    offer_for,
    self_employed,
)
from tns.affiliations import services
from tns.affiliations.tasks import process_affiliations
from tns.models import AffiliationStatus, Basis, TnsAffiliation
from tns.offer import services as offer_services

PARIS_MORNING = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)


@pytest.fixture
def frozen():
    with time_machine.travel(PARIS_MORNING, tick=False) as traveller:
        yield traveller


@pytest.fixture
def open_offer(world, frozen):
    grid(2026)
    grid(2027)
    return offer_for(world.team)


def test_self_employed_joins_gets_the_invoice_from_the_grid_and_an_activation_link(
    open_offer, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        affiliation = services.join_self_employed(application())
    assert (affiliation.start_on, affiliation.end_on) == (
        datetime.date(2026, 3, 2),
        datetime.date(2027, 3, 2),  # end ≥ start + 1 year: the anniversary, included
    )
    assert affiliation.basis == Basis.SELF_EMPLOYED
    adherent = affiliation.adherent
    assert adherent.kind == Adherent.Kind.TNS
    assert adherent.team == open_offer.team
    membership = AdherentMembership.objects.get(adherent=adherent)
    assert membership.role == AdherentRole.SELF_EMPLOYED
    invoice = affiliation.invoice
    assert invoice.total == Decimal("240.00")
    line = invoice.lines.get()
    assert line.heading == InvoiceHeading.TNS
    assert "02/03/2026 au 02/03/2027" in line.label
    assert "(art. L4621-3, D4622-27-3)" in line.label
    assert "activez" in mail.outbox[-1].subject.lower()


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"no_employees": False}, "sans salarié"),
        ({"start_on": datetime.date(2026, 3, 1)}, "passé"),
        ({"start_on": datetime.date(2026, 7, 1)}, "trois prochains mois"),
    ],
)
def test_refusals_write_nothing(open_offer, fields, message):
    with pytest.raises(services.AffiliationError, match=message):
        services.join_self_employed(application(**fields))
    assert not TnsAffiliation.objects.exists()
    assert not Adherent.objects.filter(kind="tns").exists()


def test_a_members_siren_is_refused_and_points_to_the_company_head_path(open_offer, world):
    with pytest.raises(services.AffiliationError, match="L4621-4"):
        services.join_self_employed(application(siren=world.adherent.siren))


def test_no_grid_for_the_year_means_no_affiliation(world, frozen):
    offer_for(world.team)
    with pytest.raises(services.AffiliationError, match="grille tarifaire 2026"):
        services.join_self_employed(application())
    assert not Adherent.objects.filter(siren=SIRENS[0]).exists()


def test_closed_offer_refuses(world, frozen):
    grid(2026)
    offer_for(world.team, is_open=False)
    with pytest.raises(services.AffiliationError, match="pas ouverte"):
        services.join_self_employed(application())


def test_a_company_head_is_sent_to_the_workforce_declaration_and_no_affiliation_is_created(
    open_offer, world
):
    client = login(Client(), world.actors["portal_admin"])
    space = unescape(client.get(reverse("portal:tns:space")).content.decode())
    declaration_list = reverse("portal:adherents:workforce-declaration-list")
    assert "déclaré(e) dans la déclaration d'effectifs" in space
    assert declaration_list in space
    page = unescape(client.get(reverse("portal:tns:join-as-head")).content.decode())
    assert "offre proposée aux salariés" in page
    assert declaration_list in page
    assert 'name="start_on"' not in page  # no affiliation form any more
    refused = client.post(
        reverse("portal:tns:join-as-head"),
        {"start_on": "2026-03-02", "serves_clients": "on"},
        follow=True,
    )
    assert refused.status_code == 200
    assert "il se déclare dans la déclaration d'effectifs" in unescape(refused.content.decode())
    assert not TnsAffiliation.objects.exists()
    assert not Invoice.objects.filter(adherent=world.adherent).exists()


def test_an_existing_company_head_period_stays_readable_until_its_end_and_is_not_renewable(
    open_offer, world
):
    head = affiliation_for(world.actors["portal_admin"], world.adherent, basis="company_head")
    client = login(Client(), world.actors["portal_admin"])
    space = unescape(client.get(reverse("portal:tns:space")).content.decode())
    assert "au titre de l'offre proposée aux salariés de l'entreprise" in space
    assert "ne sera pas renouvelé" in space
    assert reverse("portal:tns:renew", args=[head.pk]) not in space
    with pytest.raises(services.AffiliationError, match="ne se renouvelle pas"):
        services.renew(actor=ctx_of(head.person), affiliation=head)
    refused = client.post(reverse("portal:tns:renew", args=[head.pk]), follow=True)
    assert refused.status_code == 200
    assert "ne se renouvelle pas" in unescape(refused.content.decode())
    assert list(TnsAffiliation.objects.all()) == [head]  # kept, nothing added
    assert not Invoice.objects.filter(adherent=world.adherent).exists()


def test_a_company_heads_period_is_never_invoiced_at_the_self_employed_grid(open_offer, world):
    head = affiliation_for(world.actors["portal_admin"], world.adherent, basis="company_head")
    with pytest.raises(offer_services.OfferError, match="à confirmer par le service"):
        offer_services.invoice_affiliation(head, actor=ctx_of(world.actors["portal_admin"]))
    assert not Invoice.objects.filter(adherent=world.adherent).exists()


def test_reminders_at_60_and_15_days_then_expiry_without_tacit_renewal(open_offer, frozen):
    affiliation = services.join_self_employed(application())
    mail.outbox.clear()
    frozen.move_to(datetime.datetime(2026, 12, 31, 6, 30, tzinfo=datetime.UTC))  # J-61
    assert process_affiliations() == {"reminders": 0, "expired": 0}
    frozen.move_to(datetime.datetime(2027, 1, 1, 6, 30, tzinfo=datetime.UTC))  # J-60 = 01/01
    assert process_affiliations() == {"reminders": 1, "expired": 0}
    assert process_affiliations() == {"reminders": 0, "expired": 0}  # once
    frozen.move_to(datetime.datetime(2027, 2, 15, 6, 30, tzinfo=datetime.UTC))  # J-15
    assert process_affiliations()["reminders"] == 1
    assert [m.subject for m in mail.outbox] == ["Votre affiliation se termine le 02/03/2027"] * 2
    assert "pas reconduite tacitement" in mail.outbox[0].body
    frozen.move_to(datetime.datetime(2027, 3, 2, 12, 0, tzinfo=datetime.UTC))  # last day
    assert process_affiliations()["expired"] == 0
    frozen.move_to(datetime.datetime(2027, 3, 3, 6, 30, tzinfo=datetime.UTC))
    assert process_affiliations() == {"reminders": 0, "expired": 1}
    affiliation.refresh_from_db()
    assert affiliation.status == AffiliationStatus.EXPIRED
    assert TnsAffiliation.objects.filter(person=affiliation.person).count() == 1  # no renewal
    assert "a pris fin" in mail.outbox[-1].subject


def test_explicit_renewal_opens_the_next_year_with_its_invoice(open_offer, frozen):
    affiliation = services.join_self_employed(application())
    frozen.move_to(datetime.datetime(2027, 2, 1, 9, 0, tzinfo=datetime.UTC))
    renewal = services.renew(actor=ctx_of(affiliation.person), affiliation=affiliation)
    assert (renewal.start_on, renewal.end_on) == (  # the day after 02/03/2027, a year
        datetime.date(2027, 3, 3),
        datetime.date(2028, 3, 3),
    )
    assert renewal.renewed_from == affiliation
    assert renewal.invoice.year == 2027
    with pytest.raises(services.AffiliationError, match="déjà renouvelée"):
        services.renew(actor=ctx_of(affiliation.person), affiliation=affiliation)
    frozen.move_to(datetime.datetime(2027, 3, 3, 6, 30, tzinfo=datetime.UTC))
    mail.outbox.clear()
    process_affiliations()
    assert not [m for m in mail.outbox if "a pris fin" in m.subject]  # renewed: no closing mail


def test_self_employed_portal_is_for_one_person(world, frozen, client):
    offer_for(world.team)
    user, _ = self_employed(world.team)
    login(client, user)
    assert client.get(reverse("portal:dashboard")).url == reverse("portal:tns:space")
    page = client.get(reverse("portal:tns:space")).content.decode()
    assert "Mon offre travailleur indépendant" in page
    assert "3114" in page
    for name in (
        "portal:suivi_sante:worker-list",
        "portal:adherents:workforce-declaration-list",
        "portal:adherents:establishment-list",
    ):
        assert client.get(reverse(name)).status_code == 403, name
        assert reverse(name) not in page


def test_access_stays_open_on_the_anniversary_and_closes_the_day_after(world, frozen, client):
    offer_for(world.team)
    user, _ = self_employed(world.team)  # from 02/03/2026 to 02/03/2027
    login(client, user)
    assert client.get(reverse("portal:tns:screening-answer")).status_code == 200
    frozen.move_to(datetime.datetime(2027, 3, 2, 22, 30, tzinfo=datetime.UTC))  # 23:30 in Paris
    login(client, user)
    assert client.get(reverse("portal:tns:screening-answer")).status_code == 200
    assert (
        "Affiliation en cours du 02/03/2026 au"
        in client.get(reverse("portal:tns:space")).content.decode()
    )
    frozen.move_to(datetime.datetime(2027, 3, 2, 23, 30, tzinfo=datetime.UTC))  # 03/03, 00:30
    login(client, user)
    response = client.get(reverse("portal:tns:screening-answer"))
    assert response.url == reverse("portal:tns:space")
    assert "a pris fin" in client.get(reverse("portal:tns:space")).content.decode()


def test_backoffice_affiliation_list_bounded_queries(world, frozen, django_assert_max_num_queries):
    offer_for(world.team)
    for _ in range(3):
        self_employed(world.team)
    client = login(Client(), world.actors["member_service"])
    with django_assert_max_num_queries(20):
        response = client.get(reverse("backoffice:tns:affiliation-list"))
    assert response.status_code == 200
    assert response.content.decode().count("Cabinet Iris") == 3
    other = AdherentFactory(team=world.other_team, kind="tns")
    assert other.name not in response.content.decode()


def test_the_daily_task_is_registered_and_in_the_beat_schedule():
    from celery.schedules import crontab

    from spsti.celery import app

    app.loader.import_default_modules()
    assert "tns.affiliations.tasks.process_affiliations" in app.tasks
    entry = app.conf.beat_schedule["tns.process_affiliations"]
    assert entry["task"] == "tns.affiliations.tasks.process_affiliations"
    assert entry["schedule"] == crontab(hour=6, minute=30)


def test_unpaid_invoice_reminders_reach_the_self_employed_person(world, frozen):
    from adherents.billing.selectors import reminder_recipients

    offer_for(world.team)
    user, affiliation = self_employed(world.team)
    assert reminder_recipients([affiliation.adherent_id]) == {affiliation.adherent_id: [user.email]}
