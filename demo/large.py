"""The benchmark dataset: 60,000 members, ~78,000 establishments, 1,000,000 workers.

Rows are streamed with PostgreSQL COPY (psycopg 3) under primary keys reserved up front from
the tables' identity sequences, with django-pghistory's insert triggers skipped through
django-pgtrigger's `pgtrigger.ignore` switch: history of generated benchmark rows is noise.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from datetime import date

import pgtrigger
from django.db import connection
from django.db.models import Model
from django.utils import timezone

from accounts.models import Team
from adherents.models import Adherent, Establishment
from demo import reference as ref
from demo.generator import Generator, allocate, fr_int
from suivi_sante.models import Employment, Worker
from suivi_sante.workers.services_duplicates import rebuild_duplicate_keys

LARGE_ADHERENTS = 60_000
LARGE_WORKERS = 1_000_000
TNS_SHARE = 0.05
CHUNK = 50_000  # workers per COPY round (workers, then their employments)
# History triggers skipped while loading (names as django-pgtrigger registers them), and the
# duplicate keys' (suivi_sante/workers/models_duplicates.py): rebuilt once at the end, one
# grouped insert per kind, rather than one grouped upsert per COPY round into a growing table.
IGNORED_TRIGGERS = (
    *(
        f"{model}:insert_insert"
        for model in (
            "adherents.Adherent",
            "adherents.Establishment",
            "suivi_sante.Worker",
            "suivi_sante.Employment",
        )
    ),
    "suivi_sante.Worker:duplicate_keys_insert",
)
ADHERENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "name",
    "siren",
    "naf_code",
    "kind",
    "status",
    "team",
    "joined_on",
    "ended_on",
    "has_cse",
    "legal_form",
    "activity_description",
)
ESTABLISHMENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "adherent",
    "siret",
    "name",
    "is_head_office",
    "address",
    "postal_code",
    "city",
    "convocation_weekdays",
    "convocation_half_day",
    "kind",
    "opening_hours",
)
WORKER_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "adherent",
    "last_name",
    "first_name",
    "birth_date",
    "sex",
    "nir",
    "ins_oid",
    "identity_status",
    "is_disabled",
    "has_invalidity_pension",
    "is_pregnant",
    "category",
    "category_justification",
    "category_source",
    "category_override_reason",
    "schedule_stale",
)
# Values of the worker columns the generator does not draw: the nightly job derives the rest.
WORKER_DEFAULTS = ("", "", "provisional", False, False, False, "SI", "", "derived", "", True)
EMPLOYMENT_COLUMNS = (
    "id",
    "created_at",
    "updated_at",
    "worker",
    "establishment",
    "job_title",
    "contract",
    "start_on",
    "end_on",
    "is_night_work",
    "sir_risks",
    "aptitude_jobs",
    "pcs_ese_code",
)


def _reserve_ids(cursor, model: type[Model], count: int) -> int:
    """Reserve `count` consecutive primary keys of the model's sequence; return the first."""
    cursor.execute("SELECT pg_get_serial_sequence(%s, 'id')", [model._meta.db_table])
    sequence = cursor.fetchone()[0]
    cursor.execute("SELECT nextval(%s)", [sequence])
    first = cursor.fetchone()[0]
    if count > 1:
        cursor.execute("SELECT setval(%s, %s)", [sequence, first + count - 1])
    return first


@contextmanager
def indexes_deferred(cursor, models: Iterable[type[Model]]) -> Iterator[None]:
    """Drop the models' foreign keys and plain indexes (those backing no constraint) for the
    block, then build the indexes and add the same foreign keys again: one sorted build per
    index and one join per foreign key over the whole table, instead of a B-tree insertion per
    row and index and a locking lookup per row and foreign key, which a bulk load of millions
    of rows into tables with ten indexes and eight foreign keys cannot afford. Every constraint
    is checked again over every row at the end (unique indexes when built, foreign keys when
    added); within the caller's transaction (a failure rolls the drop back); nested, the inner
    block finds nothing to drop."""
    tables = [model._meta.db_table for model in models]
    cursor.execute(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) FROM pg_index i "
        "WHERE i.indrelid = ANY(%s::regclass[]) AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) ORDER BY 1",
        [tables],
    )
    indexes = cursor.fetchall()
    cursor.execute(
        "SELECT conrelid::regclass::text, quote_ident(conname), pg_get_constraintdef(oid) "
        "FROM pg_constraint WHERE contype = 'f' AND conrelid = ANY(%s::regclass[]) ORDER BY 1, 2",
        [tables],
    )
    foreign_keys = cursor.fetchall()
    # Checks already pending (deferred, Django's default) on these tables would forbid the drop.
    cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    cursor.execute("SET CONSTRAINTS ALL DEFERRED")
    for table, name, _ in foreign_keys:
        cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {name}")
    for name, _ in indexes:
        cursor.execute(f"DROP INDEX {name}")
    yield
    cursor.execute("SET LOCAL maintenance_work_mem = '512MB'")
    for _, definition in indexes:
        cursor.execute(definition)
    for table, name, definition in foreign_keys:
        cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}")


def _kind(row: tuple) -> str:
    """The establishment's kind from its plan row (adherent, siret, name, is_head_office, …)."""
    return Establishment.Kind.HEAD_OFFICE if row[3] else Establishment.Kind.SITE


def _copy(cursor, model: type[Model], columns: tuple[str, ...], rows: Iterable[tuple]) -> None:
    table = connection.ops.quote_name(model._meta.db_table)
    names = ", ".join(connection.ops.quote_name(model._meta.get_field(c).column) for c in columns)
    with cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:
        for row in rows:
            copy.write_row(row)


def _ignore_history_triggers(cursor) -> None:
    """Set, for this transaction, the variable read by pgtrigger's ignore function.

    `pgtrigger.ignore()` sets it by rewriting the statements Django executes; COPY goes to the
    psycopg cursor directly, so the variable is set here with the same trigger identifiers.
    """
    pgids = [trigger.get_pgid(model) for model, trigger in pgtrigger.registered(*IGNORED_TRIGGERS)]
    cursor.execute("SELECT set_config('pgtrigger.ignore', %s, true)", ["{" + ",".join(pgids) + "}"])


def _team_communes() -> list[tuple[int, tuple[tuple[str, str], ...]]]:
    by_center = {c["name"]: c["communes"] for c in ref.CENTERS}
    every = tuple(commune for c in ref.CENTERS for commune in c["communes"])
    return [
        (team_id, by_center.get(center, every))
        for team_id, center in Team.objects.order_by("pk").values_list("pk", "center__name")
    ]


def write_large(
    seed: int,
    today: date,
    log: Callable[[str], None],
    *,
    adherents_total: int = LARGE_ADHERENTS,
    workers_total: int = LARGE_WORKERS,
) -> None:
    """Add members and workers up to the totals; the caller holds the transaction."""
    started = time.monotonic()
    new_adherents = adherents_total - Adherent.objects.count()
    new_workers = max(workers_total - Worker.objects.count(), 0)
    if new_adherents <= 0:
        return
    gen = Generator(seed + 1_000_003, today)  # a stream of its own, apart from the small plan
    rng = gen.rng
    teams = _team_communes()
    now = timezone.now()

    adherents: list[tuple] = []
    establishments: list[tuple] = []
    plans: list[tuple[int, tuple[str, ...], list[int]]] = []  # (adherent id, jobs, estab ids)
    sizes: list[int] = []
    weights: list[float] = []
    first_names = gen.female_names + gen.male_names
    with connection.cursor() as cursor:
        _ignore_history_triggers(cursor)
        adherent_id = _reserve_ids(cursor, Adherent, new_adherents)
        for number in range(new_adherents):
            tns = rng.random() < TNS_SHARE
            naf = gen.naf_code(tns)
            if tns:
                name = f"{rng.choice(first_names)} {rng.choice(gen.last_names)}"
            else:
                name = gen.company_name(naf)
            siren = gen.counter_siren(number)
            team_id, communes = rng.choice(teams)
            count = gen.establishment_count(tns)
            status, joined_on = gen.status(), gen.joined_on()
            adherents.append(
                (
                    adherent_id + number,
                    now,
                    now,
                    name,
                    siren,
                    naf,
                    "tns" if tns else "company",
                    status,
                    team_id,
                    joined_on,
                    gen.ended_on(status, joined_on),
                )
            )
            own = []
            for rank in range(1, count + 1):
                own.append(len(establishments))
                establishments.append(
                    (adherent_id + number, *gen.establishment(name, siren, rank, communes))
                )
            plans.append((adherent_id + number, ref.jobs_for(naf), own))
            sizes.append(rng.randint(0, 2) if tns else 0)
            weights.append(0.0 if tns else min(rng.paretovariate(1.3), 3000.0))
        _copy(cursor, Adherent, ADHERENT_COLUMNS, ((*row, False, "", "") for row in adherents))
        log(f"  {fr_int(len(adherents))} adhérents ({time.monotonic() - started:.0f} s)")

        establishment_id = _reserve_ids(cursor, Establishment, len(establishments))
        _copy(
            cursor,
            Establishment,
            ESTABLISHMENT_COLUMNS,
            (
                (establishment_id + i, now, now, *row, [], "", _kind(row), "")
                for i, row in enumerate(establishments)
            ),
        )
        log(f"  {fr_int(len(establishments))} établissements ({time.monotonic() - started:.0f} s)")

        companies = [i for i, w in enumerate(weights) if w > 0]
        spread = allocate(max(new_workers - sum(sizes), 0), [weights[i] for i in companies])
        for i, size in zip(companies, spread, strict=True):
            sizes[i] = size
        total = sum(sizes)
        worker_id = _reserve_ids(cursor, Worker, total)
        employment_id = _reserve_ids(cursor, Employment, total)
        done = 0
        workers: list[tuple] = []
        employments: list[tuple] = []
        for (owner, jobs, own), size in zip(plans, sizes, strict=True):
            for _ in range(size):
                w = gen.worker(jobs, len(own))
                workers.append((worker_id + done, now, now, owner, *w[:4], *WORKER_DEFAULTS))
                employments.append(
                    (
                        employment_id + done,
                        now,
                        now,
                        worker_id + done,
                        establishment_id + own[w[4]],
                        *w[5:],
                        "",
                    )
                )
                done += 1
                if len(workers) == CHUNK or done == total:
                    _copy(cursor, Worker, WORKER_COLUMNS, workers)
                    _copy(cursor, Employment, EMPLOYMENT_COLUMNS, employments)
                    workers, employments = [], []
                    log(
                        f"  salariés : {fr_int(done)} / {fr_int(total)} "
                        f"({time.monotonic() - started:.0f} s)"
                    )
        cursor.execute("SELECT set_config('pgtrigger.ignore', '{}', true)")
        rebuild_duplicate_keys()
        log(f"  clés de doublons ({time.monotonic() - started:.0f} s)")
        for model in (Adherent, Establishment, Worker, Employment):
            cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")
