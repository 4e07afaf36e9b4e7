"""E-mail claiming (issue 10, item 2): access granted to an address reaches only the person who
proved they read it."""

from html import unescape

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.test import Client
from django.urls import reverse

from accounts.enums import AdherentRole
from accounts.models import User
from adherents.models import AccountingFirmMember
from tests.accounts.factories import PASSWORD
from tests.adherents.factories import (
    AccountingFirmFactory,
    AdherentMembershipFactory,
    MandateFactory,
)

pytestmark = pytest.mark.django_db
BO = "backoffice:adherents"
COLLABORATOR = "collaboratrice@cabinet-zeta.test"


def _attacker(world) -> tuple[User, Client]:
    """An HR user of member A, logged in with their password."""
    attacker = AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.HR).user
    client = Client()
    client.post(reverse("account_login"), {"login": attacker.email, "password": PASSWORD})
    return attacker, client


def _firm_with_clients(world):
    firm = AccountingFirmFactory(name="Cabinet Zêta")
    MandateFactory(firm=firm, adherent=world.other_adherent)
    return firm


def test_an_unverified_address_cannot_become_primary_so_a_firm_invitation_skips_the_claimer(
    world, client_for, django_capture_on_commit_callbacks
):
    attacker, client = _attacker(world)
    own_address = attacker.email
    client.get(reverse("account_email"))
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_email"), {"action_add": "", "email": COLLABORATOR})
        client.post(reverse("account_email"), {"action_primary": "", "email": COLLABORATOR})
    attacker.refresh_from_db()
    assert attacker.email == own_address
    assert not EmailAddress.objects.filter(email=COLLABORATOR, verified=True).exists()

    firm = _firm_with_clients(world)
    with django_capture_on_commit_callbacks(execute=True):
        client_for("member_service").post(
            reverse(f"{BO}:firms-user-add", args=[firm.pk]), {"email": COLLABORATOR}
        )
    assert not AccountingFirmMember.objects.filter(user=attacker).exists()
    collaborator = User.objects.get(email=COLLABORATOR)
    assert collaborator != attacker
    assert AccountingFirmMember.objects.filter(user=collaborator, firm=firm).exists()


def test_an_address_claimed_without_confirmation_receives_no_access(world, client_for):
    """An account that already shows an unconfirmed address (made primary before the fix)."""
    attacker, _client = _attacker(world)
    EmailAddress.objects.create(user=attacker, email=COLLABORATOR, verified=False, primary=True)
    User.objects.filter(pk=attacker.pk).update(email=COLLABORATOR)
    firm = _firm_with_clients(world)
    response = client_for("member_service").post(
        reverse(f"{BO}:firms-user-add", args=[firm.pk]), {"email": COLLABORATOR}
    )
    assert response.status_code == 200
    assert "jamais confirmée" in unescape(response.content.decode())
    assert not AccountingFirmMember.objects.filter(user=attacker).exists()


def test_a_confirmed_address_change_still_receives_access(
    world, client_for, django_capture_on_commit_callbacks
):
    user, client = _attacker(world)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("account_email"), {"action_add": "", "email": COLLABORATOR})
    (message,) = [m for m in mail.outbox if COLLABORATOR in m.to]
    confirm_path = (
        next(
            line.strip() for line in message.body.splitlines() if "/comptes/confirm-email/" in line
        )
        .split("localhost:8000", 1)[-1]
        .split("testserver", 1)[-1]
    )
    client.post(confirm_path)
    user.refresh_from_db()
    assert user.email == COLLABORATOR
    firm = _firm_with_clients(world)
    client_for("member_service").post(
        reverse(f"{BO}:firms-user-add", args=[firm.pk]), {"email": COLLABORATOR}
    )
    assert AccountingFirmMember.objects.filter(user=user, firm=firm).exists()


def test_using_the_activation_link_proves_the_address(world):
    from allauth.account.signals import password_reset

    user = AdherentMembershipFactory(adherent=world.adherent).user
    password_reset.send(sender=User, request=None, user=user)
    assert EmailAddress.objects.filter(user=user, email=user.email, verified=True).exists()


def test_a_new_members_administrator_access_skips_an_unconfirmed_claimer(world, client_for):
    """Joining validation: the administrator's address, claimed unconfirmed by someone else."""
    from adherents.models import Adherent, AdherentMembership, ApplicationStatus
    from tests.adherents.factories_joining import submitted_application

    application, _token = submitted_application()
    attacker, _client = _attacker(world)
    EmailAddress.objects.create(
        user=attacker, email="dirigeant@delta.fr", verified=False, primary=True
    )
    User.objects.filter(pk=attacker.pk).update(email="dirigeant@delta.fr")
    response = client_for("member_service").post(
        reverse("backoffice:adherents:joining-application-validate", args=[application.pk]),
        {"team": world.team.pk, "admin_email": "dirigeant@delta.fr"},
        follow=True,
    )
    assert "jamais confirmée" in unescape(response.content.decode())
    application.refresh_from_db()
    assert application.status == ApplicationStatus.SUBMITTED
    assert not Adherent.objects.filter(name="Menuiserie Delta").exists()
    assert (
        not AdherentMembership.objects.filter(user=attacker)
        .exclude(adherent=world.adherent)
        .exists()
    )
