"""Reads of the API's worker list: a page of rows in one query, no model instance."""

from __future__ import annotations

from django.contrib.postgres.aggregates import JSONBAgg
from django.db.models import JSONField, OuterRef, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, JSONObject

from suivi_sante.models import Employment, Worker

WORKER_FIELDS = ("id", "last_name", "first_name", "birth_date", "sex", "category")
# Keyed by the attribute names the serializer reads (EmploymentSerializer's sources).
EMPLOYMENT_FIELDS = ("id", "establishment_id", "job_title", "contract", "start_on", "end_on")


def employment_rows() -> Subquery:
    """A worker's employments, latest first, as a JSON array built by PostgreSQL (dates as
    ISO strings, which the serializer's DateField passes through unchanged)."""
    rows = (
        Employment.objects.filter(worker=OuterRef("pk"))
        .order_by()
        .values("worker")
        .annotate(
            rows=JSONBAgg(
                JSONObject(**{f: f for f in EMPLOYMENT_FIELDS}), order_by=("-start_on", "-pk")
            )
        )
        .values("rows")
    )
    return Coalesce(Subquery(rows, output_field=JSONField()), Value([], JSONField()))


def worker_rows(workers: QuerySet[Worker]) -> QuerySet:
    """These workers as dicts of the API's columns, each with `employment_rows`: a page is one
    query (the employments ride along instead of a second query and 200 model instances)."""
    return (
        workers.select_related(None)
        .annotate(employment_rows=employment_rows())
        .values(*WORKER_FIELDS, "employment_rows")
    )
