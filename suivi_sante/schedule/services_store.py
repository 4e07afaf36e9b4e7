"""Storing a chunk's computed due rows: only what changed is written (issue 19).

The weekly pass recomputes every worker, and most of them owe the same visits as a week before:
the chunk's stored rows are read once, compared in Python with the engine's, and only the
differences are written, in two statements at most whatever their number (deletes by id and
updates in place that keep the row's id in one, inserts by COPY). A worker row is written only
when its own fields change (stale flag, category, justification, first computation), not when
only its due rows move.
"""

from __future__ import annotations

import datetime
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import pghistory
from django.db import connection
from django.db.models import Lookup

from spsti.history import int_array


class AnyOf(Lookup):
    """``column = ANY(ids)``: one array parameter, where ``__in`` sends one placeholder per id
    (500 a chunk, each prepared by Django then parsed by psycopg: a third of a weekly chunk's
    time in `make bench` when nothing changed)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*params, int_array(self.rhs))


# A due row as compared and written: (worker, team, kind, due_on, performers, article, reason,
# member). The member last: the worker's, which the database keeps on the row (suivi_sante 0024:
# a worker's move takes its rows along), compared like the rest.
Row = tuple[int, int, str, datetime.date, tuple[str, ...], str, str, int]


@dataclass
class Changes:
    """What a chunk must write to its stored rows: nothing for what did not change."""

    deleted: list[int] = field(default_factory=list)  # DueVisit ids
    updated: list[tuple[int, Row]] = field(default_factory=list)  # (DueVisit id, new row)
    inserted: list[Row] = field(default_factory=list)

    def __bool__(self) -> bool:
        return bool(self.deleted or self.updated or self.inserted)


def diff_rows(stored: Iterable[tuple[int, Row]], computed: Iterable[Row]) -> Changes:
    """The fewest writes that turn the stored rows (with their ids) into the computed ones.

    An identical row is kept (its id and computed_at too); a row of the same worker and kind
    whose date, performers, article or reason moved is updated in place; the others are
    deleted or inserted. A kind may repeat for a worker (two missed reprise visits).
    """
    if not stored:  # a first computation: every row is new, nothing to pair (no per-row work)
        return Changes(inserted=list(computed))
    unchanged: dict[Row, list[int]] = {}
    for pk, row in stored:
        unchanged.setdefault(row, []).append(pk)
    fresh: list[Row] = []
    for row in computed:
        same = unchanged.get(row)
        if same:
            same.pop()
        else:
            fresh.append(row)
    changes = Changes()
    by_kind: dict[tuple[int, str], list[int]] = {}
    for row, pks in unchanged.items():
        for pk in pks:
            by_kind.setdefault((row[0], row[2]), []).append(pk)
    for row in fresh:
        reusable = by_kind.get((row[0], row[2]))
        if reusable:
            changes.updated.append((reusable.pop(), row))
        else:
            changes.inserted.append(row)
    for pks in by_kind.values():
        changes.deleted += pks
    changes.deleted.sort()
    return changes


STORED_ROWS = """
    SELECT id, worker_id, team_id, kind, due_on, performers, legal_reference, reason, adherent_id
    FROM suivi_sante_duevisit
    WHERE worker_id = ANY(%s::bigint[])
"""

# The deletes by id and the updates in place, in one statement (an empty list writes nothing).
# The updated rows travel as one JSON array of arrays: psycopg quotes a Python list of strings
# or dates element by element, in Python; json.dumps is C. Performers are array literals
# ('{physician,nurse}'). The two parts touch distinct rows (diff_rows). The member too, the
# worker's as the chunk read it under lock (a row never moves to another worker).
WRITE_CHANGES = """
    WITH deleted AS (
        DELETE FROM "suivi_sante_duevisit" WHERE id = ANY(%(deleted)s::bigint[])
    )
    UPDATE "suivi_sante_duevisit" AS d
    SET team_id = (u.r->>1)::bigint, kind = u.r->>2, due_on = (u.r->>3)::date,
        performers = (u.r->>4)::varchar(10)[], legal_reference = u.r->>5,
        reason = u.r->>6, adherent_id = (u.r->>7)::bigint, computed_at = %(now)s
    FROM jsonb_array_elements(%(updated)s::jsonb) AS u(r)
    WHERE d.id = (u.r->>0)::bigint
"""

# The inserted rows go by COPY, in the engine's order (ids follow it, as the INSERT's ORDER BY
# did): the first pass writes every row of the chunk, and an INSERT from a JSON array paid the
# parsing of the document and the casts of each value (the baseline's COPY does not). COPY
# still fills every index and queues the foreign keys' checks (deferred, run at commit).
COPY_INSERTED = """
    COPY "suivi_sante_duevisit" (
        worker_id, team_id, kind, due_on, performers, legal_reference, reason, adherent_id,
        computed_at
    )
    FROM STDIN
"""


def _array_literal(values: tuple[str, ...]) -> str:
    """A PostgreSQL array literal of plain codes (performers: letters only, no quoting)."""
    return "{" + ",".join(values) + "}"


def _json(row: Row, first) -> list:
    """An updated row as WRITE_CHANGES reads it: the row's id, team, kind, date, performers,
    article, reason, member (an update never moves a row to another worker)."""
    _worker, team, kind, due, performers, reference, reason, adherent = row
    performers = _array_literal(performers)
    return [first, team, kind, due.isoformat(), performers, reference, reason, adherent]


def _write(cursor, changes: Changes, now: datetime.datetime) -> None:
    if changes.deleted or changes.updated:
        params = {
            "now": now,
            "deleted": int_array(changes.deleted),
            "updated": json.dumps([_json(row, pk) for pk, row in changes.updated]),
        }
        cursor.execute(WRITE_CHANGES, params)
    if changes.inserted:
        stamp = now.isoformat()  # one text for every row, instead of a timestamp dumped each
        with cursor.copy(COPY_INSERTED) as copy:
            for worker, team, kind, due, performers, *rest in changes.inserted:
                copy.write_row((worker, team, kind, due, _array_literal(performers), *rest, stamp))


# One statement for the chunk's workers: Django's bulk_update builds a CASE per row and field
# in Python (70 % of a chunk's time in `make bench`), and two updates would write each row twice.
# The workers travel as one JSON array, as the due rows do. A NULL category or justification
# keeps the stored one. A worker row is written only when one of its own fields changes: it was
# stale, never computed, or its category or justification moved. A worker whose due rows alone
# moved (dates going by, a reworded reason) is not written: those rows carry their own
# computed_at, and the worker's update was the first pass's dearest write (a new version of
# the row in each of the table's twelve indexes: ≈ 40 ms a chunk of 500 in `make bench`).
# schedule_computed_at is therefore the time the worker was last recomputed after being
# flagged, or its category last changed.
WORKER_UPDATE = """
    UPDATE suivi_sante_worker AS w
    SET schedule_stale = false,
        schedule_computed_at = %s,
        category = coalesce(v.category, w.category),
        category_justification = coalesce(v.justification, w.category_justification)
    FROM (
        SELECT (e.r->>0)::bigint AS id, e.r->>1 AS category, e.r->>2 AS justification
        FROM jsonb_array_elements(%s::jsonb) AS e(r)
    ) AS v
    WHERE w.id = v.id
      AND (w.schedule_stale OR w.schedule_computed_at IS NULL
           OR w.category IS DISTINCT FROM coalesce(v.category, w.category)
           OR w.category_justification
              IS DISTINCT FROM coalesce(v.justification, w.category_justification))
"""


class StoredWorker(NamedTuple):
    """A worker's row as the chunk read it: computed and not flagged since, its category, the
    md5 of its justification (PostgreSQL's ``md5()``: 32 characters instead of the text)."""

    settled: bool
    category: str
    justification_md5: str | None


def moves(stored: StoredWorker | None, category: str | None, justification: str | None) -> bool:
    """Whether WORKER_UPDATE would write this worker: the same test, in Python, so that a
    chunk where no worker moves sends no update at all (its WHERE stays the guard)."""
    if stored is None or not stored.settled:
        return True
    if category is not None and category != stored.category:
        return True
    if justification is None:
        return False
    return hashlib.md5(justification.encode()).hexdigest() != stored.justification_md5  # noqa: S324 - a comparison, not a secret


def write(
    ids: list[int],
    workers: list[tuple[int, str | None, str | None]],
    rows: list[Row],
    now: datetime.datetime,
) -> Changes:
    """Store the chunk's computed rows (``ids``: its workers) and the categories of the
    ``workers`` that move (``moves``); four statements at most (the read, the deletes and
    updates, the COPY of the inserts, the workers' update), whatever the chunk's size. A write
    with nothing to write is not sent (the usual weekly chunk: only the read; a first pass: the
    read, the COPY and the workers' update), saving round trips and their planning."""
    service = pghistory.context(service="suivi_sante.schedule.refresh_due_visits")
    with service, connection.cursor() as cursor:
        cursor.execute(STORED_ROWS, [int_array(ids)])
        stored = [(pk, (*row[:4], tuple(row[4]), *row[5:])) for pk, *row in cursor.fetchall()]
        changes = diff_rows(stored, rows)
        if changes:
            _write(cursor, changes, now)
        if workers:
            cursor.execute(WORKER_UPDATE, [now, json.dumps(workers)])
    return changes
