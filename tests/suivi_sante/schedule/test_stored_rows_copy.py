"""The due rows inserted by COPY (services_store) are exactly those the INSERT from a JSON
array wrote before: same columns, same text (tabs, newlines, backslashes, quotes, braces),
same order of ids, the same rows kept, updated and deleted around them."""

import datetime
import json

import pytest
from django.db import connection, transaction
from django.utils import timezone

from suivi_sante.models import DueVisit
from suivi_sante.schedule import services_store as store
from tests.suivi_sante.factories import WorkerFactory

pytestmark = pytest.mark.django_db

# The inserts as the store wrote them before COPY (the third part of its single statement).
JSON_INSERT = """
    INSERT INTO "suivi_sante_duevisit"
        (worker_id, team_id, kind, due_on, performers, legal_reference, reason, computed_at)
    SELECT (i.r->>0)::bigint, (i.r->>1)::bigint, i.r->>2, (i.r->>3)::date,
        (i.r->>4)::varchar(10)[], i.r->>5, i.r->>6, %(now)s
    FROM jsonb_array_elements(%(inserted)s::jsonb) WITH ORDINALITY AS i(r, n)
    ORDER BY i.n
"""
AWKWARD = 'tab\there, line\nbreak, back\\slash \\N, "quoted" {braces,} échéance ; fin\r'


def json_write(cursor, changes: store.Changes, now: datetime.datetime) -> None:
    """The store's write before COPY: deletes and updates, then one INSERT of every new row."""
    inserted, changes.inserted = changes.inserted, []
    store_write(cursor, changes, now)
    rows = [store._json(row, row[0]) for row in inserted]
    cursor.execute(JSON_INSERT, {"now": now, "inserted": json.dumps(rows)})


store_write = store._write


def _row(worker, kind: str, day: int, performers=("physician",), reason="motif") -> store.Row:
    team, adherent = worker.adherent.team_id, worker.adherent_id
    day = datetime.date(2027, 1, day)
    return (worker.pk, team, kind, day, performers, "R4624-10", reason, adherent)


def _stored(ids: list[int], before: set[int]) -> list[tuple]:
    """The workers' rows in the order of their ids; an id is shown only for a row kept from
    ``before`` (the sequence moves on between two writes: new rows are compared by order)."""
    rows = DueVisit.objects.filter(worker_id__in=ids).order_by("pk")
    return [
        (
            row.pk if row.pk in before else "new",
            row.worker_id,
            row.team_id,
            row.kind,
            row.due_on,
            tuple(row.performers),
            row.legal_reference,
            row.reason,
            row.adherent_id,
            row.computed_at,
        )
        for row in rows
    ]


def _written(monkeypatch, writer, ids, rows, now) -> list[tuple]:
    """What ``store.write`` leaves with this writer, rolled back afterwards."""
    before = set(DueVisit.objects.filter(worker_id__in=ids).values_list("pk", flat=True))
    monkeypatch.setattr(store, "_write", writer)
    with transaction.atomic():
        store.write(ids, [], rows, now)
        connection.check_constraints()  # the deferred foreign keys, checked here
        written = _stored(ids, before)
        transaction.set_rollback(True)
    return written


def test_the_copy_writes_the_rows_the_json_insert_wrote(monkeypatch):
    known, also_known = WorkerFactory(), WorkerFactory()
    fresh, also_fresh = WorkerFactory(), WorkerFactory()
    stale_time = timezone.now() - datetime.timedelta(days=7)
    store.write(
        [known.pk, also_known.pk],
        [],
        [
            _row(known, "VIP", 5),
            _row(known, "VIP", 6, reason="deux reprises"),  # a kind may repeat
            _row(known, "REPRISE", 7),
            _row(also_known, "EMAE", 8, ("physician", "nurse")),
        ],
        stale_time,
    )
    ids = [known.pk, also_known.pk, fresh.pk, also_fresh.pk]
    computed = [
        _row(known, "VIP", 5),  # kept as it is
        _row(known, "VIP", 9, reason=AWKWARD),  # updated in place (same kind)
        _row(known, "PERIODIQUE", 10),  # inserted; the REPRISE is deleted
        _row(also_known, "EMAE", 8, ("physician", "nurse")),
        _row(fresh, "VIP", 3, ("nurse", "physician"), reason=AWKWARD),
        _row(fresh, "DEMANDE", 1, reason=""),
        _row(also_fresh, "EMAE", 2, ("physician",), reason="é" * 500),
    ]
    now = timezone.now()

    by_copy = _written(monkeypatch, store_write, ids, computed, now)
    by_json = _written(monkeypatch, json_write, ids, computed, now)

    assert by_copy == by_json
    # And what both wrote is the computed rows, the unchanged one kept, the others stamped now.
    assert sorted(row[1:9] for row in by_copy) == sorted(computed)
    kept = [row for row in by_copy if row[0] != "new"]
    assert len(kept) == 3  # the unchanged VIP, the updated VIP, the unchanged EMAE
    assert sorted(row[9] for row in by_copy) == [stale_time] * 2 + [now] * 5
    # New rows take their ids in the engine's order, as the INSERT's ORDER BY gave them.
    new = [row[1:9] for row in by_copy if row[0] == "new"]
    assert new == [row for row in computed if row in new]


def test_a_first_computation_is_one_copy_of_every_row(monkeypatch):
    worker = WorkerFactory()
    rows = [_row(worker, "VIP", 4, reason=AWKWARD), _row(worker, "VIP", 4, reason=AWKWARD)]

    changes = store.diff_rows([], rows)

    assert changes.inserted == rows  # no pairing to do: the rows as computed, repeats kept
    assert not changes.deleted
    assert not changes.updated
    now = timezone.now()
    assert _written(monkeypatch, store_write, [worker.pk], rows, now) == _written(
        monkeypatch, json_write, [worker.pk], rows, now
    )
