"""The duplicate keys rebuilt from the workers, for the bulk loads that skip their triggers."""

from django.db import connection

from suivi_sante.workers.models_duplicates import IDENTITY, NIR, Kind, holds


def _fill(kind: Kind) -> str:
    columns, key = ", ".join(kind.columns), kind.key("r")
    # In key order: the primary key's B-tree is then filled page after page.
    return f"""
        INSERT INTO {kind.table} ({columns}, worker_ids)
        SELECT {key}, array_agg(r.id ORDER BY r.id) FROM suivi_sante_worker AS r
        WHERE {holds(kind, "r")} GROUP BY {key} ORDER BY {key}
    """  # noqa: S608 - table and column names, no value


def rebuild_duplicate_keys() -> None:
    """Every live worker's keys, from scratch, in one statement per kind (models_duplicates):
    after a load that ignored the keys' triggers (demo/large.py, large_history_departed.py).
    In the caller's transaction; the workers' table is locked against writes meanwhile."""
    with connection.cursor() as cursor:
        cursor.execute("LOCK TABLE suivi_sante_worker IN SHARE MODE")
        cursor.execute(f"TRUNCATE {NIR.table}, {IDENTITY.table}")
        for kind in (NIR, IDENTITY):
            cursor.execute(_fill(kind))
        cursor.execute(f"ANALYZE {NIR.table}, {IDENTITY.table}")
