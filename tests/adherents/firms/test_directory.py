"""The member service keeps the firms directory and gives firm users their access."""

from html import unescape

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import User
from adherents.models import AccountingFirm, AccountingFirmMember
from adherents.rules.identifiers import luhn_complete
from tests.adherents.factories import (
    AccountingFirmFactory,
    AccountingFirmMemberFactory,
    AdherentFactory,
    MandateFactory,
)

pytestmark = pytest.mark.django_db
BO = "backoffice:adherents"


def text(response) -> str:
    return unescape(response.content.decode())


def test_a_firm_is_added_with_a_checked_siren(world, client_for):
    client = client_for("member_service")
    siren = luhn_complete("44400001")
    created = client.post(
        reverse(f"{BO}:firms-firm-create"), {"name": "Cabinet Epsilon", "siren": siren}
    )
    firm = AccountingFirm.objects.get(siren=siren)
    assert created.url == reverse(f"{BO}:firms-firm-detail", args=[firm.pk])

    bad = client.post(reverse(f"{BO}:firms-firm-create"), {"name": "Faux", "siren": "444000010"})
    assert "clé de contrôle" in text(bad) or "9 chiffres" in text(bad)
    twice = client.post(reverse(f"{BO}:firms-firm-create"), {"name": "Doublon", "siren": siren})
    assert "Le cabinet Cabinet Epsilon est déjà enregistré" in text(twice)
    assert AccountingFirm.objects.filter(name__in=["Faux", "Doublon"]).count() == 0


def test_a_new_firm_user_gets_an_activation_link(
    world, client_for, django_capture_on_commit_callbacks
):
    firm = AccountingFirmFactory(name="Cabinet Zêta")
    client = client_for("member_service")
    url = reverse(f"{BO}:firms-user-add", args=[firm.pk])
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "Claire.Martin@Zeta.test", "first_name": "Claire"})
    user = User.objects.get(email="claire.martin@zeta.test")
    assert AccountingFirmMember.objects.filter(user=user, firm=firm, is_active=True).exists()
    assert not user.has_usable_password()
    (message,) = mail.outbox
    assert message.to == ["claire.martin@zeta.test"]
    assert "Cabinet Zêta" in message.body

    again = client.post(url, {"email": "claire.martin@zeta.test"})
    assert "a déjà accès pour Cabinet Zêta" in text(again)


def test_an_activated_user_joins_without_a_new_link_and_staff_is_refused(
    world, client_for, django_capture_on_commit_callbacks
):
    firm = AccountingFirmFactory()
    client = client_for("member_service")
    url = reverse(f"{BO}:firms-user-add", args=[firm.pk])
    known = world.actors["portal_other"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": known.email})
        refused = client.post(url, {"email": world.actors["nurse"].email})
    assert AccountingFirmMember.objects.filter(user=known, firm=firm).exists()
    assert mail.outbox == []
    assert "compte du service" in text(refused)
    assert not AccountingFirmMember.objects.filter(user=world.actors["nurse"]).exists()


def test_a_firm_shows_only_the_centres_members_mandates(world, client_for):
    firm = AccountingFirmFactory()
    AccountingFirmMemberFactory(firm=firm)
    MandateFactory(firm=firm, adherent=world.adherent)
    far_member = AdherentFactory(team=world.other_team, name="Scierie Lointaine")
    MandateFactory(firm=firm, adherent=far_member)
    page = client_for("member_service").get(reverse(f"{BO}:firms-firm-detail", args=[firm.pk]))
    assert world.adherent.name in text(page)
    assert far_member.name not in text(page)


def test_the_directory_keeps_a_flat_query_count(world, client_for):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client = client_for("member_service")
    url = reverse(f"{BO}:firms-firm-list")

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = count()
    for firm in AccountingFirmFactory.create_batch(30):
        AccountingFirmMemberFactory(firm=firm)
    assert count() == one
