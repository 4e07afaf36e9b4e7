"""The current context is chosen by a switcher and re-validated on every request."""

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from accounts.context import PORTAL_SESSION_KEY
from accounts.enums import AdherentRole, StaffRole
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories import (
    AccountingFirmMemberFactory,
    AdherentMembershipFactory,
    EstablishmentFactory,
    MandateFactory,
)
from tests.conftest import login


@pytest.mark.django_db
def test_portal_user_switches_between_the_members_they_belong_to():
    membership = AdherentMembershipFactory(role=AdherentRole.HR)
    second = AdherentMembershipFactory(user=membership.user, role=AdherentRole.ADMIN)
    client = login(Client(), membership.user)
    choice = f"adherent:{second.adherent_id}"
    client.post(reverse("portal:switch"), {"choice": choice})
    assert client.session[PORTAL_SESSION_KEY] == choice
    assert second.adherent.name in client.get(reverse("portal:dashboard")).content.decode()


@pytest.mark.django_db
def test_member_admin_sees_the_firms_acting_for_it_with_their_scopes_in_french():
    membership = AdherentMembershipFactory(role=AdherentRole.ADMIN)
    mandate = MandateFactory(adherent=membership.adherent)
    page = login(Client(), membership.user).get(reverse("portal:dashboard")).content.decode()
    assert f"{mandate.firm.name} — Déclaration d&#x27;effectifs, Factures" in page


@pytest.mark.django_db
def test_switching_to_a_member_one_does_not_hold_is_refused():
    membership = AdherentMembershipFactory()
    stranger = AdherentMembershipFactory()
    client = login(Client(), membership.user)
    client.get(reverse("portal:dashboard"))
    response = client.post(
        reverse("portal:switch"), {"choice": f"adherent:{stranger.adherent_id}"}, follow=True
    )
    assert "ne fait pas partie de vos accès" in response.content.decode()
    assert client.session[PORTAL_SESSION_KEY] == f"adherent:{membership.adherent_id}"


@pytest.mark.django_db
def test_a_revoked_mandate_stops_at_the_next_request():
    member = AccountingFirmMemberFactory()
    mandate = MandateFactory(firm=member.firm)
    establishment = EstablishmentFactory(adherent=mandate.adherent)
    client = login(Client(), member.user)
    url = reverse("portal:adherents:establishment-detail", args=[establishment.pk])
    assert client.get(url).status_code == 200
    mandate.revoked_at = timezone.now()
    mandate.save()
    assert client.get(url).status_code == 302  # no member left: sent to the explanation page
    assert client.get(reverse("portal:dashboard"))["Location"] == reverse("portal:no-member")


@pytest.mark.django_db
def test_staff_sees_only_the_centre_they_switched_to():
    first = StaffAssignmentFactory(role=StaffRole.PHYSICIAN)
    second = StaffAssignmentFactory(user=first.user, role=StaffRole.PHYSICIAN)
    client = login(Client(), first.user)
    client.post(reverse("backoffice:switch"), {"choice": second.center_id})
    page = client.get(reverse("backoffice:dashboard")).content.decode()
    assert f"<h1>{second.center.name}</h1>" in page
    # An ended assignment is no longer a valid choice at the next request.
    second.ended_on = timezone.localdate()
    second.save()
    page = client.get(reverse("backoffice:dashboard")).content.decode()
    assert f"<h1>{first.center.name}</h1>" in page
