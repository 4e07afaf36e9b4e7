"""`make bench`: the full recomputation of what is due, as time per 100,000 workers.

A sample of workers of the large dataset is recomputed chunk by chunk, each chunk exactly as the
weekly pass's chunk task runs it (``refresh_due_visits`` on ``CHUNK_SIZE`` ids, one
transaction). Printed:

- the baseline: loading the same chunks' facts (the five reads) plus writing every computed row
  with COPY into a temporary table shaped like the real one, its indexes included (rolled
  back): the least any recomputation must pay;
- the first pass, every row to write: the sample's rows are deleted (committed, untimed: they
  are a derived cache that the pass writes again);
- the usual weekly pass, nothing or little changed since the last one (only changes are
  written), over the rows the first pass left.

Each pass sends the chunk tasks (``recompute_due_chunk``, as the weekly pass fans them out) to a
real Celery worker: one started with ``--concurrency 1`` and one with 2, each on a queue of its
own, both up for the whole measure (an idle worker waits on its queue). Each process takes one
chunk at a time with its own database connection (this machine's two cores, shared with
PostgreSQL, are the limit; more machines mean more such processes). The measures are paired:
every round times the baseline, then the first and the usual pass on one process, then on two,
so that the load of a shared machine moves all of them alike; each figure is the median of
``ROUNDS``, printed with the load average (uptime) over the rounds. The ratio is a pass on one
process over the baseline; 1,000,000 workers are extrapolated from the sample on one and on two
processes. The sample's rows end as the engine computes them.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

SAMPLE = 20_000
PER = 100_000
PROCESSES = (1, 2)
ROUNDS = 3  # paired rounds, each timing every measure once: the median is the figure


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def _sample_ids(size: int) -> list[int]:
    """``size`` workers in post today from the middle of the table, by keyset (ids are dense at
    seed). Workers whose posts ended (demo/large_history_departed.py: most of the large
    dataset's rows, after the present ones) are left out: the figure is the followed workers'
    cost, and a sample of departed ones would time a pass with little to compute."""
    from django.db.models import Exists, OuterRef, Q
    from django.utils import timezone

    from suivi_sante.models import Employment, Worker

    today = timezone.localdate()
    running = Employment.objects.filter(
        Q(end_on__isnull=True) | Q(end_on__gte=today), worker=OuterRef("pk")
    )
    present = Worker.objects.filter(Exists(running))
    first = present.order_by("pk").values_list("pk", flat=True).first() or 0
    last = present.order_by("-pk").values_list("pk", flat=True).first() or 0
    middle = max(first, (first + last) // 2 - size // 2)
    ids = present.filter(pk__gte=middle).order_by("pk").values_list("pk", flat=True)
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


def _through_celery(queue: str, chunks: list[list[int]]) -> float:
    """Time for a Celery worker to run every chunk task, as the weekly pass sends them
    (``recompute_all_due_visits``: one per chunk)."""
    from suivi_sante.schedule import tasks

    start = time.perf_counter()
    done = sum(tasks.recompute_group(chunks).apply_async(queue=queue).get(timeout=1800))
    assert done == sum(len(c) for c in chunks), done
    return time.perf_counter() - start


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
        columns = (
            "worker_id, team_id, kind, due_on, performers, legal_reference, reason, adherent_id"
        )
        with cursor.copy(f"COPY bench_due ({columns}, computed_at) FROM STDIN") as out:
            for row in rows:
                out.write_row((*row[:4], list(row[4]), *row[5:], stamp))


def _load_average() -> float:
    return os.getloadavg()[0]


def _rounds(chunks: list[list[int]], ids: list[int], today) -> tuple[dict[str, float], float, int]:
    """Medians of ``ROUNDS`` paired rounds: the baseline, then per number of processes the first
    pass (rows deleted beforehand, untimed) and the usual one; and the mean load average."""
    from django.db import transaction

    from suivi_sante.models import DueVisit
    from suivi_sante.schedule import services as schedule
    from suivi_sante.schedule import tasks

    rows = computed_rows(chunks, today)

    def baseline() -> float:
        with transaction.atomic():
            spent = _timed(lambda: [schedule.load_facts(chunk, today=today) for chunk in chunks])
            spent += _timed(lambda: copy_rows(rows))
            transaction.set_rollback(True)
        return spent

    def forget() -> None:  # committed: the rows are a derived cache that the pass writes again
        DueVisit.objects.filter(worker_id__in=ids).delete()

    samples: dict[str, list[float]] = {}
    loads = []
    with ExitStack() as stack:
        queues = {n: stack.enter_context(_celery_worker(n)) for n in PROCESSES}
        for n, queue in queues.items():  # up once it answers; each child opens its connection
            tasks.recompute_group([[]] * n).apply_async(queue=queue).get(timeout=180)
        baseline()  # warm-up: the same pages in PostgreSQL's cache for every measure
        for _ in range(ROUNDS):
            loads.append(_load_average())
            samples.setdefault("base", []).append(baseline())
            for n, queue in queues.items():
                forget()
                samples.setdefault(f"first {n}", []).append(_through_celery(queue, chunks))
                samples.setdefault(f"usual {n}", []).append(_through_celery(queue, chunks))
            loads.append(_load_average())
    medians = {key: statistics.median(times) for key, times in samples.items()}
    return medians, statistics.mean(loads), len(rows)


def run(sample: int = SAMPLE) -> None:
    """Print the recomputation's times per 100,000 workers and their ratio to the baseline."""
    from django.utils import timezone

    from suivi_sante.schedule import services as schedule

    today = timezone.localdate()
    ids = _sample_ids(sample)
    if not ids:
        print("Échéances : aucun salarié dans le jeu de données.")  # noqa: T201
        return
    chunks = [list(chunk) for chunk in schedule.batched(ids, schedule.CHUNK_SIZE)]
    times, load, rows = _rounds(chunks, ids, today)
    scale = PER / len(ids)
    base = times["base"]

    def line(label: str, pass_: str) -> str:
        one, two = times[f"{pass_} 1"], times[f"{pass_} 2"]
        million = {n: times[f"{pass_} {n}"] * 1_000_000 / len(ids) / 60 for n in PROCESSES}
        return (
            f"{label:<40} {one * scale:7.1f} s / 100 000 salariés (1 processus) | "
            f"{two * scale:6.1f} s (2 processus, x{one / two:4.2f}) | "
            f"ratio {one / base:5.2f} | 1 000 000 : ~{million[1]:.1f} min sur 1 processus, "
            f"~{million[2]:.1f} min sur 2"
        )

    print(  # noqa: T201
        f"{'échéances : chargement + COPY (base)':<40} {base * scale:7.1f} s / 100 000 "
        f"salariés ({len(ids):,} salariés en {len(chunks)} lots de {schedule.CHUNK_SIZE}, "
        f"{rows:,} échéances ; médianes de {ROUNDS} tours appariés, charge moyenne {load:.1f})\n"
        + line("échéances : recalcul complet habituel", "usual")
        + "\n"
        + line("échéances : premier passage (tout écrit)", "first")
    )
