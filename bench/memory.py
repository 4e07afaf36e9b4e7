"""`make bench`: peak memory (issue 19, item 6), each measure in a fresh process of its own.

- A recompute worker: a process runs the weekly pass's chunk task (``recompute_due_chunk``,
  CHUNK_SIZE workers, one transaction) over a sample of the dataset, chunk after chunk, as a Celery
  worker's child does. Goal: under 500 MB.
- A worker import (100,000 lines by default, see IMPORT_ROWS): a CSV of new workers in the
  import's format (``salaries``: SIRET of an establishment of the centre, names, birth date,
  sex, post, hiring date) goes through the import's dry run (``services.process``, as the
  Celery task runs it). Goal: under 300 MB for 100,000 lines.
- The real import of the same file, end to end as its Celery task runs it: read, checks,
  writes and history, then what is due for the written workers (the import's on_commit
  callback, in the same process). It runs inside a transaction rolled back at the end (its
  callbacks run before the rollback): the dataset stays as seeded. The peak is read after the
  import itself and again after what is due.

Each child prints its peak resident set (VmHWM of /proc/self/status: the process alone, the
interpreter and Django included) and its time; the parent prints them against their goals.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

RECOMPUTE_SAMPLE = 20_000
RECOMPUTE_GOAL_MB = 500
IMPORT_GOAL_ROWS = 100_000
IMPORT_GOAL_MB = 300
# The set-based worker import (issue 19) checks 100,000 lines in seconds: the goal's own size.
IMPORT_ROWS = IMPORT_GOAL_ROWS


def _peak_mb() -> float:
    """This process's peak resident set (VmHWM), in MB."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _recompute(sample: int) -> dict:
    from bench.due import _sample_ids
    from suivi_sante.schedule import services as schedule
    from suivi_sante.schedule.tasks import recompute_due_chunk

    ids = _sample_ids(sample)
    start = time.perf_counter()
    done = sum(recompute_due_chunk(list(c)) for c in schedule.batched(ids, schedule.CHUNK_SIZE))
    return {"count": done, "seconds": time.perf_counter() - start}


def workers_csv(siret: str, rows: int) -> bytes:
    """``rows`` new workers in the import's format, at the establishment ``siret``."""
    lines = ["siret;nom;prenom;date_naissance;sexe;poste;contrat;date_embauche"]
    for i in range(rows):
        sex = "F" if i % 2 else "M"
        born = f"{1 + i % 28:02d}/{1 + i % 12:02d}/{1960 + i % 45}"
        lines.append(f"{siret};Banc{i:06d};Camille;{born};{sex};Manutentionnaire;CDI;02/03/2026")
    return "\n".join(lines).encode()


def _import(rows: int) -> dict:
    from adherents.imports.resources import build_resource
    from adherents.imports.services import _table_for, process
    from adherents.models import Establishment

    establishment = Establishment.objects.select_related("adherent").order_by("pk").first()
    content = workers_csv(establishment.siret, rows)
    resource = build_resource("workers", team_ids=[establishment.adherent.team_id])
    start = time.perf_counter()
    summary = process(_table_for("banc.csv", content, resource), resource, dry_run=True)
    seconds = time.perf_counter() - start
    errors = summary.error_count
    return {"count": rows, "seconds": seconds, "errors": errors}


def _import_real(rows: int) -> dict:
    from django.db import transaction
    from django.test import TestCase

    from accounts.models import User
    from adherents.imports.resources import build_resource
    from adherents.imports.services import _table_for, process
    from adherents.models import Establishment

    establishment = Establishment.objects.select_related("adherent").order_by("pk").first()
    user = User.objects.filter(is_staff=True).order_by("pk").first()
    content = workers_csv(establishment.siret, rows)
    resource = build_resource("workers", team_ids=[establishment.adherent.team_id], user=user)
    start = time.perf_counter()
    with transaction.atomic():
        # The import's on_commit callback (what is due) runs at the end of this block, still
        # inside the outer transaction, which is then rolled back.
        with TestCase.captureOnCommitCallbacks(execute=True):
            summary = process(_table_for("banc.csv", content, resource), resource, dry_run=False)
            imported, import_peak = time.perf_counter() - start, _peak_mb()
        transaction.set_rollback(True)
    seconds = time.perf_counter() - start
    assert summary.new == rows - summary.error_count, summary.as_json()["new"]
    return {
        "count": rows,
        "seconds": seconds,
        "import_seconds": imported,
        "import_peak_mb": import_peak,
        "errors": summary.error_count,
    }


def child(kind: str, size: int) -> None:
    """The measured process: one measure, then one JSON line with its peak memory."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "spsti.settings")
    django.setup()
    measures = {"recompute": _recompute, "import": _import, "import-real": _import_real}
    result = measures[kind](size)
    result["peak_mb"] = _peak_mb()
    print(json.dumps(result))  # noqa: T201


def measure(kind: str, size: int) -> dict:
    """Run ``child`` in a fresh interpreter on this process's database; its JSON result."""
    done = subprocess.run(  # noqa: S603 - our own module, fixed arguments
        [sys.executable, "-m", "bench.memory", kind, str(size)],
        cwd=ROOT,
        env=os.environ.copy(),
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def _verdict(peak: float, goal: int) -> str:
    return "dans l'objectif" if peak < goal else "HORS OBJECTIF"


def _import_verdict(peak: float, rows: int) -> str:
    """An import's peak against its goal, which a file shorter than the goal's cannot show."""
    if rows < IMPORT_GOAL_ROWS:
        return "non démontré (moins de lignes que l'objectif)"
    return _verdict(peak, IMPORT_GOAL_MB)


def run(sample: int = RECOMPUTE_SAMPLE, rows: int = IMPORT_ROWS) -> tuple[dict, dict, dict]:
    """Print the peak memory of a recompute worker and of a worker import (its dry run, then
    the real import, rolled back)."""
    from suivi_sante.schedule.services import CHUNK_SIZE

    recompute = measure("recompute", sample)
    print(  # noqa: T201
        f"{'mémoire : processus de recalcul':<40} pic {recompute['peak_mb']:6.0f} Mo "
        f"({recompute['count']:,} salariés en lots de {CHUNK_SIZE:,}, "
        f"{recompute['seconds']:.0f} s) | "
        f"objectif < {RECOMPUTE_GOAL_MB} Mo : {_verdict(recompute['peak_mb'], RECOMPUTE_GOAL_MB)}"
    )
    imported = measure("import", rows)
    note = "" if rows == IMPORT_GOAL_ROWS else f" ; mesuré sur {rows:,} lignes, pas 100 000"
    print(  # noqa: T201
        f"{'mémoire : import de salariés (simulation)':<40} pic {imported['peak_mb']:6.0f} Mo "
        f"({imported['count']:,} lignes, {imported['seconds']:.0f} s, "
        f"{imported['errors']} refusées{note}) | objectif < {IMPORT_GOAL_MB} Mo "
        f"pour 100 000 lignes : " + _import_verdict(imported["peak_mb"], rows)
    )
    real = measure("import-real", rows)
    print(  # noqa: T201
        f"{'mémoire : import de salariés (réel)':<40} pic {real['import_peak_mb']:6.0f} Mo "
        f"après l'import ({real['import_seconds']:.0f} s), {real['peak_mb']:6.0f} Mo avec "
        f"les échéances ({real['seconds']:.0f} s ; transaction annulée) | objectif < "
        f"{IMPORT_GOAL_MB} Mo pour 100 000 lignes : " + _import_verdict(real["peak_mb"], rows)
    )
    return recompute, imported, real


if __name__ == "__main__":
    child(sys.argv[1], int(sys.argv[2]))
