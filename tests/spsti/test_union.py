"""A list of two kinds of items read in one order (spsti.union), on the dashboards' list of
visits held late and deadlines still due: every page in the order, by `?page=` and by the
cursors of its links, forward and back, in a bounded number of queries; a cursor that is not
the list's is ignored."""

import datetime

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from spsti.union import paginate_union_request
from suivi_sante.schedule.selectors_facts import visits_on_time_rows
from tests.accounts.factories import HealthCenterFactory, StaffUserFactory, TeamFactory
from tests.adherents.factories import AdherentFactory
from tests.suivi_sante.factories import DueVisitFactory, VisitFactory, WorkerFactory

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2026, 6, 15)
PAGE = 5


def _late_visit(worker, professional, due: datetime.date):
    held = datetime.datetime(due.year, due.month, due.day, 9, tzinfo=datetime.UTC)
    held += datetime.timedelta(days=3)
    return VisitFactory(
        worker=worker,
        professional=professional,
        scheduled_at=held,
        held_at=held,
        status="held",
        due_on=due,
    )


def _centre(name: str, items: int):
    """A centre whose member has `items` late visits and `items` deadlines still due, on
    fewer days than items (several items share a due date); returns (centre, expected keys)."""
    centre = HealthCenterFactory(name=name)
    member = AdherentFactory(team=TeamFactory(center=centre))
    professional = StaffUserFactory()
    expected = []
    for n in range(items):
        due = datetime.date(2026, 3, 1) + datetime.timedelta(days=n % 4)
        visit = _late_visit(WorkerFactory(adherent=member), professional, due)
        still = DueVisitFactory(worker=WorkerFactory(adherent=member), due_on=due)
        expected += [(due, 0, visit.pk), (due, 1, still.pk)]
    return centre, sorted(expected)


@pytest.fixture
def lists(settings, monkeypatch):
    settings.SPSTI_LIST_PAGE_SIZE = PAGE
    monkeypatch.setattr("django.utils.timezone.localdate", lambda *a, **k: TODAY)
    ours, expected = _centre("Centre Est", 9)  # 18 items: 4 pages of 5
    other, theirs = _centre("Centre Ouest", 2)
    return ours, expected, theirs


def _page(centre, **params):
    _, union, _ = visits_on_time_rows(
        center_ids=[centre.pk],
        team_ids=None,
        start=datetime.date(2026, 3, 1),
        end=datetime.date(2026, 5, 31),
        kind="",
        performer="",
        part="rest",
        show_people=True,
    )
    request = RequestFactory().get("/", {k: v for k, v in params.items() if v is not None})
    page = paginate_union_request(request, union)
    return page, [(row["due"], row["source"], row["item"]) for row in page.items]


def test_the_links_walk_every_item_once_in_order_forward_and_back(lists):
    centre, expected, _ = lists
    page, keys = _page(centre)
    pages = [keys]
    while page.has_next:
        page, keys = _page(centre, **page.next_params)
        pages.append(keys)
    assert [key for keys in pages for key in keys] == expected
    assert [len(keys) for keys in pages] == [5, 5, 5, 3]
    assert page.number == 4
    assert page.has_previous
    back = [keys]
    while page.has_previous:
        page, keys = _page(centre, **page.previous_params)
        back.append(keys)
    assert back[::-1] == pages
    assert page.number == 1


def test_page_numbers_read_the_same_rows_as_the_cursors(lists):
    centre, expected, _ = lists
    assert _page(centre, page="3")[1] == expected[10:15]
    assert _page(centre, page="4")[1] == expected[15:]
    assert _page(centre, page="9")[1] == []  # past the end: an empty page, no error


def test_a_cursor_outside_the_list_is_ignored(lists):
    centre, expected, theirs = lists
    due, source, pk = theirs[0]  # another centre's item
    for cursor in (f"{source}.{pk}", "7.1", "0.99999999999", "abc", "1.-2", "0." + "9" * 40):
        page, keys = _page(centre, apres=cursor, page="2")
        assert keys == expected[5:10], cursor  # the page `?page=` names
    page, keys = _page(centre, avant=f"{source}.{pk}")
    assert keys == expected[:5]


def test_a_cursor_page_costs_the_queries_of_the_first_page_plus_its_key(lists):
    centre, expected, _ = lists
    with CaptureQueriesContext(connection) as first:
        page, _ = _page(centre)
    with CaptureQueriesContext(connection) as later:
        _page(centre, **page.next_params)
    assert len(first.captured_queries) == 1
    assert len(later.captured_queries) == 2  # the cursor's key, then the page
    # Each branch is cut at the page inside the statement: never read whole.
    assert later.captured_queries[-1]["sql"].count("LIMIT") == 3
