"""The joining area's rows of the permission matrix, run on their own (tests/matrix_adherents),
and the 404s the matrix cannot show (one member service per centre in the world)."""

import pytest
from django.test import Client
from django.urls import reverse

from accounts.enums import StaffRole
from adherents.models import AdherentMembership
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories import AdherentFactory, AdherentMembershipFactory
from tests.conftest import login
from tests.matrix import statuses
from tests.matrix_adherents.joining import CASES


def test_every_joining_url_has_one_row():
    from adherents.urls import joining

    names = {p.name for p in [*joining.portal_patterns, *joining.backoffice_patterns]}
    rows = {case.url_name.rsplit(":", 1)[1] for case in CASES}
    assert names == rows
    assert len(rows) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_joining_matrix(case, world):
    assert statuses(case, world, login) == case.expected


@pytest.mark.django_db
def test_a_member_of_another_centre_is_a_404_for_the_member_service(world):
    agent = login(Client(), world.actors["member_service"])
    elsewhere = AdherentFactory(team=world.other_team)
    membership = AdherentMembershipFactory(adherent=elsewhere)
    url = reverse("backoffice:adherents:joining-portal-access", args=[elsewhere.pk])
    assert agent.get(url).status_code == 404
    resend = reverse("backoffice:adherents:joining-invitation-resend", args=[membership.pk])
    assert agent.post(resend).status_code == 404
    other = StaffAssignmentFactory(
        center=world.other_center, team=world.other_team, role=StaffRole.MEMBER_SERVICE
    ).user
    assert login(Client(), other).get(url).status_code == 200
    assert AdherentMembership.objects.filter(adherent=elsewhere).count() == 1


@pytest.mark.django_db
def test_the_public_pages_answer_anonymous_visitors():
    client = Client()
    assert client.get(reverse("public:joining-start")).status_code == 200
    assert client.get(reverse("public:joining-lost-link")).status_code == 200
