"""History (pghistory) of rows written in bulk by the set-based imports (issue 19, item 3).

pghistory's row trigger, even with its helpers rewritten without their subtransaction
(spsti/history_functions.py), costs about twice the row's own insert. The imports insert their
new rows with the insert trigger ignored (``insert_trigger``) and write the "insert" events
here, in one statement: every tracked column, NOW(), the current context, as the trigger writes
them. Updates keep their trigger (one event per row, in the same context).
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection

BATCH = 5_000  # rows per bulk statement of the imports


def insert_trigger(model) -> str:
    """The pgtrigger URI of pghistory's insert trigger of ``model`` (for pgtrigger.ignore)."""
    return f"{model._meta.app_label}.{model.__name__}:insert_insert"


def int_array(ids: Iterable[int | None]) -> str:
    """Ids as a PostgreSQL array literal: psycopg's own dumping of a list of ints costs ~1 ms
    per 500; a string is sent as it is."""
    return "{" + ",".join("NULL" if pk is None else str(int(pk)) for pk in ids) + "}"


def insert_events(model, ids: list[int]) -> None:
    """The "insert" history events of the rows ``ids``, as pghistory's insert trigger writes
    them (every tracked column, NOW(), the current context), in one statement."""
    event = model.pgh_event_model._meta
    columns = [f'"{f.column}"' for f in event.concrete_fields if not f.column.startswith("pgh_")]
    sql = f"""
        WITH context AS (SELECT _pgh_attach_context() AS id)
        INSERT INTO "{event.db_table}"
            (pgh_created_at, pgh_label, pgh_obj_id, pgh_context_id, {", ".join(columns)})
        SELECT NOW(), 'insert', t.id, context.id, {", ".join(f"t.{c}" for c in columns)}
        FROM "{model._meta.db_table}" AS t, context
        WHERE t.id = ANY(%s::bigint[])
        ORDER BY t.id
    """  # noqa: S608
    with connection.cursor() as cursor:
        cursor.execute(sql, [int_array(ids)])


def batches(items: list, size: int = BATCH):
    """``items`` in slices of ``size``."""
    for start in range(0, len(items), size):
        yield items[start : start + size]


def write_states(model, items: list[tuple[int, list[tuple]]], fields, now) -> None:
    """Write each record's successive states (``items``: its id and its states, values of
    ``fields`` in order), one round of bulk updates per state: pghistory's update trigger then
    records one event per state, as writing the lines one by one would."""
    rank = 0
    while todo := [(pk, versions[rank]) for pk, versions in items if len(versions) > rank]:
        for batch in batches(todo):
            rows = [
                model(pk=pk, updated_at=now, **dict(zip(fields, state, strict=True)))
                for pk, state in batch
            ]
            model.objects.bulk_update(rows, [*fields, "updated_at"])
        rank += 1
