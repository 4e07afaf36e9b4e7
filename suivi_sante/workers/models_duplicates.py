"""The keys that make two live workers of one member duplicates, kept at write time.

The duplicates' list (selectors.duplicate_groups) grouped every live worker of the centre by
NIR, then by lowercased names and birth date, at each view: 3.6 to 6.9 s over 3.3 M workers. Here
each key carried by a live (not merged) worker has one row with the ids of its workers; a key
with two ids or more is a group of duplicates, and a partial index holds only those. The list
reads the few groups of its scope from that index, then their workers by primary key.

The rows are kept exact by triggers on the workers' table (DUPLICATE_KEY_TRIGGERS):
- insert and delete: statement-level, with transition tables, so a COPY or a bulk_create of an
  import, or a bench's clean-up, pays one grouped upsert per statement, not one per row;
- update: row-level, on the key columns only (UPDATE OF … WHEN a key column moved). A
  statement-level update trigger with transition tables can have neither a column list nor a
  WHEN: every update of workers (the nightly schedule pass writes tens of thousands of rows,
  suivi_sante/schedule/services_store.py) would copy each row into the transition tables and
  join them. A key moves on a rename, a NIR entered, a merge: a few rows, one call each.
The names are lowercased by PostgreSQL's lower() under the database's collation, as the grouping
always did. Bulk loads that skip these triggers (pgtrigger.ignore: demo/large*.py) rebuild the
rows afterwards in one statement each (services_duplicates.rebuild_duplicate_keys).

Measured on the large dataset (2026-12-06, machine loaded, 10,000 rows a statement, in rolled-back
transactions): an INSERT … SELECT pays ≈ 9 µs a row more, a DELETE ≈ 6 µs, an UPDATE of names
≈ 26 µs a renamed row, an UPDATE of the schedule columns nothing. The keys of 3.3 M live workers
take 448 MB (identities; no NIR there) and ≈ 36 s to build (migration 0022).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pgtrigger
from django.contrib.postgres.fields import ArrayField
from django.db import models

if TYPE_CHECKING:
    from accounts.context import AccessContext

NIR_KEYS = "suivi_sante_workernirkey"
IDENTITY_KEYS = "suivi_sante_workeridentitykey"
# A key held by two live workers or more: the partial indexes' condition and the list's filter
# (the same expression, so that the planner matches them).
IS_GROUP = models.Q(worker_ids__len__gt=1)


class Kind:
    """One kind of key: its table and columns, its values and the rows that hold one, as SQL
    over a worker row named ``{r}`` (NEW, OLD, or a transition table's alias)."""

    def __init__(self, table: str, columns: tuple[str, ...], values: tuple[str, ...], live: str):
        self.table, self.columns, self.values, self.live = table, columns, values, live

    def key(self, r: str) -> str:
        return ", ".join(v.format(r=r) for v in self.values)

    def same(self, r: str, prefix: str = "") -> str:
        """The key row's columns equal to the worker row's key."""
        return " AND ".join(
            f"{prefix}{c} = {v.format(r=r)}" for c, v in zip(self.columns, self.values, strict=True)
        )


NIR = Kind(NIR_KEYS, ("adherent_id", "nir"), ("{r}.adherent_id", "{r}.nir"), "{r}.nir <> ''")
IDENTITY = Kind(
    IDENTITY_KEYS,
    ("adherent_id", "last_name", "first_name", "birth_date"),
    ("{r}.adherent_id", "lower({r}.last_name)", "lower({r}.first_name)", "{r}.birth_date"),
    "true",
)


class DuplicateKeyQuerySet(models.QuerySet):
    def visible_to(self, ctx: AccessContext) -> DuplicateKeyQuerySet:
        """The keys of the workers this context sees (WorkerQuerySet.visible_to's rule)."""
        from suivi_sante.workers.models import worker_scope

        scope = worker_scope(ctx)
        return self.none() if scope is None else self.filter(scope)


class WorkerNirKey(models.Model):
    """A NIR held by live workers of one member, with their ids (two or more: duplicates)."""

    pk = models.CompositePrimaryKey("adherent_id", "nir")
    # No foreign key constraint: a check per upserted row, for a row the workers' own key
    # already guarantees (a worker's member exists and is never deleted under it).
    adherent = models.ForeignKey(
        "adherents.Adherent",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    nir = models.CharField(max_length=15)
    worker_ids = ArrayField(models.BigIntegerField())

    objects = DuplicateKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "NIR partagé"
        indexes = [
            models.Index(
                fields=["adherent", "nir"], condition=IS_GROUP, name="worker_nir_group_idx"
            )
        ]

    def __str__(self) -> str:
        return f"NIR {self.nir} ({len(self.worker_ids)} dossiers)"


class WorkerIdentityKey(models.Model):
    """Lowercased names and a birth date held by live workers of one member, with their ids."""

    pk = models.CompositePrimaryKey("adherent_id", "last_name", "first_name", "birth_date")
    adherent = models.ForeignKey(
        "adherents.Adherent",
        on_delete=models.DO_NOTHING,
        db_constraint=False,
        db_index=False,
        related_name="+",
    )
    # Text, not the workers' varchar(100): lower() may lengthen a name (« İ » gives two code
    # points), and a worker's write must never fail on its key.
    last_name = models.TextField()
    first_name = models.TextField()
    birth_date = models.DateField()
    worker_ids = ArrayField(models.BigIntegerField())

    objects = DuplicateKeyQuerySet.as_manager()

    class Meta:
        verbose_name = "identité partagée"
        indexes = [
            models.Index(
                fields=["adherent", "last_name", "first_name", "birth_date"],
                condition=IS_GROUP,
                name="worker_identity_group_idx",
            )
        ]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name} ({len(self.worker_ids)} dossiers)"


def holds(kind: Kind, r: str) -> str:
    """The worker row ``r`` is live and holds a key of this kind."""
    return f"({r}.merged_into_id IS NULL AND {kind.live.format(r=r)})"


def _add(kind: Kind, rows: str) -> str:
    """Add the ids of ``rows`` (a transition table) to their keys' rows, in key order (two
    statements upserting the same keys then lock them in the same order)."""
    columns, key = ", ".join(kind.columns), kind.key("r")
    return f"""
        INSERT INTO {kind.table} AS k ({columns}, worker_ids)
        SELECT {key}, array_agg(r.id ORDER BY r.id) FROM {rows} AS r WHERE {holds(kind, "r")}
        GROUP BY {key} ORDER BY {key}
        ON CONFLICT ({columns}) DO UPDATE SET worker_ids = k.worker_ids || EXCLUDED.worker_ids;
    """  # noqa: S608 - table and column names of this module, no value


def _remove(kind: Kind, rows: str) -> str:
    """Drop the keys' rows left with none of their ids, then take the ids of ``rows`` off the
    others (a singleton's row is deleted once, not emptied then deleted)."""
    pairs = zip(kind.columns, kind.values, strict=True)
    named = ", ".join(f"{v.format(r='r')} AS {c}" for c, v in pairs)
    # Table and column names of this module, no value.
    gone = f"SELECT {named}, array_agg(r.id) AS ids FROM {rows} AS r "  # noqa: S608
    gone += f"WHERE {holds(kind, 'r')} GROUP BY {kind.key('r')}"
    match = " AND ".join(f"k.{c} = g.{c}" for c in kind.columns)
    return f"""
        DELETE FROM {kind.table} AS k USING ({gone}) AS g
        WHERE {match} AND k.worker_ids <@ g.ids;
        UPDATE {kind.table} AS k
        SET worker_ids = ARRAY(SELECT x FROM unnest(k.worker_ids) AS x WHERE x <> ALL(g.ids))
        FROM ({gone}) AS g WHERE {match};
    """  # noqa: S608 - table and column names of this module, no value


def _moved(kind: Kind) -> str:
    """One worker's key, if it moved (or the worker was merged): out of the old key's row (the
    row dropped with its last id), into the new one's."""
    old_holds, new_holds = holds(kind, "OLD"), holds(kind, "NEW")
    return f"""
        IF {old_holds} IS DISTINCT FROM {new_holds}
           OR ROW({kind.key("OLD")}) IS DISTINCT FROM ROW({kind.key("NEW")}) THEN
            IF {old_holds} THEN
                DELETE FROM {kind.table} WHERE {kind.same("OLD")} AND worker_ids = ARRAY[OLD.id];
                IF NOT FOUND THEN
                    UPDATE {kind.table} SET worker_ids = array_remove(worker_ids, OLD.id)
                    WHERE {kind.same("OLD")};
                END IF;
            END IF;
            IF {new_holds} THEN
                INSERT INTO {kind.table} AS k ({", ".join(kind.columns)}, worker_ids)
                VALUES ({kind.key("NEW")}, ARRAY[NEW.id])
                ON CONFLICT ({", ".join(kind.columns)})
                DO UPDATE SET worker_ids = k.worker_ids || EXCLUDED.worker_ids;
            END IF;
        END IF;
    """  # noqa: S608 - table and column names of this module, no value


DUPLICATE_KEY_TRIGGERS = [
    pgtrigger.Trigger(
        name="duplicate_keys_insert",
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Insert,
        referencing=pgtrigger.Referencing(new="new_rows"),
        func=_add(NIR, "new_rows") + _add(IDENTITY, "new_rows") + "RETURN NULL;",
    ),
    pgtrigger.Trigger(
        name="duplicate_keys_delete",
        level=pgtrigger.Statement,
        when=pgtrigger.After,
        operation=pgtrigger.Delete,
        referencing=pgtrigger.Referencing(old="old_rows"),
        func=_remove(NIR, "old_rows") + _remove(IDENTITY, "old_rows") + "RETURN NULL;",
    ),
    pgtrigger.Trigger(
        name="duplicate_keys_update",
        when=pgtrigger.After,
        operation=pgtrigger.UpdateOf(
            "adherent_id", "nir", "last_name", "first_name", "birth_date", "merged_into_id"
        ),
        condition=pgtrigger.AnyChange(
            "adherent", "nir", "last_name", "first_name", "birth_date", "merged_into"
        ),
        func=_moved(NIR) + _moved(IDENTITY) + "RETURN NULL;",
    ),
]
