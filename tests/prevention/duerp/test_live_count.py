"""The member's live workers (the DUERP's headcount when none is stated): who counts on which
day, the same through both readers, from the employments' index alone; and the portal pages
that show it in a flat number of queries whatever the member's size."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from prevention.duerp import selectors
from suivi_sante.models import Worker
from tests.dashboards.home.test_home_plans import _sql_plan
from tests.prevention.duerp.support import open_workspace
from tests.suivi_sante.factories import EmploymentFactory, WorkerFactory
from tests.suivi_sante.schedule.test_views import due

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2026, 6, 1)
DAY = datetime.timedelta(days=1)


def _hire(world, *periods: tuple[datetime.date, datetime.date | None], adherent=None) -> Worker:
    """A worker of member A (or `adherent`) with these (start, end) contracts."""
    worker = WorkerFactory(adherent=adherent or world.adherent)
    for start, end in periods:
        establishment = worker.adherent.establishments.first()
        EmploymentFactory(worker=worker, establishment=establishment, start_on=start, end_on=end)
    return worker


def _staff(world) -> None:
    """Eight workers of A, four of them live on TODAY; one of B live too."""
    year_ago = TODAY - 365 * DAY
    _hire(world, (year_ago, TODAY))  # ends today: still there
    _hire(world, (TODAY + DAY, None))  # starts tomorrow: not yet
    _hire(world, (TODAY, None))  # starts today, open-ended
    _hire(world, (year_ago, TODAY - DAY))  # left yesterday
    _hire(world, (year_ago, None), (year_ago, TODAY + 30 * DAY))  # two contracts: once
    _hire(world, (year_ago, TODAY - 90 * DAY), (TODAY - 60 * DAY, None))  # came back
    _hire(world)  # no contract
    merged = _hire(world, (year_ago, None))
    Worker.objects.filter(pk=merged.pk).update(merged_into=world.worker, merged_at=timezone.now())
    _hire(world, (year_ago, None), adherent=world.other_adherent)


def test_the_live_workers_on_a_given_day(world):
    _staff(world)

    assert selectors.live_worker_count(world.adherent.pk, today=TODAY) == 4
    assert selectors.live_worker_count(world.adherent.pk, today=TODAY + DAY) == 4  # -1 +1
    assert selectors.live_worker_count(world.other_adherent.pk, today=TODAY) == 1
    (facts,) = selectors.reminder_facts([world.adherent.pk], today=TODAY)
    assert facts.headcount == 4


def test_a_stated_headcount_wins_over_the_live_workers(world):
    _staff(world)
    open_workspace(world, headcount=12)

    facts = selectors.reminder_facts([world.adherent.pk, world.other_adherent.pk], today=TODAY)

    assert [f.headcount for f in facts] == [12, 1]


def test_the_live_workers_are_counted_from_the_employments_index_alone(world):
    _staff(world)

    plan = _sql_plan(lambda: selectors.live_worker_count(world.adherent.pk, today=TODAY))

    assert "Index Only Scan using employment_worker_idx" in plan, plan


def _queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    "url_name",
    ["portal:prevention:duerp-workspace", "portal:dashboard", "portal:suivi_sante:booking-list"],
)
def test_the_members_pages_answer_in_a_flat_number_of_queries(world, client_for, url_name):
    client = client_for("portal_admin")
    url = reverse(url_name)
    client.get(url)  # the session, the allauth lookups
    _staff(world)
    due(world.worker, "VIP", 3)
    few = _queries(client, url)
    for n in range(30):
        worker = _hire(world, (TODAY - n * DAY, None))
        due(worker, "VIP", n - 10)
    assert _queries(client, url) == few
