"""The quality actors against every certification view (tests/matrix_certification/quality.py):
quality manager and direction of A's centre, the other centre's quality manager, a pilot and
an auditor (plain staff of A's centre)."""

import pytest
from django.db import transaction
from django.test import Client
from django.urls import reverse

from accounts.enums import StaffRole
from tests.accounts.factories import StaffAssignmentFactory
from tests.conftest import login
from tests.matrix_certification.quality import CASES, EXTRA


@pytest.fixture
def quality_world(quality):
    for name in ("pilot", "auditor"):
        quality.actors[name] = StaffAssignmentFactory(
            center=quality.center, role=StaffRole.NURSE, team=quality.team
        ).user
    return quality


@pytest.mark.parametrize("case", CASES, ids=lambda case: case.url_name)
def test_quality_actors_get_what_the_matrix_says(case, quality_world):
    got = {}
    for actor, _expected in EXTRA[case.url_name].items():
        with transaction.atomic():
            url = reverse(case.url_name, args=case.args(quality_world))
            client = login(Client(), quality_world.actors[actor])
            response = getattr(client, case.method)(url, case.data(quality_world))
            got[actor] = response.status_code
            if response.status_code == 302:
                assert not response["Location"].startswith(reverse("account_login")), actor
            transaction.set_rollback(True)
    assert got == EXTRA[case.url_name]
