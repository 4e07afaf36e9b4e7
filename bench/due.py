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

Each pass sends the chunk tasks (``recompute_due_chunk``, as the weekly pass fans them out) to a
real Celery worker started with ``--concurrency 1`` then 2, on a queue of its own: each process
takes one chunk at a time with its own database connection (this machine's two cores, shared
with PostgreSQL, are the limit; more machines mean more such processes). Each figure is
the best of three rounds. The ratio is a pass on one process over the baseline. The sample's
rows end as the engine computes them.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = 20_000
PER = 100_000
PROCESSES = (1, 2)
ROUNDS = 3  # best of three: the machine is shared, the least disturbed round is the measure


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


@contextmanager
def _celery_worker(processes: int) -> Iterator[str]:
    """A real `celery worker` with ``processes`` child processes on a queue of its own (a
    `make run` worker cannot steal its tasks), on the benchmark database; yields the queue."""
    queue = f"bench-due-{uuid.uuid4().hex}"
    process = subprocess.Popen(  # noqa: S603 - our own worker, fixed arguments
        [
            str(Path(sys.executable).parent / "celery"),
            "-A",
            "spsti",
            "worker",
            "-Q",
            queue,
            "--concurrency",
            str(processes),
            "-l",
            "error",
            "-n",
            f"{queue}@%h",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=ROOT,
        env=os.environ.copy(),  # DATABASE_URL and REDIS_URL of this run
        stdout=subprocess.DEVNULL,  # its banner; a failing task fails the bench's get()
        stderr=subprocess.DEVNULL,
    )
    try:
        yield queue
    finally:
        process.terminate()
        process.wait(60)


def _through_celery(
    chunks: list[list[int]], processes: int, before_each: Callable[[], None]
) -> float:
    """Best time of ``ROUNDS`` for a Celery worker of ``processes`` processes to run every
    chunk task, as the weekly pass sends them (``recompute_all_due_visits``: one per chunk)."""
    from suivi_sante.schedule import tasks

    times = []
    with _celery_worker(processes) as queue:
        # The worker is up once it answers; each child then opens its own connection.
        tasks.recompute_group([[]] * processes).apply_async(queue=queue).get(timeout=180)
        for _ in range(ROUNDS):
            before_each()
            start = time.perf_counter()
            done = sum(tasks.recompute_group(chunks).apply_async(queue=queue).get(timeout=1800))
            times.append(time.perf_counter() - start)
            assert done == sum(len(c) for c in chunks), done
    return min(times)


def computed_rows(chunks: list[list[int]], today) -> list:
    """Every due row the engine computes for these chunks (the baseline's rows to COPY)."""
    from suivi_sante.schedule import services as schedule

    return [
        row
        for chunk in chunks
        for row in schedule.computed_rows(schedule.load_facts(chunk, today=today), today)[0]
    ]


def copy_rows(rows: list) -> None:
    """The baseline's write: one COPY of ``rows`` into a temporary table shaped like the due
    rows' own, its indexes included (inside the caller's transaction, rolled back)."""
    from django.db import connection
    from django.utils import timezone

    stamp = timezone.now()
    with connection.cursor() as cursor:
        cursor.execute("CREATE TEMPORARY TABLE bench_due (LIKE suivi_sante_duevisit INCLUDING ALL)")
        columns = "worker_id, team_id, kind, due_on, performers, legal_reference, reason"
        with cursor.copy(f"COPY bench_due ({columns}, computed_at) FROM STDIN") as out:
            for row in rows:
                out.write_row((*row[:4], list(row[4]), *row[5:], stamp))


def _baseline(chunks: list[list[int]], today) -> tuple[float, int]:
    """Loading the facts plus one COPY of every computed row into a temporary table."""
    from django.db import transaction

    from suivi_sante.schedule import services as schedule

    rows = computed_rows(chunks, today)

    def load() -> None:
        for chunk in chunks:
            schedule.load_facts(chunk, today=today)

    load()  # warm-up: the same pages in PostgreSQL's cache for every measure
    times = []
    for _ in range(ROUNDS):
        with transaction.atomic():
            times.append(_timed(load) + _timed(lambda: copy_rows(rows)))
            transaction.set_rollback(True)
    return min(times), len(rows)


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

    def forget() -> None:  # committed: the rows are a derived cache that the pass writes again
        DueVisit.objects.filter(worker_id__in=ids).delete()

    first = {n: _through_celery(chunks, n, forget) for n in PROCESSES}
    usual = {n: _through_celery(chunks, n, lambda: None) for n in PROCESSES}
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
