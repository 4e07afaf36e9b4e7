"""The prevention visits' list and the requests inbox at volume (issue 19, item 1): each page,
the first and one reached by key, is a walk of the list's order index from the key, never a
join and sort of every row of the centre; the inbox's « en retard » filter reads only the
requests still waiting for their first answer."""

import datetime

import pytest
from django.db import connection, transaction
from django.utils import timezone

from adherents.models import MemberRequest
from adherents.requests import selectors as requests_
from prevention.models import PreventionVisit
from prevention.visits.selectors import visit_list_page
from spsti.pagination import RowCompare
from tests.adherents.factories_requests import MemberRequestFactory
from tests.suivi_sante.agenda.support import ctx_of
from tests.test_keyset_lists import _prevention_visits
from tests.test_keyset_pagination import _grow, _plan

pytestmark = pytest.mark.django_db
ROWS = 3000


def _walk(queryset) -> str:
    """The plan of a page, sorts off: on 3,000 rows of one member, joining and sorting them is
    cheaper; over a centre's tens of thousands the planner walks the order index, as here.
    Without that index no plan gives the order unsorted: the test fails."""
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        return _plan(queryset)


def test_the_prevention_visits_walk_their_order_index_from_the_key(world):
    _prevention_visits(world, 1)
    _grow(
        PreventionVisit,
        ROWS,
        scheduled_on="scheduled_on - n",
        # One in twenty cancelled, as in the large dataset (demo/large_history_activity.py).
        status="(CASE WHEN n %% 20 = 0 THEN 'cancelled' WHEN n %% 2 = 0 THEN 'held' "
        "ELSE 'planned' END)",
        held_on="(CASE WHEN n %% 20 <> 0 AND n %% 2 = 0 THEN scheduled_on - n END)",
    )
    visits = visit_list_page(ctx_of(world, "prevention_assistant"))
    assert "Index Scan Backward using pvisit_list_order_idx" in _walk(visits[:51])
    key = visits.values_list("scheduled_on", "pk")[1500]
    plan = _walk(visits.filter(RowCompare(("scheduled_on", "pk"), "<", key))[:51])
    assert "Index Scan Backward using pvisit_list_order_idx" in plan, plan
    assert "Index Cond: (ROW(scheduled_on, id) < ROW(" in plan, plan
    cancelled = visit_list_page(ctx_of(world, "prevention_assistant"), "cancelled")
    plan = _walk(cancelled.filter(RowCompare(("scheduled_on", "pk"), "<", key))[:51])
    assert "Index Scan Backward using pvisit_status_order_idx" in plan, plan
    assert [v.status for v in cancelled[:5]] == ["cancelled"] * 5


def test_the_inbox_walks_its_order_index_and_the_late_filter_its_partial_one(world):
    created = timezone.now() - datetime.timedelta(days=400)
    MemberRequestFactory(adherent=world.adherent, status="closed", created_at=created)
    MemberRequest.objects.update(created_at=created)  # auto_now_add set it to now
    hour = "n * interval '1 hour'"
    _grow(
        MemberRequest,
        ROWS,
        created_at=f"created_at + {hour}",
        # One in a hundred still waiting for its first answer, the others closed.
        status="(CASE WHEN n %% 100 = 0 THEN 'new' ELSE 'closed' END)",
    )
    ctx = ctx_of(world, "member_service")
    inbox = requests_.inbox(ctx)
    assert "Index Scan Backward using request_list_order_idx" in _walk(inbox[:51])
    key = inbox.values_list("created_at", "pk")[1500]
    plan = _walk(inbox.filter(RowCompare(("created_at", "pk"), "<", key))[:51])
    assert "Index Scan Backward using request_list_order_idx" in plan, plan
    assert "Index Cond: (ROW(created_at, id) < ROW(" in plan, plan
    late = requests_.inbox(ctx, late=True)
    assert "request_awaiting_idx" in _walk(late[:51])
    assert late.count() == ROWS // 100
    assert all(r.is_late and r.status == "new" for r in late)
