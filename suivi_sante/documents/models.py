"""Follow-up documents (attestation de suivi, avis, proposals): immutable PDFs with their hash."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pgtrigger
from django.conf import settings
from django.db import models

from spsti.documents_storage import document_field
from suivi_sante.enums import DocumentKind, Performer

if TYPE_CHECKING:
    from accounts.context import AccessContext


HELD_VISIT_GUARD = """
IF NOT EXISTS (
    SELECT 1 FROM suivi_sante_visit v
    WHERE v.id = NEW.visit_id AND v.status = 'held' AND v.held_at >= v.scheduled_at
) THEN
    RAISE EXCEPTION 'document de suivi : la visite % n''est pas réalisée', NEW.visit_id
        USING ERRCODE = 'check_violation';
END IF;
RETURN NEW;
"""


class FollowUpDocumentQuerySet(models.QuerySet["FollowUpDocument"]):
    def visible_to(self, ctx: AccessContext) -> FollowUpDocumentQuerySet:
        """Portal: the member's workers' documents (the document only, no medical content).
        Staff: the centre's teams."""
        if ctx.is_portal and ctx.adherent_id and ctx.has_perm("suivi_sante.document:view"):
            return self.filter(worker__adherent_id=ctx.adherent_id)
        if ctx.is_staff and ctx.center_id and ctx.has_perm("suivi_sante.worker:view"):
            return self.filter(team_id__in=ctx.team_ids)
        return self.none()


class FollowUpDocument(models.Model):
    """An issued attestation, avis or proposal: written once, never updated nor deleted."""

    worker = models.ForeignKey(
        "suivi_sante.Worker", on_delete=models.PROTECT, related_name="documents"
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    visit = models.ForeignKey(
        "suivi_sante.Visit", on_delete=models.PROTECT, related_name="documents"
    )
    kind = models.CharField("document", max_length=24, choices=DocumentKind)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    issuer_performer = models.CharField("émis par", max_length=10, choices=Performer)
    issued_at = models.DateTimeField("émis le")
    # The PDF is a file of the documents storage, written before this row; the row (its name
    # and hash) commits or rolls back with the visit's closing.
    pdf = document_field("PDF")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)

    objects = FollowUpDocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "document de suivi"
        verbose_name_plural = "documents de suivi"
        ordering = ["-issued_at"]
        indexes = [
            models.Index(fields=["worker", "issued_at"], name="document_worker_idx"),
            models.Index(fields=["team", "issued_at"], name="document_team_idx"),
        ]
        constraints = [
            # Only a physician issues avis and proposals (R4624-13, R4623-14).
            models.CheckConstraint(
                condition=models.Q(kind="attestation_suivi")
                | models.Q(issuer_performer="physician"),
                name="document_avis_by_physician",
            ),
            models.UniqueConstraint(fields=["sha256"], name="document_sha256_unique"),
        ]
        triggers = [
            # A document states what a held visit concluded: never from a visit still planned,
            # missed or cancelled, nor held before it started (issue 10, item 8).
            pgtrigger.Trigger(
                name="document_from_held_visit",
                when=pgtrigger.Before,
                operation=pgtrigger.Insert,
                func=HELD_VISIT_GUARD,
            ),
            pgtrigger.Protect(name="document_no_update", operation=pgtrigger.Update),
            pgtrigger.Protect(name="document_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.worker} — {self.issued_at:%d/%m/%Y}"
