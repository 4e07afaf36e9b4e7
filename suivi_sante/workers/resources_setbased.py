"""Worker import, set-based (issue 19, item 3): the whole file at once, never a query per line.

1. Every cell is checked column by column in Python (resources_columns: the hire form's fields
   and rules, same French messages).
2. The lines are COPied into a temporary staging table; SQL then finds each line's
   establishment among the centre's (else "Aucun établissement…" on its line) and the workers
   of these members a line may designate (by NIR, or by birth date for the names rule).
3. The valid lines are walked in memory (resources_known): new, changed, unchanged, or refused
   (a qualified identity).
A dry run stops there: nothing is inserted, nothing rolled back. A real import with no error
then writes in the caller's transaction: new workers and posts by one COPY each (their "insert"
events in one statement each), changed ones by bulk_update (pghistory's triggers record each
row, in the import's context), then, once committed, what is due for every written worker
(refresh_due_visits, by chunks).
Staging and look-ups cost the same handful of queries whatever the number of lines.
"""

from __future__ import annotations

import enum
from array import array

import pgtrigger
from django.db import connection, transaction
from django.utils import timezone

from spsti.history import insert_events, insert_trigger, int_array, write_states
from suivi_sante.models import Employment, Worker
from suivi_sante.schedule import services as schedule
from suivi_sante.workers import resources_columns
from suivi_sante.workers.resources_columns import IDENTITY_FIELDS, POST_FIELDS
from suivi_sante.workers.resources_known import NEW_IDS, Known, Person, Post, resolve, states

# pghistory's row trigger, even with its helpers rewritten (spsti/history_functions.py), costs
# about twice the row's own insert (10,000 workers by INSERT … SELECT: 0.21 s without it, 0.72 s
# with it): new rows are inserted with it ignored and their "insert" events written in one
# statement each, the same columns and context as the trigger's (about 6 s less per 100,000
# lines, workers and posts, estimated from these figures).
# What is due, after the commit, by chunks of 5,000 workers (500 elsewhere): the file's workers
# are locked by no one else, and a 100,000-line file then pays 20 chunks' fixed costs (queries,
# commit) instead of 200 (in turn on 20,000 lines: 4.8 to 6.3 s by 2,000, 7.1 to 7.3 s by 500;
# on 100,000: 25.5 and 27.8 s by 5,000, 28.8 and 29.0 s by 2,000).
DUE_CHUNK = 5_000
STAGING = "import_worker_staging"
UNKNOWN_SIRET = "Aucun établissement d'un adhérent de votre centre n'a ce SIRET."

STAGE = f"""
    CREATE TEMPORARY TABLE {STAGING} (
        position integer PRIMARY KEY, siret varchar(14) NOT NULL, valid boolean NOT NULL,
        nir varchar(15), birth_date date, establishment_id bigint, adherent_id bigint
    ) ON COMMIT DROP
"""
DROP = f"DROP TABLE IF EXISTS pg_temp.{STAGING}"
# Each SIRET's establishment among the members of the centre's teams (the oldest if several).
FIND_ESTABLISHMENTS = f"""
    UPDATE {STAGING} AS s SET establishment_id = e.id, adherent_id = e.adherent_id
    FROM (
        SELECT DISTINCT ON (e.siret) e.siret, e.id, e.adherent_id
        FROM adherents_establishment e JOIN adherents_adherent a ON a.id = e.adherent_id
        WHERE e.siret IN (SELECT siret FROM {STAGING}) AND a.team_id = ANY(%s::bigint[])
        ORDER BY e.siret, e.id
    ) AS e
    WHERE e.siret = s.siret
"""  # noqa: S608
# By SIRET, not by line: a few rows to fetch, not one per line.
PLACES = f"""
    SELECT DISTINCT siret, establishment_id, adherent_id FROM {STAGING}
    WHERE establishment_id IS NOT NULL
"""  # noqa: S608
UNKNOWN = f"SELECT position FROM {STAGING} WHERE establishment_id IS NULL"  # noqa: S608
# The workers (not merged) of the lines' members that a valid line may designate: same NIR,
# or same birth date (the names, compared as the row-by-row import does, in Python).
CANDIDATES = f"""
    WITH candidates AS (
        SELECT w.id FROM {STAGING} s JOIN suivi_sante_worker w
            ON w.adherent_id = s.adherent_id AND w.nir = s.nir
        WHERE s.valid AND s.nir <> '' AND w.merged_into_id IS NULL
        UNION
        SELECT w.id FROM {STAGING} s JOIN suivi_sante_worker w
            ON w.adherent_id = s.adherent_id AND w.birth_date = s.birth_date
        WHERE s.valid AND w.merged_into_id IS NULL
    )
    SELECT w.id, w.adherent_id, w.identity_status, {", ".join(f"w.{n}" for n in IDENTITY_FIELDS)}
    FROM suivi_sante_worker w WHERE w.id IN (SELECT id FROM candidates)
"""  # noqa: S608
# The ids of ``n`` new rows, in order, from the table's own sequence (its identity column).
NEXT_IDS = "SELECT nextval(pg_get_serial_sequence(%s, 'id')) FROM generate_series(1, %s)"
POSTS = f"""
    SELECT id, worker_id, establishment_id, start_on, {", ".join(POST_FIELDS)}
    FROM suivi_sante_employment WHERE worker_id = ANY(%s::bigint[])
"""  # noqa: S608


def run(resource, table, indices: list[int], *, dry_run: bool, summary, progress=None) -> None:
    """Check, then (real import with no error) write the lines ``indices`` of ``table``;
    fills ``summary`` (adherents.imports.services.Summary) as the row-by-row import did."""
    checked = resources_columns.check(table, indices)
    total = len(table.rows)
    # The file's cells are all in ``checked`` now: the table's rows are let go (about a third
    # of a 100,000-line import's memory), and ``checked`` before the writes (issue 19, item 6).
    table.rows.clear()
    with transaction.atomic(), connection.cursor() as cursor:
        places = _stage(cursor, checked, resource.team_ids)
        _report_errors(summary, resource, checked)
        outcome = _resolve(cursor, checked, places, resource.labels, _reporter(summary))
        cursor.execute(DROP)  # at once: the caller's transaction may go on (a test's, too)
    del checked, places
    if progress:
        progress(total)
    if dry_run or summary.error_count:
        return
    created, changed = _write(outcome, resource.user)
    written = sorted(created + changed)
    # What is due, once the import is committed, by chunks each in a transaction of its own:
    # the import's transaction (and its locks) stays as short as the file needs, and a failure
    # here never undoes it. Until then the workers are marked stale (new ones are created so):
    # the nightly pass recomputes them if this fails, which is logged (robust) and never turns
    # the committed import into a failure. In the import's Celery task, as it ran before.
    schedule.mark_stale(changed)
    transaction.on_commit(
        lambda: schedule.refresh_due_visits(written, chunk_size=DUE_CHUNK), robust=True
    )


def _stage(cursor, checked, team_ids) -> dict[str, tuple[int, int]]:
    """COPY the lines that have a well-formed SIRET; {SIRET: (establishment, member)}."""
    cursor.execute(DROP)
    cursor.execute(STAGE)
    columns = "position, siret, valid, nir, birth_date"
    with cursor.copy(f"COPY {STAGING} ({columns}) FROM STDIN") as copy:
        nirs, births = checked.values["nir"], checked.values["birth_date"]
        for position, siret in enumerate(checked.sirets):
            errors = checked.errors.get(position, {})
            if not siret or "siret" in errors:
                continue
            valid = not errors
            copy.write_row(
                (position, siret, valid, nirs[position] if valid else None, births[position])
            )
    cursor.execute(FIND_ESTABLISHMENTS, [int_array(team_ids)])
    cursor.execute(PLACES)
    places = {siret: (establishment, adherent) for siret, establishment, adherent in cursor}
    cursor.execute(UNKNOWN)
    for (position,) in cursor:
        checked.add_siret_error(position, UNKNOWN_SIRET)
    return places


def _resolve(cursor, checked, places, labels, report):
    # The rows are read from the cursor one at a time, never as a list of tuples of them all (a
    # file of known workers may designate 100,000 of them).
    cursor.execute(CANDIDATES)
    people = [
        Person(pk, adherent_id, status, **dict(zip(IDENTITY_FIELDS, identity, strict=True)))
        for pk, adherent_id, status, *identity in cursor
    ]
    cursor.execute(POSTS, [int_array(p.pk for p in people)])
    posts = [
        Post(pk, worker, establishment, start, **dict(zip(POST_FIELDS, values, strict=True)))
        for pk, worker, establishment, start, *values in cursor
    ]
    rows = (
        (checked.lines[position], *places[checked.sirets[position]], checked.row(position))
        for position in range(len(checked.indices))
        if position not in checked.errors
    )
    return resolve(Known(people, posts), rows, labels, report)


def _report_errors(summary, resource, checked) -> None:
    for position, errors in sorted(checked.errors.items()):
        for column, messages in errors.items():
            for message in messages:
                summary.add_error(checked.lines[position], resource.label(column), message)


def _reporter(summary):
    """What resolve() tells of each valid line, counted into ``summary`` as row by row."""
    from adherents.imports.services import LIST_CAP

    def report(line: int, kind: str, label: str, changes: list[str]) -> None:
        if kind == "new":
            summary.new += 1
            if len(summary.created) < LIST_CAP:
                summary.created.append({"line": line, "label": label})
        elif kind == "update":
            summary.update += 1
            if len(summary.changed) < LIST_CAP:
                summary.changed.append({"line": line, "label": label, "changes": changes})
        elif kind == "skip":
            summary.skip += 1
        else:
            summary.add_error(line, label or None, kind)

    return report


def _write(outcome, user) -> tuple[list[int], list[int]]:
    """Insert the new workers and posts, update the changed ones; the ids of the workers
    created, and of the known ones changed. The rows go to COPY one at a time, never as a list
    of all of them (issue 19, item 6)."""
    now = timezone.now()
    people = outcome.people
    fresh = [p for p in people if p.pk >= NEW_IDS]
    ids = _copy_new(
        Worker,
        ("adherent_id", *IDENTITY_FIELDS),
        ((p.adherent_id, *states(p, IDENTITY_FIELDS)[0]) for p in fresh),
        len(fresh),
        now,
    )
    # resolve() numbers the new workers NEW_IDS + 1, + 2… in the order they are written.
    if any(p.pk != NEW_IDS + n for n, p in enumerate(fresh, start=1)):
        raise RuntimeError("import: new workers out of order")
    del fresh

    def real(pk: int) -> int:
        return ids[pk - NEW_IDS - 1] if pk >= NEW_IDS else pk

    write_states(
        Worker,
        [
            (real(p.pk), versions)
            for p in people
            if (versions := states(p, IDENTITY_FIELDS)[p.pk >= NEW_IDS :])
        ],
        IDENTITY_FIELDS,
        now,
    )
    posts = outcome.posts
    declared_by = user.pk if user else None
    post_ids = _copy_new(
        Employment,
        ("worker_id", "establishment_id", "start_on", "declared_by_id", *POST_FIELDS),
        (
            (real(p.worker_pk), p.establishment_id, p.start_on, declared_by)
            + states(p, POST_FIELDS)[0]
            for p in posts
            if p.pk is None
        ),
        sum(p.pk is None for p in posts),
        now,
    )
    new_posts = iter(post_ids)
    items = []
    for p in posts:
        pk = next(new_posts) if p.pk is None else p.pk
        if versions := states(p, POST_FIELDS)[p.pk is None :]:
            items.append((pk, versions))
    write_states(Employment, items, POST_FIELDS, now)
    return list(ids), [p.pk for p in people if p.pk < NEW_IDS]


def _plain(value):
    """A value as COPY's text format takes it: a choice (enum) as its stored value, a list as an
    array literal (psycopg would dump each list element by element, in Python)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, list | tuple):
        quoted = (str(_plain(v)).replace("\\", "\\\\").replace('"', '\\"') for v in value)
        return "{" + ",".join(f'"{v}"' for v in quoted) + "}"
    return value


def _copy_new(model, given: tuple[str, ...], rows, count: int, now) -> array:
    """Insert ``count`` rows (``rows``: tuples of the attnames ``given``, read one at a time;
    the fields' defaults for the others, ``now`` for the creation and update times), in their
    order, by one COPY; their new ids, in order.

    Django's bulk_create prepares every value of every row in Python, then psycopg quotes them
    into the statement (most of a 100,000-line import's time); COPY streams plain values. The ids
    are taken from the table's sequence first, inside pgtrigger.ignore: that statement sets its
    setting for the transaction (a COPY is not a statement pgtrigger rewrites), so the insert
    trigger skips the copied rows and insert_events writes their events in one statement."""
    ids = array("q")
    if not count:
        return ids
    meta = model._meta
    rest = [f for f in meta.concrete_fields if not f.primary_key and f.attname not in given]
    # A callable default (list) gives a new object per call: one is enough, never mutated.
    tail = tuple(
        now
        if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False)
        else _plain(f.get_default())
        for f in rest
    )
    names = [meta.get_field(name).column for name in given] + [f.column for f in rest]
    columns = ", ".join(f'"{name}"' for name in names)
    with (
        pgtrigger.ignore(insert_trigger(model)),
        connection.cursor() as cursor,
    ):
        cursor.execute(NEXT_IDS, [meta.db_table, count])
        ids.extend(pk for (pk,) in cursor)
        with cursor.copy(f'COPY "{meta.db_table}" (id, {columns}) FROM STDIN') as copy:
            for pk, row in zip(ids, rows, strict=True):
                copy.write_row((pk, *map(_plain, row), *tail))
    insert_events(model, ids)
    return ids
