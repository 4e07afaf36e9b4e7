"""The benchmark dataset's departed workers (issue 19, item 5): the workforce that passed through
the members during the ten years before the dashboards' window, and their visits.

demo/large.py writes the workers present today and demo/large_history_older.py follows them
since their hire: a post held today by a worker hired three years ago had no one before. Here
each post keeps its headcount over the ten years: the present worker hired after the start of
the period (or during the dashboards' window) succeeded departed workers, one after the other,
back to the start of the period. A departed worker is what the application records when the
employer declares a departure (suivi_sante.workers.services.declare_departure): a Worker still
attached to the member, whose only Employment has an `end_on` in the past, here before the
dashboards' window (so their figures do not change: demo/large_history.py counts the workers
present over those 13 months). Same establishment, job and exposures as the post's present
holder; contract and length of stay drawn (CONTRACTS), a vacancy of up to VACANCY_DAYS between
two holders. Their schedule is settled (nothing due after a departure more than a year old:
suivi_sante.schedule's post-exposure horizon), so the nightly job does not recompute them.

Their visits are those of demo/large_history_older.py (same SQL, same proportions: about 0.45 a
worker a year), over their stay only. Everything is written on the server (a recursive
INSERT ... SELECT, drawn by random() after setseed: deterministic for one dataset), with the
history triggers skipped, as the other history modules do. Idempotent: nothing is written when
visits with DEPARTED_REASON exist (the marker of this batch, written in one transaction).
"""

from __future__ import annotations

import datetime
import time
from collections.abc import Callable

from django.db import connection

from demo.generator import Generator, fr_int
from demo.large import _reserve_ids, indexes_deferred
from demo.large_history import _ignore_triggers
from demo.large_history_older import (
    _draw,
    _rest,
    history_span,
    insert_convocations,
    insert_visits,
    team_staff,
)

DEPARTED_REASON = "Historique ancien du banc d'essai (salariés partis)"
SEED = -0.37  # setseed() takes a number in [-1, 1]; apart from the older visits' stream
# Contract of a departed worker's stay: (contract, weight, shortest and longest stay in days).
CONTRACTS = (
    ("CDI", 45, 365, 3650),
    ("CDD", 40, 60, 540),
    ("INTERIM", 10, 20, 180),
    ("SAISONNIER", 5, 30, 150),
)
VACANCY_DAYS = 45  # at most, between a departure and the next hire on the post
WORKER_KEYS = (
    "id",
    "adherent_id",
    "last_name",
    "first_name",
    "birth_date",
    "sex",
    "category",
    "schedule_stale",
    "schedule_computed_at",
)
EMPLOYMENT_KEYS = (
    "id",
    "worker_id",
    "establishment_id",
    "job_title",
    "contract",
    "pcs_ese_code",
    "start_on",
    "end_on",
    "is_night_work",
    "sir_risks",
    "aptitude_jobs",
)


def departed_present() -> bool:
    from suivi_sante.models import Visit

    return Visit.objects.filter(due_reason=DEPARTED_REASON).exists()


def _stay(draws: str) -> str:
    """SQL: the length of a stay in days, from the draws r_contract and r_stay of `draws`."""
    total = sum(weight for _, weight, _, _ in CONTRACTS)
    lengths = [
        f"{shortest} + floor({draws}.r_stay * {longest - shortest + 1})::int"
        for _, _, shortest, longest in CONTRACTS
    ]
    cases, cumulated = [], 0
    for (_, weight, _, _), length in zip(CONTRACTS[:-1], lengths, strict=False):
        cumulated += weight
        cases.append(f"WHEN {draws}.r_contract < {cumulated / total!r} THEN {length}")
    return f"CASE {' '.join(cases)} ELSE {lengths[-1]} END"


def _chains(cursor, since: datetime.date, until: datetime.date) -> int:
    """A temporary table bench_departed: for each post (a present worker's first employment,
    taken after `since`), its former holders back to `since`, numbered in a fixed order."""
    from suivi_sante.models import Employment, Worker

    draws = (
        "SELECT {start} - 1 - floor(random() * {vacancy})::int AS end_on, random() AS r_contract, "
        "random() AS r_stay, random() AS r_sex, random() AS r_first, random() AS r_last, "
        "random() AS r_age"
    )
    stay = _stay("d")
    contract = _draw([(name, weight) for name, weight, _, _ in CONTRACTS], "r_contract")
    cursor.execute("DROP TABLE IF EXISTS bench_departed")
    # Table names and constants only in the SQL text (S608): no input reaches it.
    cursor.execute(
        f"""
        CREATE TEMP TABLE bench_departed ON COMMIT DROP AS
        WITH RECURSIVE posts AS (
            SELECT DISTINCT ON (e.worker_id) e.worker_id AS post, w.adherent_id,
                   e.establishment_id, e.job_title, e.pcs_ese_code, e.is_night_work,
                   e.sir_risks, e.aptitude_jobs, least(e.start_on, %(until)s) AS taken_on
            FROM {Employment._meta.db_table} e
            JOIN {Worker._meta.db_table} w ON w.id = e.worker_id
            WHERE w.merged_into_id IS NULL AND coalesce(e.end_on, %(until)s) >= %(until)s
            ORDER BY e.worker_id, e.id
        ),
        chain AS (
            SELECT p.post, 1 AS rank, d.*, d.end_on - ({stay}) AS start_on
            FROM posts p
            CROSS JOIN LATERAL ({draws.format(start="p.taken_on", vacancy=VACANCY_DAYS)}) d
            WHERE p.taken_on > %(since)s
            UNION ALL
            SELECT c.post, c.rank + 1, d.*, d.end_on - ({stay}) AS start_on
            FROM chain c
            CROSS JOIN LATERAL ({draws.format(start="c.start_on", vacancy=VACANCY_DAYS)}) d
            WHERE c.start_on > %(since)s
        )
        SELECT row_number() OVER (ORDER BY c.post, c.rank) - 1 AS number, c.*, {contract}
               AS contract, p.adherent_id, p.establishment_id, p.job_title, p.pcs_ese_code,
               p.is_night_work, p.sir_risks, p.aptitude_jobs
        FROM chain c JOIN posts p ON p.post = c.post
        WHERE c.end_on >= %(since)s
        ORDER BY c.post, c.rank
        """,  # noqa: S608
        {"since": since, "until": until},
    )
    return cursor.rowcount


def _insert_workers(cursor, count: int, now, names: Generator) -> tuple[int, int]:
    """The departed workers and their employments, under reserved ids: (first ids)."""
    from suivi_sante.models import Employment, Worker

    worker_id = _reserve_ids(cursor, Worker, count)
    employment_id = _reserve_ids(cursor, Employment, count)
    for model, keys, select in (
        (
            Worker,
            WORKER_KEYS,
            """%(first)s + number, adherent_id,
               (%(last_names)s::text[])[1 + floor(r_last * %(last_count)s)::int],
               CASE WHEN r_sex < 0.5
                    THEN (%(female)s::text[])[1 + floor(r_first * %(female_count)s)::int]
                    ELSE (%(male)s::text[])[1 + floor(r_first * %(male_count)s)::int] END,
               start_on - (6570 + floor(r_age * 14600)::int),
               CASE WHEN r_sex < 0.5 THEN 'F' ELSE 'M' END,
               CASE WHEN cardinality(sir_risks) > 0 THEN 'SIR' ELSE 'SI' END,
               false, %(now)s""",
        ),
        (
            Employment,
            EMPLOYMENT_KEYS,
            """%(first)s + number, %(worker_first)s + number, establishment_id, job_title,
               contract, pcs_ese_code, start_on, end_on, is_night_work, sir_risks,
               aptitude_jobs""",
        ),
    ):
        rest_columns, rest_values = _rest(model, set(keys), now)
        fields = {f.attname: f.column for f in model._meta.concrete_fields}
        columns = ", ".join([*(fields[k] for k in keys), *rest_columns])
        rest = {f"rest_{i}": value for i, value in enumerate(rest_values)}
        cursor.execute(
            f"INSERT INTO {model._meta.db_table} ({columns}) SELECT {select}"  # noqa: S608
            f"{''.join(f', %({name})s' for name in rest)} FROM bench_departed ORDER BY number",
            {
                "first": worker_id if model is Worker else employment_id,
                "worker_first": worker_id,
                "now": now,
                "last_names": names.last_names,
                "last_count": len(names.last_names),
                "female": names.female_names,
                "female_count": len(names.female_names),
                "male": names.male_names,
                "male_count": len(names.male_names),
                **rest,
            },
        )
    return worker_id, employment_id


def _followed(cursor, worker_id: int, employment_id: int, since: datetime.date) -> None:
    """bench_older_workers (as demo/large_history_older.py builds it) for the departed: from
    their hire (or the start of the period) to the day after they left."""
    from adherents.models import Adherent

    cursor.execute("DROP TABLE IF EXISTS bench_older_workers")
    cursor.execute(
        f"""
        CREATE TEMP TABLE bench_older_workers ON COMMIT DROP AS
        SELECT %(worker)s + d.number AS worker_id, %(employment)s + d.number AS employment_id,
               d.establishment_id, a.team_id, d.adherent_id,
               greatest(d.start_on, %(since)s) AS since,
               d.end_on + 1 AS until
        FROM bench_departed d JOIN {Adherent._meta.db_table} a ON a.id = d.adherent_id
        ORDER BY d.number
        """,  # noqa: S608
        {"worker": worker_id, "employment": employment_id, "since": since},
    )
    cursor.execute("ANALYZE bench_older_workers")


def write_departed(today: datetime.date, log: Callable[[str], None]) -> bool:
    """Write the departed workers and their visits unless present (the caller holds the
    transaction); True if written."""
    from suivi_sante.models import Convocation, Employment, Visit, Worker
    from suivi_sante.workers.services_duplicates import rebuild_duplicate_keys

    if departed_present():
        return False
    started = time.monotonic()
    now, until, since, staff, protocols, protocol_from = history_span(today)
    names = Generator(0, today)
    with connection.cursor() as cursor:
        _ignore_triggers(cursor, (Worker, Employment, Visit, Convocation))
        cursor.execute("SELECT setseed(%s)", [SEED])
        count = _chains(cursor, since, until)
        tables = (Worker, Employment, Visit, Convocation)
        with indexes_deferred(cursor, tables):
            worker_id, employment_id = _insert_workers(cursor, count, now, names)
            log(
                f"  {fr_int(count)} salariés partis et leurs emplois "
                f"({time.monotonic() - started:.0f} s)"
            )
            team_staff(cursor, staff, protocols)
            _followed(cursor, worker_id, employment_id, since)
            visits = insert_visits(cursor, protocol_from, now, DEPARTED_REASON)
            convocations = insert_convocations(cursor, now, DEPARTED_REASON)
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
        # The departed workers' duplicate keys, whose trigger was skipped with the others.
        rebuild_duplicate_keys()
        cursor.execute(f"ANALYZE {', '.join(m._meta.db_table for m in tables)}")
    log(
        f"  {fr_int(visits)} visites des salariés partis, {fr_int(convocations)} convocations, "
        f"écrites en {time.monotonic() - started:.0f} s"
    )
    return True
