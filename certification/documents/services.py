"""Controlled documents: create, add a version (file and SHA-256), move a version through
draft → review → approved → obsolete; approval sets the next review date."""

from __future__ import annotations

import os
import re

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from accounts.audit import actor_context
from certification import perms
from certification.documents.models import ControlledDocument, DocumentVersion, VersionStatus
from certification.errors import CertificationError
from certification.rules import documents as rules
from spsti import documents_storage

MAX_BYTES = 20 * 1024 * 1024


def stored_file(upload) -> dict:
    """The version's file, written once in the documents storage under a fresh name; the row
    keeps that name and the SHA-256, checked again on every download."""
    content = upload.read()
    if not content:
        raise CertificationError("Le fichier est vide.")
    if len(content) > MAX_BYTES:
        raise CertificationError("Le fichier dépasse 20 Mo.")
    stored = documents_storage.store(
        content,
        app="certification",
        kind="document",
        extension=re.sub(r"[^a-z0-9]", "", os.path.splitext(upload.name)[1].lower())[:10],
    )
    return {
        "filename": upload.name[:200],
        "content_type": (getattr(upload, "content_type", "") or "application/octet-stream")[:100],
        "content": stored.name,
        "sha256": stored.sha256,
    }


def _require_manager(actor) -> None:
    if not perms.manages_quality(actor):
        raise PermissionDenied


@transaction.atomic
def create_document(
    *, actor, reference: str, title: str, kind: str, owner, process=None, review_every_months=12
) -> ControlledDocument:
    _require_manager(actor)
    reference = reference.strip()
    if ControlledDocument.objects.filter(center_id=actor.center_id, reference=reference).exists():
        raise CertificationError(f"La référence {reference} existe déjà.")
    with actor_context(actor):
        return ControlledDocument.objects.create(
            center_id=actor.center_id,
            reference=reference,
            title=title.strip(),
            kind=kind,
            owner=owner,
            process=process,
            review_every_months=review_every_months,
        )


@transaction.atomic
def add_version(
    *, actor, document: ControlledDocument, upload, change_note: str = ""
) -> DocumentVersion:
    """A new draft version; earlier versions are kept as they are."""
    _require_manager(actor)
    document = ControlledDocument.objects.select_for_update().get(pk=document.pk)
    if document.versions.filter(status__in=[VersionStatus.DRAFT, VersionStatus.REVIEW]).exists():
        raise CertificationError("Une version est déjà en cours de rédaction ou de relecture.")
    number = (document.versions.aggregate(n=Max("number"))["n"] or 0) + 1
    with actor_context(actor):
        return DocumentVersion.objects.create(
            document=document,
            number=number,
            change_note=change_note.strip(),
            uploaded_by=actor.user,
            **stored_file(upload),
        )


@transaction.atomic
def move_version(*, actor, version: DocumentVersion, target: str) -> DocumentVersion:
    """Next step of a version's life; approving one makes the previous approved one obsolete."""
    _require_manager(actor)
    version = (
        DocumentVersion.objects.select_for_update().select_related("document").get(pk=version.pk)
    )
    if not rules.may_move(version.status, target):
        raise CertificationError(
            f"Passage impossible de « {version.get_status_display()} » à "
            f"« {VersionStatus(target).label} »."
        )
    today = timezone.localdate()
    with actor_context(actor):
        if target == VersionStatus.APPROVED:
            DocumentVersion.objects.filter(
                document=version.document, status=VersionStatus.APPROVED
            ).update(status=VersionStatus.OBSOLETE)
            version.approved_by, version.approved_on = actor.user, today
            document = version.document
            document.review_due_on = rules.review_due_on(today, document.review_every_months)
            document.save(update_fields=["review_due_on", "updated_at"])
        version.status = target
        version.save()
    return version
