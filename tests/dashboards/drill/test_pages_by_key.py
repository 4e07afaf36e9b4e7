"""A drill-down list is paged by its links' keys where its order allows it: following « Page
suivante » then « Page précédente » reads every row once, in order, and a key that is not the
list's is ignored (the numbered page is shown instead)."""

import datetime

import pytest
from django.test import Client
from django.urls import reverse

from accounts.enums import StaffRole
from tests.accounts.factories import HealthCenterFactory, StaffAssignmentFactory, TeamFactory
from tests.adherents.factories import AdherentFactory
from tests.conftest import login
from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)
URL = reverse("backoffice:dashboards:drill", args=["hires_declared"])


@pytest.fixture
def hires(settings, monkeypatch):
    """12 hires in May (several on a day), read by the direction."""
    settings.SPSTI_LIST_PAGE_SIZE = 5
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    centre = HealthCenterFactory()
    member = AdherentFactory(team=TeamFactory(center=centre))
    made = [
        EmploymentFactory(
            worker=WorkerFactory(adherent=member),
            start_on=datetime.date(2026, 5, 1) + datetime.timedelta(days=n % 5),
        )
        for n in range(12)
    ]
    director = StaffAssignmentFactory(center=centre, role=StaffRole.DIRECTION, team=None).user
    return login(Client(), director), sorted(made, key=lambda e: (e.start_on, e.pk))


def _hire_ids(response) -> list[int]:
    listing = response.context["listing"]
    return [hire.pk for hire in listing.items]


def test_the_links_walk_every_hire_once_forward_and_back(hires):
    client, expected = hires
    response = client.get(URL, {"du": "2026-05", "au": "2026-06"})
    pages = [_hire_ids(response)]
    listing = response.context["listing"]
    while listing.has_next:
        assert listing.next_params["apres"] is not None  # a key, not an OFFSET
        response = client.get(URL, {"du": "2026-05", "au": "2026-06", **_set(listing.next_params)})
        listing = response.context["listing"]
        pages.append(_hire_ids(response))
    assert [pk for page in pages for pk in page] == [hire.pk for hire in expected]
    back = [pages[-1]]
    while listing.has_previous:
        params = _set(listing.previous_params)
        response = client.get(URL, {"du": "2026-05", "au": "2026-06", **params})
        listing = response.context["listing"]
        back.append(_hire_ids(response))
    assert back[::-1] == pages


def test_a_key_outside_the_list_shows_the_numbered_page(hires):
    client, expected = hires
    # A hire of the service outside the period asked: not in the list, its key is ignored.
    other = EmploymentFactory(start_on=datetime.date(2026, 3, 2))
    for key in (other.pk, 0, "x"):
        response = client.get(URL, {"du": "2026-05", "au": "2026-06", "page": 2, "apres": key})
        assert _hire_ids(response) == [hire.pk for hire in expected[5:10]], key


def _set(params: dict) -> dict:
    return {k: v for k, v in params.items() if v is not None}
