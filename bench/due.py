"""`make bench`: the full recomputation of what is due, as time per 100,000 workers.

A sample of workers of the large dataset is recomputed in-process, chunk by chunk, exactly as
the weekly pass's chunk tasks do (one transaction of 500 workers each), then rolled back so
that the dataset stays as seeded. The baseline, in the same run, only loads the same chunks'
facts (the five reads); the ratio is the price of the engine and of the writes.
"""

from __future__ import annotations

import time
from collections.abc import Callable

SAMPLE = 20_000
PER = 100_000


def _timed(action: Callable[[], None]) -> float:
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


def run(sample: int = SAMPLE) -> None:
    """Print the recomputation time per 100,000 workers and its ratio to loading the facts."""
    from django.db import transaction
    from django.utils import timezone

    from suivi_sante.models import DueVisit
    from suivi_sante.schedule import services as schedule

    today = timezone.localdate()
    ids = _sample_ids(sample)
    if not ids:
        print("Échéances : aucun salarié dans le jeu de données.")  # noqa: T201
        return
    chunks = [list(chunk) for chunk in schedule.batched(ids, schedule.CHUNK_SIZE)]
    counted: dict[str, int] = {}

    def load() -> None:
        for chunk in chunks:
            schedule.load_facts(chunk, today=today)

    def recompute() -> None:
        with transaction.atomic():  # each chunk a savepoint, as light as its own transaction
            for chunk in chunks:
                schedule.refresh_due_visits(chunk, today=today)
            counted["rows"] = DueVisit.objects.filter(worker_id__in=ids).count()
            transaction.set_rollback(True)  # the dataset stays as seeded

    load()  # warm-up: the same pages in PostgreSQL's cache for both measures
    load_s, full_s = _timed(load), _timed(recompute)
    scale = PER / len(ids)
    print(  # noqa: T201
        f"{'échéances : recalcul complet':<40} {full_s * scale:7.1f} s / 100 000 salariés | "
        f"chargement des faits seul {load_s * scale:6.1f} s | ratio {full_s / load_s:5.2f} "
        f"({len(ids):,} salariés en {len(chunks)} lots de {schedule.CHUNK_SIZE}, "
        f"{counted.get('rows', 0):,} échéances ; 1 000 000 de salariés : "
        f"~{full_s * 1_000_000 / len(ids) / 60:.0f} min sur un seul processus)"
    )
