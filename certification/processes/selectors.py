"""Reads of the process map."""

from __future__ import annotations

from django.db.models import Count, QuerySet
from django.utils import timezone

from certification.processes.models import Process, ProcessKind


def processes_for(ctx) -> QuerySet[Process]:
    return (
        Process.objects.visible_to(ctx)
        .select_related("pilot")
        .annotate(review_count=Count("reviews"))
    )


def process_map(ctx) -> list[tuple[str, list[Process]]]:
    """Management, core and support columns, each process flagged when its review is late."""
    today = timezone.localdate()
    columns: dict[str, list[Process]] = {kind: [] for kind in ProcessKind.values}
    for process in processes_for(ctx):
        process.is_late = process.next_review_on < today
        columns[process.kind].append(process)
    return [(ProcessKind(kind).label, items) for kind, items in columns.items()]
