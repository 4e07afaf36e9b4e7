"""Reads of the imports area: the current centre's jobs, without their file."""

from __future__ import annotations

from django.db.models import QuerySet
from django.db.models.fields.json import KT

from adherents.models import ImportJob


def job_list(ctx) -> QuerySet[ImportJob]:
    """The centre's jobs, newest first, with their counts (the file and the detail left out)."""
    return (
        ImportJob.objects.visible_to(ctx)
        .select_related("created_by")
        .defer("result")
        .annotate(
            count_new=KT("result__new"),
            count_update=KT("result__update"),
            count_rejected=KT("result__rejected"),
        )
        .order_by("-created_at", "-pk")
    )


def job_detail(ctx, pk: int) -> ImportJob:
    """One job of the centre (another centre's: DoesNotExist, a 404 for the view)."""
    return (
        ImportJob.objects.visible_to(ctx)
        .select_related("created_by", "confirmed_job")
        .defer("result", "confirmed_job__result")
        .get(pk=pk)
    )
