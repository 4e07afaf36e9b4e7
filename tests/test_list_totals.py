"""The worker lists' total (issue 19, item 1): counted without reading the scope's rows beyond
the cap, on an index-only path when unfiltered, through the name indexes when searched, and
said as it is: exact up to the cap, "Plus de …" beyond (10 000 unfiltered, 200 filtered)."""

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from spsti.pagination import capped_count
from suivi_sante.models import Worker
from suivi_sante.workers.selectors import (
    FILTERED_TOTAL_CAP,
    TOTAL_CAP,
    WorkerFilters,
    total_cap,
    worker_list,
)
from suivi_sante.workers.views_common import total_label
from tests.suivi_sante.agenda.support import ctx_of
from tests.test_keyset_pagination import _grow

pytestmark = pytest.mark.django_db


@pytest.fixture
def crowd(world):
    """1 100 more workers of the first member, named N0000 to N0499, first names P0 to P6."""
    _grow(
        Worker,
        1100,
        last_name="'N' || lpad((n %% 500)::text, 4, '0')",
        first_name="'P' || (n %% 7)::text",
        nir="''",
    )
    return world


def _count_plan(queryset) -> str:
    with CaptureQueriesContext(connection) as captured:
        capped_count(queryset)
    sql = captured.captured_queries[0]["sql"]
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute(f"EXPLAIN {sql}")
        return "\n".join(row[0] for row in cursor.fetchall())


@pytest.mark.django_db(transaction=True)
def test_the_unfiltered_total_reads_only_the_live_workers_index(crowd):
    """The count is answered from worker_live_adherent_idx alone (its predicate is the list's,
    its column the join's), as on a real table that autovacuum keeps: the rows are committed
    and vacuumed first. On a never-vacuumed table (no visibility map) an index-only scan is
    priced as reading the heap, and the planner's choice between it and the other worker
    indexes was a coin toss (CI drew a bitmap scan)."""
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE suivi_sante_worker")
        cursor.execute("ANALYZE adherents_adherent")
    plan = _count_plan(worker_list(ctx_of(crowd, "nurse")))
    assert "Index Only Scan using worker_live_adherent_idx" in plan, plan
    assert "suivi_sante_worker_" not in plan.replace("worker_live_adherent_idx", ""), plan


def test_a_name_search_starts_in_the_name_prefix_indexes(crowd):
    ctx = ctx_of(crowd, "nurse")
    queryset = worker_list(ctx, filters=WorkerFilters(search="n012"))
    # The count (the page itself may walk its one member's workers: a single member here).
    plan = _count_plan(queryset)
    assert "worker_last_name_prefix_idx" in plan, plan
    assert "worker_first_name_prefix_idx" in plan, plan
    names = [w.last_name for w in queryset]
    assert names == sorted(f"N{n:04d}" for n in range(120, 130) for _ in range(2))


def test_the_filtered_total_stops_at_its_own_cap(crowd, client_for):
    assert total_cap(WorkerFilters()) == TOTAL_CAP == 10_000
    assert total_cap(WorkerFilters(category="SI")) == FILTERED_TOTAL_CAP == 200
    client = client_for("nurse")
    url = reverse("backoffice:suivi_sante:worker-list")
    live = worker_list(ctx_of(crowd, "nurse")).count()
    assert live > FILTERED_TOTAL_CAP
    page = client.get(url).content.decode()
    assert f"{total_label(live)}</p>" in page  # exact: under 10 000
    assert total_label(live) == f"{live // 1000}\u202f{live % 1000:03d} salariés"
    page = client.get(url, {"categorie": "SI"}).content.decode()
    assert "Plus de 200 salariés correspondant aux filtres" in page
    page = client.get(url, {"q": "n0120"}).content.decode()
    assert "salariés correspondant aux filtres" in page
    assert "Plus de" not in page


def _counted(queryset, cap: int) -> tuple[int, int]:
    """capped_count's answer and how many queries it ran."""
    with CaptureQueriesContext(connection) as captured:
        total = capped_count(queryset, cap)
    return total, len(captured)


def test_a_count_past_its_cap_is_remembered_an_exact_one_never(crowd):
    """A total that reached its cap ("Plus de …") is not counted again by the next page of the
    same list (same scope, same filters); a total under its cap is counted on every call, so a
    worker added is in the next page's exact total; other filters or another cap count anew."""
    ctx = ctx_of(crowd, "nurse")
    live = worker_list(ctx).count()
    assert _counted(worker_list(ctx), cap=200) == (201, 1)
    assert _counted(worker_list(ctx), cap=200) == (201, 0)  # remembered: no query
    assert _counted(worker_list(ctx), cap=live) == (live, 1)
    Worker.objects.create(
        adherent=crowd.adherent, last_name="Neuf", first_name="Jean", birth_date="1990-01-01"
    )
    assert _counted(worker_list(ctx), cap=live + 5) == (live + 1, 1)
    assert _counted(worker_list(ctx), cap=live + 5) == (live + 1, 1)  # exact: counted again
    searched = worker_list(ctx, filters=WorkerFilters(search="n012"))
    assert _counted(searched, cap=200) == (20, 1)
    assert _counted(worker_list(ctx, filters=WorkerFilters(category="SI")), cap=10)[1] == 1
