"""The due recompute against its baseline timed in turn, in one process (no Celery).

`bench/due.py` takes the best of three rounds of each measure, one measure after the other: on
a shared machine the load moves between the baseline's rounds and the pass's, and the ratio
with it. Here every round times the baseline (as in bench/due.py: the chunks' facts loaded and
their rows, computed once beforehand, COPied into a temporary table; rolled back) and then the
pass on the same workers (``refresh_due_visits``): the usual pass (nothing changed) with
``bench.timing.paired_median_ms``, then the first pass (the workers' rows deleted, untimed,
before each pass). Medians of ``ROUNDS``.

    DEBUG=true DATABASE_URL=<the bench database> python -c "import bench.due_paired as b; b.main()"
"""

from __future__ import annotations

import os
import statistics
import time

SAMPLE = 4_000
ROUNDS = 7


def run(sample: int = SAMPLE, rounds: int = ROUNDS) -> None:
    from django.db import transaction
    from django.utils import timezone

    from bench.due import _sample_ids, computed_rows, copy_rows
    from bench.timing import paired_median_ms
    from suivi_sante.models import DueVisit
    from suivi_sante.schedule import services as schedule

    today = timezone.localdate()
    ids = _sample_ids(sample)
    chunks = [list(chunk) for chunk in schedule.batched(ids, schedule.CHUNK_SIZE)]
    rows = computed_rows(chunks, today)

    def baseline() -> None:
        with transaction.atomic():
            for chunk in chunks:
                schedule.load_facts(chunk, today=today)
            copy_rows(rows)
            transaction.set_rollback(True)

    def usual() -> None:
        schedule.refresh_due_visits(ids, today=today)

    base_ms, usual_ms = paired_median_ms(baseline, usual, rounds)
    bases, firsts = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        baseline()
        bases.append((time.perf_counter() - start) * 1000)
        DueVisit.objects.filter(worker_id__in=ids).delete()  # committed, untimed
        start = time.perf_counter()
        usual()
        firsts.append((time.perf_counter() - start) * 1000)
    first_base, first_ms = statistics.median(bases), statistics.median(firsts)
    print(  # noqa: T201
        f"échéances, apparié en processus ({len(ids):,} salariés, {len(rows):,} échéances, "
        f"médiane de {rounds} tours) : base {base_ms:.0f} ms, passe habituelle {usual_ms:.0f} ms "
        f"(ratio {usual_ms / base_ms:.2f}) | base {first_base:.0f} ms, premier passage "
        f"{first_ms:.0f} ms (ratio {first_ms / first_base:.2f})"
    )


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spsti.settings")
    os.environ.setdefault("DEBUG", "true")
    import django

    django.setup()
    run()
