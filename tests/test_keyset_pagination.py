"""Keyset pagination (spsti.pagination) on the centre-wide lists: no row skipped or repeated
with ties in the sort key, hostile cursors give the first page, a flat number of queries on a
deep page, an index range scan for each order and filter, totals capped at 10 000."""

import re

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adherents.members.selectors import LIST_ORDER as MEMBER_ORDER
from adherents.members.selectors import adherent_list
from adherents.models import Adherent
from spsti.pagination import AFTER, BEFORE, RowCompare, capped_count, paginate_keyset
from suivi_sante.agenda.selectors import convocations_to_rebook
from suivi_sante.models import Convocation, Slot, Visit, Worker
from suivi_sante.workers.selectors import LIST_ORDER, WorkerFilters, worker_list
from suivi_sante.workers.views_common import total_label
from tests.adherents.factories import AdherentFactory
from tests.suivi_sante.agenda.support import ctx_of
from tests.suivi_sante.factories import WorkerFactory
from tests.test_keyset_lists import _tns_visits, _to_rebook
from tns.models import TnsVisit
from tns.visits.selectors import centre_visits

pytestmark = pytest.mark.django_db


@pytest.fixture
def namesakes(world):
    """Eleven DUPONT Marie (a tie on the whole name), and a few others around them."""
    Worker.objects.update(last_name="ZOLA", first_name="Émile")
    for _ in range(11):
        WorkerFactory(adherent=world.adherent, last_name="DUPONT", first_name="Marie")
    for name in ("ARNAUD", "DUPONT", "MARTIN"):
        WorkerFactory(adherent=world.other_adherent, last_name=name, first_name="Jean")
    return ctx_of(world, "nurse")


def _walk_forward(queryset, per_page, ids_first=False):
    seen = []
    page = paginate_keyset(queryset, LIST_ORDER, per_page=per_page, ids_first=ids_first)
    seen.append([w.pk for w in page.items])
    while page.has_next:
        after = str(page.next_params[AFTER])
        page = paginate_keyset(
            queryset, LIST_ORDER, after=after, per_page=per_page, ids_first=ids_first
        )
        seen.append([w.pk for w in page.items])
    return seen, page


# ids_first: the page's ids read first, then their rows (the name search's path).
@pytest.mark.parametrize("ids_first", [False, True])
def test_walking_forward_then_back_shows_every_row_once_despite_ties(namesakes, ids_first):
    queryset = worker_list(namesakes)
    expected = [w.pk for w in queryset]
    assert len(expected) == 16  # 11 namesakes, 3 Jean, 2 ZOLA
    pages, last = _walk_forward(queryset, per_page=3, ids_first=ids_first)
    assert [pk for page in pages for pk in page] == expected
    assert all(len(page) == 3 for page in pages[:-1])
    assert last.has_previous
    back, page = [[w.pk for w in last.items]], last
    while page.has_previous:
        before = str(page.previous_params[BEFORE])
        page = paginate_keyset(queryset, LIST_ORDER, before=before, per_page=3, ids_first=ids_first)
        back.insert(0, [w.pk for w in page.items])
        assert all(isinstance(w, Worker) for w in page.items)
    assert [pk for p in back for pk in p] == expected
    assert page.number == 1
    assert not page.has_previous


@pytest.mark.parametrize("ids_first", [False, True])
def test_keyset_pages_keep_the_filters(namesakes, ids_first):
    queryset = worker_list(namesakes, filters=WorkerFilters(search="dupont"))
    pages, _ = _walk_forward(queryset, per_page=4, ids_first=ids_first)
    names = {w.last_name for w in Worker.objects.filter(pk__in=sum(pages, []))}
    assert names == {"DUPONT"}
    assert len(sum(pages, [])) == 12


def test_a_cursor_out_of_the_list_gives_the_first_page(world, namesakes):
    queryset = worker_list(namesakes)
    first = [w.pk for w in paginate_keyset(queryset, LIST_ORDER, per_page=3).items]
    elsewhere = WorkerFactory(adherent=Adherent.objects.get(name="Scierie Gamma"))
    filtered_out = worker_list(namesakes, filters=WorkerFilters(search="martin"))[0]
    dupont_only = worker_list(namesakes, filters=WorkerFilters(search="dupont"))
    for cursor in ("abc", "-1", "²", "1e3", "99999999999999999999", "", " ", "\x00", None):
        page = paginate_keyset(queryset, LIST_ORDER, after=cursor, per_page=3)
        assert [w.pk for w in page.items] == first
    page = paginate_keyset(queryset, LIST_ORDER, after=str(elsewhere.pk), per_page=3)
    assert [w.pk for w in page.items] == first  # another centre's row: no position given away
    page = paginate_keyset(dupont_only, LIST_ORDER, before=str(filtered_out.pk), per_page=3)
    assert page.number == 1
    assert not page.has_previous


def test_a_large_page_number_on_a_keyset_list_stops_at_the_offset_pages(namesakes):
    page = paginate_keyset(worker_list(namesakes), LIST_ORDER, page="999999999", per_page=3)
    assert page.number == 20
    assert page.items == []


@pytest.mark.parametrize(
    "url_name", ["backoffice:suivi_sante:worker-list", "backoffice:adherents:adherent-list"]
)
@pytest.mark.parametrize(
    "cursor", ["abc", "-5", "²", "1" * 40, "%00", "1.5", "0x10", "9" * 12, "2147483648"]
)
def test_hostile_cursors_do_not_fail(url_name, cursor, client_for):
    client = client_for("physician")
    for name in (AFTER, BEFORE):
        response = client.get(reverse(url_name), {name: cursor, "page": cursor})
        assert response.status_code == 200


def test_the_links_carry_the_key_and_the_page_number(world, namesakes, client_for, settings):
    settings.SPSTI_LIST_PAGE_SIZE = 5
    client = client_for("nurse")
    url = reverse("backoffice:suivi_sante:worker-list")
    first = client.get(url, {"q": "dupont"}).content.decode()
    dupont = list(worker_list(namesakes, filters=WorkerFilters(search="dupont")))
    assert f"?q=dupont&amp;page=2&amp;apres={dupont[4].pk}" in first
    assert "12 salariés correspondant aux filtres" in first
    second = client.get(url, {"q": "dupont", "page": "2", AFTER: dupont[4].pk}).content.decode()
    assert "Page 2" in second
    assert f"?q=dupont&amp;page=1&amp;avant={dupont[5].pk}" in second
    assert f"page=3&amp;apres={dupont[9].pk}" in second
    assert "12 salariés correspondant aux filtres" in second  # the total stays the list's


def _queries(client, url, params) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url, params).status_code == 200
    return len(captured)


@pytest.mark.parametrize(
    ("url_name", "make_rows", "key"),
    [
        (
            "backoffice:suivi_sante:worker-list",
            lambda w, n: WorkerFactory.create_batch(n, adherent=w.other_adherent),
            lambda w: Worker.objects.order_by("pk").first().pk,
        ),
        (
            "backoffice:adherents:adherent-list",
            lambda w, n: AdherentFactory.create_batch(n, team=w.adherent.team),
            lambda w: w.adherent.pk,
        ),
    ],
)
def test_a_deep_page_answers_in_a_flat_number_of_queries(
    url_name, make_rows, key, world, client_for, settings
):
    settings.SPSTI_LIST_PAGE_SIZE = 2
    client = client_for("nurse" if "worker" in url_name else "physician")
    url = reverse(url_name)
    client.get(url)
    make_rows(world, 3)
    for params in ({AFTER: key(world), "page": "7"}, {BEFORE: key(world)}):
        few = _queries(client, url, params)
        make_rows(world, 30)
        # The list's 10 (see test_list_query_counts) plus the cursor's key, by pk.
        assert _queries(client, url, params) == few <= 11


def _plan(queryset) -> str:
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
    return queryset.explain()


def _grow(model, rows: int, *, analyze: bool = True, **varying) -> None:
    """Copies of the model's first row with varied values, and fresh statistics (unless
    `analyze` is False): on a handful of rows the planner's choice among indexes is a coin
    toss."""
    table = model._meta.db_table
    columns = [f.column for f in model._meta.concrete_fields if f.column != "id"]
    values = [varying.get(column, f'"{column}"') for column in columns]
    names = ", ".join(f'"{column}"' for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO {table} ({names}) "  # noqa: S608
            f"SELECT {', '.join(values)} FROM {table}, generate_series(1, %s) AS n "
            f"WHERE {table}.id = (SELECT min(id) FROM {table})",
            [rows],
        )
        if analyze:
            cursor.execute(f"ANALYZE {table}")


def test_each_keyset_order_starts_in_an_index_at_the_key(world):
    """Each deep page is an index range scan that starts at the key's row comparison (not a
    walk through the scope), in the index of the order, and of the category filter."""
    _grow(
        Worker,
        3000,
        last_name="'N' || lpad((n %% 500)::text, 4, '0')",
        first_name="'P' || (n %% 7)::text",
        category="(ARRAY['SI', 'SIA', 'SIR'])[1 + n %% 3]",
        nir="''",
    )
    after = RowCompare(LIST_ORDER, ">", ("N0250", "P3", 10))
    plan = _plan(Worker.objects.filter(after).order_by(*LIST_ORDER)[:51])
    # Two indexes lead by (last_name, first_name): the order's own, or the identity index with
    # an incremental sort on id inside each name (seen in CI). Either starts at the key.
    assert "worker_name_idx" in plan or "worker_identity_idx" in plan, plan
    assert "Seq Scan" not in plan, plan
    assert (
        "Index Cond: (ROW((last_name)::text, (first_name)::text, id) > ROW(" in plan
        or "Index Cond: (ROW((last_name)::text, (first_name)::text) >= ROW(" in plan
    ), plan
    plan = _plan(Worker.objects.filter(after, category="SIR").order_by(*LIST_ORDER)[:51])
    # The category's own index, or (seen in CI, a third of the rows being SIR) one of the two
    # name indexes above with the category as a filter: each starts at the key.
    assert any(
        index in plan
        for index in ("worker_category_name_idx", "worker_name_idx", "worker_identity_idx")
    ), plan
    assert "Seq Scan" not in plan, plan
    assert "ROW((last_name)::text, (first_name)::text, id) > ROW(" in plan, plan
    # The key bounds the index range (not a filter over the category's whole scan).
    assert re.search(r"Index Cond: .*ROW\(\(last_name\)::text, \(first_name\)::text", plan), plan
    _grow(Adherent, 3000, name="'A' || lpad(n::text, 5, '0')", siren="lpad(n::text, 9, '0')")
    after = RowCompare(MEMBER_ORDER, ">", ("A01500", 10))
    plan = _plan(Adherent.objects.filter(after).order_by(*MEMBER_ORDER)[:51])
    assert "adherent_name_idx" in plan
    assert "Index Cond: ((name)::text >= " in plan  # the prefix: ties on a name are rare


@pytest.mark.django_db(transaction=True)
def test_a_name_search_reads_the_page_ids_from_the_name_index_alone(world):
    """A search walks worker_name_idx in the list's order and tests the name's start, the
    duplicate link and the member on its entries (an index-only scan): no row is fetched for
    the entries it passes. The table is vacuumed, as autovacuum keeps a real one."""
    _grow(
        Worker,
        3000,
        last_name="'N' || lpad((n %% 500)::text, 4, '0')",
        first_name="(ARRAY['Marie', 'Jean', 'Paul'])[1 + n %% 3]",
        nir="''",
    )
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE suivi_sante_worker")
    searched = worker_list(ctx_of(world, "nurse"), filters=WorkerFilters(search="ma"))
    # Sorts (and bitmap scans) off: on 3,000 rows of one member, reading the member's workers
    # (or OR-ing the two name-prefix indexes) and sorting them is cheaper; over a centre of
    # 500,000 workers the planner walks the list's order, as here.
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_sort = off")
        plan = _plan(searched.values_list("pk", flat=True)[:51])
    assert "Index Only Scan using worker_name_idx" in plan, plan
    ids = [w.pk for w in paginate_keyset(searched, LIST_ORDER, per_page=50, ids_first=True).items]
    assert ids == list(searched.values_list("pk", flat=True)[:50])


def test_the_vip_tns_deep_page_starts_in_its_order_index_at_the_key(world):
    """The centre's VIP TNS, latest first: a range scan of tns_visit_order_idx from the key."""
    _tns_visits(world, 1)
    hour = "n * interval '1 hour'"
    _grow(Slot, 3000, starts_at=f"starts_at - {hour}", ends_at=f"ends_at - {hour}")
    _grow(  # each copy on its own slot, an hour earlier
        TnsVisit,
        3000,
        slot_id="(SELECT max(id) FROM suivi_sante_slot) + 1 - n",
        scheduled_at=f"scheduled_at - {hour}",
    )
    visits = centre_visits(ctx_of(world, "nurse"))
    key = visits.values_list("scheduled_at", "pk")[1500]
    plan = _plan(visits.filter(RowCompare(("scheduled_at", "pk"), "<", key))[:51])
    assert "Index Scan Backward using tns_visit_order_idx" in plan, plan
    assert "Index Cond: (ROW(scheduled_at, id) < ROW(" in plan, plan


def test_the_convocations_to_rebook_start_in_their_partial_index_at_the_key(world):
    """The answers to rebook, oldest first: a range scan of convocation_to_rebook_idx from the
    key, never a walk through the centre's other convocations."""
    _to_rebook(world, 1)
    hour = "n * interval '1 hour'"
    _grow(Visit, 3000, status="'cancelled'")  # off the slot the first one holds
    _grow(  # each copy of its own visit, answered an hour earlier
        Convocation,
        3000,
        visit_id="(SELECT max(id) FROM suivi_sante_visit) + 1 - n",
        responded_at=f"responded_at - {hour}",
        status="(CASE WHEN n %% 10 = 0 THEN 'worker_absent' ELSE 'confirmed' END)",
    )
    convocations = convocations_to_rebook(ctx_of(world, "secretary"))
    key = convocations.values_list("responded_at", "pk")[150]
    plan = _plan(convocations.filter(RowCompare(("responded_at", "pk"), ">", key))[:51])
    assert "Index Scan using convocation_to_rebook_idx" in plan, plan
    assert "Index Cond: (ROW(responded_at, id) > ROW(" in plan, plan


def test_an_empty_scope_counts_zero_without_a_query(world, django_assert_num_queries):
    """A scope the ORM knows to be empty (no team yet: a filter on an empty list, or none())
    is 0, as QuerySet.count() says, not an error."""
    with django_assert_num_queries(0):
        assert capped_count(Worker.objects.filter(adherent__team_id__in=[])) == 0
        assert capped_count(Worker.objects.none()) == 0


def test_the_total_is_counted_up_to_the_cap(world, namesakes):
    assert capped_count(worker_list(namesakes), cap=5) == 6
    assert capped_count(worker_list(namesakes), cap=100) == 16
    assert capped_count(adherent_list(namesakes), cap=1) == 2
    assert total_label(10_000) == "10\u202f000 salariés"
    assert total_label(10_001) == "Plus de 10\u202f000 salariés"
