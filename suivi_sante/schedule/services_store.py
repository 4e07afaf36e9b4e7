"""Storing a chunk's computed due rows: only what changed is written (issue 19).

The weekly pass recomputes every worker, and most of them owe the same visits as a week before:
the chunk's stored rows are read once, compared in Python with the engine's, and only the
differences are written, in one statement whatever their number (deletes by id, updates in
place that keep the row's id, inserts). A worker row is written only when something changed.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, field

import pghistory
from django.db import connection
from django.db.models import Lookup

from spsti.history import int_array  # noqa: F401 - used here and imported from here


class AnyOf(Lookup):
    """``column = ANY(ids)``: one array parameter, where ``__in`` sends one placeholder per id
    (500 a chunk, each prepared by Django then parsed by psycopg: a third of a weekly chunk's
    time in `make bench` when nothing changed)."""

    lookup_name = "any_of"
    prepare_rhs = False

    def as_sql(self, compiler, connection):
        lhs, params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s::bigint[])", (*params, int_array(self.rhs))


# A due row as compared and written: (worker, team, kind, due_on, performers, article, reason).
Row = tuple[int, int, str, datetime.date, tuple[str, ...], str, str]


@dataclass
class Changes:
    """What a chunk must write to its stored rows: nothing for what did not change."""

    deleted: list[int] = field(default_factory=list)  # DueVisit ids
    updated: list[tuple[int, Row]] = field(default_factory=list)  # (DueVisit id, new row)
    inserted: list[Row] = field(default_factory=list)
    workers: set[int] = field(default_factory=set)  # workers whose rows changed

    def __bool__(self) -> bool:
        return bool(self.deleted or self.updated or self.inserted)


def diff_rows(stored: Iterable[tuple[int, Row]], computed: Iterable[Row]) -> Changes:
    """The fewest writes that turn the stored rows (with their ids) into the computed ones.

    An identical row is kept (its id and computed_at too); a row of the same worker and kind
    whose date, performers, article or reason moved is updated in place; the others are
    deleted or inserted. A kind may repeat for a worker (two missed reprise visits).
    """
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
        changes.workers.add(row[0])
        reusable = by_kind.get((row[0], row[2]))
        if reusable:
            changes.updated.append((reusable.pop(), row))
        else:
            changes.inserted.append(row)
    for (worker_id, _kind), pks in by_kind.items():
        if pks:
            changes.workers.add(worker_id)
            changes.deleted += pks
    changes.deleted.sort()
    return changes


STORED_ROWS = """
    SELECT id, worker_id, team_id, kind, due_on, performers, legal_reference, reason
    FROM suivi_sante_duevisit
    WHERE worker_id = ANY(%s::bigint[])
"""

# Every write of a chunk's rows in one statement (an empty list writes nothing): deletes by id,
# updates in place, inserts. Performers travel as array literals ('{physician,nurse}'), since
# unnest() cannot carry an array per row. The three parts touch distinct rows (diff_rows).
WRITE_CHANGES = """
    WITH deleted AS (
        DELETE FROM "suivi_sante_duevisit" WHERE id = ANY(%(deleted)s::bigint[])
    ),
    updated AS (
        UPDATE "suivi_sante_duevisit" AS d
        SET team_id = u.team_id, kind = u.kind, due_on = u.due_on,
            performers = u.performers::varchar(10)[], legal_reference = u.legal_reference,
            reason = u.reason, computed_at = %(now)s
        FROM unnest(
            %(u_id)s::bigint[], %(u_team)s::bigint[], %(u_kind)s::varchar[], %(u_due)s::date[],
            %(u_performers)s::text[], %(u_reference)s::varchar[], %(u_reason)s::text[]
        ) AS u(id, team_id, kind, due_on, performers, legal_reference, reason)
        WHERE d.id = u.id
    )
    INSERT INTO "suivi_sante_duevisit"
        (worker_id, team_id, kind, due_on, performers, legal_reference, reason, computed_at)
    SELECT i.worker_id, i.team_id, i.kind, i.due_on, i.performers::varchar(10)[],
        i.legal_reference, i.reason, %(now)s
    FROM unnest(
        %(i_worker)s::bigint[], %(i_team)s::bigint[], %(i_kind)s::varchar[], %(i_due)s::date[],
        %(i_performers)s::text[], %(i_reference)s::varchar[], %(i_reason)s::text[]
    ) WITH ORDINALITY AS i(worker_id, team_id, kind, due_on, performers, legal_reference, reason, n)
    ORDER BY i.n
"""


def _array_literal(values: tuple[str, ...]) -> str:
    """A PostgreSQL array literal of plain codes (performers: letters only, no quoting)."""
    return "{" + ",".join(values) + "}"


def _columns(rows: list[Row], prefix: str) -> dict[str, list | str]:
    worker, team, kind, due, performers, reference, reason = (
        [list(c) for c in zip(*rows, strict=True)] if rows else [[] for _ in range(7)]
    )
    return {
        f"{prefix}_worker": int_array(worker),
        f"{prefix}_team": int_array(team),
        f"{prefix}_kind": kind,
        f"{prefix}_due": due,
        f"{prefix}_performers": [_array_literal(p) for p in performers],
        f"{prefix}_reference": reference,
        f"{prefix}_reason": reason,
    }


def _write(cursor, changes: Changes, now: datetime.datetime) -> None:
    params = {
        "now": now,
        "deleted": int_array(changes.deleted),
        "u_id": int_array(pk for pk, _ in changes.updated),
        **_columns([row for _, row in changes.updated], "u"),
        **_columns(changes.inserted, "i"),
    }
    del params["u_worker"]  # an update never moves a row to another worker
    cursor.execute(WRITE_CHANGES, params)


# One statement for the chunk's workers: Django's bulk_update builds a CASE per row and field
# in Python (70 % of a chunk's time in `make bench`), and two updates would write each row twice.
# A NULL category or justification keeps the stored one. A worker is written only when
# something changed: it was stale, its category or justification moved, or its due rows did
# (schedule_computed_at is then the time of its last change, not of its last check).
WORKER_UPDATE = """
    UPDATE suivi_sante_worker AS w
    SET schedule_stale = false,
        schedule_computed_at = %s,
        category = coalesce(v.category, w.category),
        category_justification = coalesce(v.justification, w.category_justification)
    FROM unnest(%s::bigint[], %s::varchar[], %s::text[], %s::boolean[])
        AS v(id, category, justification, changed)
    WHERE w.id = v.id
      AND (w.schedule_stale OR v.changed OR w.schedule_computed_at IS NULL
           OR w.category IS DISTINCT FROM coalesce(v.category, w.category)
           OR w.category_justification
              IS DISTINCT FROM coalesce(v.justification, w.category_justification))
"""


def write(
    ids: list[int],
    categories: list[str | None],
    justifications: list[str | None],
    rows: list[Row],
    now: datetime.datetime,
) -> Changes:
    """Store the chunk's computed rows and the workers' categories; three statements always
    (the read, the rows' writes, the workers' update): a chunk's query count stays constant."""
    service = pghistory.context(service="suivi_sante.schedule.refresh_due_visits")
    with service, connection.cursor() as cursor:
        cursor.execute(STORED_ROWS, [int_array(ids)])
        stored = [(pk, (*row[:4], tuple(row[4]), *row[5:])) for pk, *row in cursor.fetchall()]
        changes = diff_rows(stored, rows)
        _write(cursor, changes, now)
        changed = [pk in changes.workers for pk in ids]
        cursor.execute(WORKER_UPDATE, [now, int_array(ids), categories, justifications, changed])
    return changes
