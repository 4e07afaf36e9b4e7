"""Reads of the API's workers: a page of rows as dicts, their employments in one more query."""

from __future__ import annotations

from collections import defaultdict

from django.db import connection
from django.db.models import QuerySet

from spsti.prepared import columns
from suivi_sante.models import Employment, Worker

WORKER_FIELDS = ("id", "last_name", "first_name", "birth_date", "sex", "category")
# An employment's fields as the API shows them; read as their attribute names (the keys
# EmploymentSerializer reads).
EMPLOYMENT_NAMES = (
    "id",
    "establishment",
    "job_title",
    "contract",
    "start_on",
    "end_on",
    "end_reason",
)
EMPLOYMENT_FIELDS = tuple(Employment._meta.get_field(name).attname for name in EMPLOYMENT_NAMES)
_E = Employment._meta
# Composed once from the model's table and column names: a constant, the ids are a parameter.
# The employments of a page's workers, each worker's latest first. One index scan for the whole
# page: a correlated subquery building each worker's JSON array (the previous design) cost
# PostgreSQL about 4 µs a row and its text a decoding pass in Python, several times what the
# 200 rows cost here (bench/api.py).
EMPLOYMENTS_SQL = f"""
SELECT {columns("e", Employment, ("worker", *EMPLOYMENT_NAMES))}
  FROM "{_E.db_table}" e
 WHERE e."{_E.get_field("worker").column}" = ANY(%s)
 ORDER BY e."{_E.get_field("start_on").column}" DESC, e."id" DESC
"""  # noqa: S608 - column names from the model's metadata, the ids as a parameter


def worker_rows(workers: QuerySet[Worker]) -> QuerySet:
    """These workers as dicts of the API's columns (no member join, no model instance); a page's
    employments are added by with_employment_rows once the page is cut."""
    return workers.select_related(None).values(*WORKER_FIELDS)


def employment_rows(worker_ids: list[int]) -> dict[int, list[dict]]:
    """The employments of these workers, by worker, latest first, as dicts: one query."""
    rows: dict[int, list[dict]] = defaultdict(list)
    if not worker_ids:
        return rows
    with connection.cursor() as cursor:
        cursor.execute(EMPLOYMENTS_SQL, [list(worker_ids)])
        for worker_id, *values in cursor.fetchall():
            rows[worker_id].append(dict(zip(EMPLOYMENT_FIELDS, values, strict=True)))
    return rows


def with_employment_rows(rows: list[dict]) -> list[dict]:
    """A page of worker_rows with each worker's `employment_rows` (what WorkerSerializer's
    `employments` reads)."""
    employments = employment_rows([row["id"] for row in rows])
    for row in rows:
        row["employment_rows"] = employments.get(row["id"], [])
    return rows
