"""`make bench`: the full recomputation of what is due, as time per 100,000 workers.

A sample of workers of the large dataset is recomputed chunk by chunk, each chunk exactly as the
weekly pass's chunk task runs it (``refresh_due_visits`` on 500 ids, one transaction). Printed:

- the baseline: loading the same chunks' facts (the five reads) plus writing every computed row
  with COPY into a temporary table shaped like the real one, its indexes included (rolled
  back): the least any recomputation must pay;
- the first pass, every row to write: the sample's rows are deleted (committed: they are a
  derived cache that the pass writes again);
- the usual weekly pass, nothing or little changed since the last one (only changes are
  written), over the rows the first pass left.

Each pass runs with one then two worker processes sharing the chunks as Celery's workers share
the chunk tasks (a multiprocessing pool, each process with its own database connection, one
chunk at a time; this machine's two cores, shared with PostgreSQL, are the limit). The ratio is
a pass on one process over the baseline. The sample's rows end as the engine computes them.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable

SAMPLE = 20_000
PER = 100_000
PROCESSES = (1, 2)


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _sample_ids(size: int) -> list[int]:
    """``size`` worker ids from the middle of the table, by keyset (ids are dense at seed)."""
    from suivi_sante.models import Worker

    first = Worker.objects.order_by("pk").values_list("pk", flat=True).first() or 0
    last = Worker.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
    middle = max(first, (first + last) // 2 - size // 2)
    ids = Worker.objects.filter(pk__gte=middle).order_by("pk").values_list("pk", flat=True)
    return list(ids[:size])


def _chunk_task(ids: list[int]) -> int:
    """What ``recompute_due_chunk`` does, in a pool process (its own connection)."""
    from suivi_sante.schedule import services as schedule

    return schedule.refresh_due_visits(ids)


def _pooled(chunks: list[list[int]], processes: int) -> float:
    """Time for ``processes`` processes to run every chunk, one chunk at a time each."""
    from django.db import connections

    connections.close_all()  # a forked process must open its own connection
    context = multiprocessing.get_context("fork")
    with context.Pool(processes) as pool:
        pool.map(_noop, range(processes))
        start = time.perf_counter()
        done = sum(pool.imap_unordered(_chunk_task, chunks, chunksize=1))
        elapsed = time.perf_counter() - start
    assert done == sum(len(c) for c in chunks), done
    return elapsed


def _noop(_: int) -> None:
    """Start the pool's processes before the clock does."""


def _baseline(chunks: list[list[int]], today) -> tuple[float, int]:
    """Loading the facts plus one COPY of every computed row into a temporary table."""
    from django.db import connection, transaction
    from django.utils import timezone

    from suivi_sante.schedule import services as schedule

    stamp = timezone.now()
    rows = [
        row
        for chunk in chunks
        for row in schedule.computed_rows(schedule.load_facts(chunk, today=today), today)[0]
    ]

    def load() -> None:
        for chunk in chunks:
            schedule.load_facts(chunk, today=today)

    def copy() -> None:
        with connection.cursor() as cursor:
            cursor.execute(
                "CREATE TEMPORARY TABLE bench_due (LIKE suivi_sante_duevisit INCLUDING ALL)"
            )
            columns = "worker_id, team_id, kind, due_on, performers, legal_reference, reason"
            with cursor.copy(f"COPY bench_due ({columns}, computed_at) FROM STDIN") as out:
                for row in rows:
                    out.write_row((*row[:4], list(row[4]), *row[5:], stamp))

    load()  # warm-up: the same pages in PostgreSQL's cache for every measure
    with transaction.atomic():
        load_s, copy_s = _timed(load), _timed(copy)
        transaction.set_rollback(True)
    return load_s + copy_s, len(rows)


def run(sample: int = SAMPLE) -> None:
    """Print the recomputation's times per 100,000 workers and their ratio to the baseline."""
    from django.utils import timezone

    from suivi_sante.models import DueVisit
    from suivi_sante.schedule import services as schedule

    today = timezone.localdate()
    ids = _sample_ids(sample)
    if not ids:
        print("Échéances : aucun salarié dans le jeu de données.")  # noqa: T201
        return
    chunks = [list(chunk) for chunk in schedule.batched(ids, schedule.CHUNK_SIZE)]
    baseline_s, rows = _baseline(chunks, today)
    first: dict[int, float] = {}
    for processes in PROCESSES:
        # Committed: the rows are a derived cache, and the pass writes them all again.
        DueVisit.objects.filter(worker_id__in=ids).delete()
        first[processes] = _pooled(chunks, processes)
    usual = {processes: _pooled(chunks, processes) for processes in PROCESSES}
    scale = PER / len(ids)

    def line(label: str, times: dict[int, float]) -> str:
        one, two = times[1], times[2]
        million = two * 1_000_000 / len(ids) / 60
        return (
            f"{label:<40} {one * scale:7.1f} s / 100 000 salariés (1 processus) | "
            f"{two * scale:6.1f} s (2 processus, x{one / two:4.2f}) | "
            f"ratio {one / baseline_s:5.2f} | 1 000 000 : ~{million:.1f} min sur 2 processus"
        )

    print(  # noqa: T201
        f"{'échéances : chargement + COPY (base)':<40} {baseline_s * scale:7.1f} s / 100 000 "
        f"salariés ({len(ids):,} salariés en {len(chunks)} lots de {schedule.CHUNK_SIZE}, "
        f"{rows:,} échéances)\n"
        + line("échéances : recalcul complet habituel", usual)
        + "\n"
        + line("échéances : premier passage (tout écrit)", first)
    )
