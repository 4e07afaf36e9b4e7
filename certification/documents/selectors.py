"""Reads of controlled documents."""

from __future__ import annotations

from django.db.models import Max, Prefetch, QuerySet

from certification.documents.models import ControlledDocument, DocumentVersion


def document_list(ctx) -> QuerySet[ControlledDocument]:
    return (
        ControlledDocument.objects.visible_to(ctx)
        .select_related("owner", "process")
        .annotate(last_version=Max("versions__number"))
    )


def detail_of(ctx) -> QuerySet[ControlledDocument]:
    return (
        ControlledDocument.objects.visible_to(ctx)
        .select_related("owner", "process")
        .prefetch_related(
            Prefetch(
                "versions",
                queryset=DocumentVersion.objects.select_related("uploaded_by", "approved_by"),
            )
        )
    )
