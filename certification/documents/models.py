"""Controlled documents (informations documentées): procedures, instructions, records, with
versions, an owner and a draft → review → approved → obsolete life."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from certification.rules import documents as rules
from certification.scope import CenterQuerySet
from spsti.documents_storage import document_field, written_once
from spsti.models import TimeStampedModel


class DocumentKind(models.TextChoices):
    PROCEDURE = "procedure", "Procédure"
    INSTRUCTION = "instruction", "Instruction de travail"
    RECORD = "record", "Enregistrement"


class VersionStatus(models.TextChoices):
    DRAFT = rules.DRAFT, "Brouillon"
    REVIEW = rules.REVIEW, "En relecture"
    APPROVED = rules.APPROVED, "Approuvée"
    OBSOLETE = rules.OBSOLETE, "Obsolète"


class ControlledDocument(TimeStampedModel):
    """A document of the quality system, identified by its reference in the centre."""

    center = models.ForeignKey("accounts.HealthCenter", on_delete=models.PROTECT, related_name="+")
    reference = models.CharField("référence", max_length=40)
    title = models.CharField("titre", max_length=200)
    kind = models.CharField("type", max_length=12, choices=DocumentKind)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="propriétaire",
    )
    process = models.ForeignKey(
        "certification.Process",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="processus",
    )
    review_every_months = models.PositiveSmallIntegerField("revue tous les (mois)", default=12)
    review_due_on = models.DateField("revue prévue le", null=True, blank=True)
    last_reminded_on = models.DateField(null=True, blank=True)

    objects = CenterQuerySet.as_manager()

    class Meta:
        verbose_name = "document maîtrisé"
        verbose_name_plural = "documents maîtrisés"
        ordering = ["reference"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "reference"], name="document_reference_unique"
            )
        ]
        indexes = [models.Index(fields=["center", "review_due_on"], name="document_review_idx")]

    def __str__(self) -> str:
        return f"{self.reference} — {self.title}"


class DocumentVersion(TimeStampedModel):
    """One edition of a controlled document, its file (documents storage) and SHA-256; the file
    is written with the row and never replaced (a change is a new version)."""

    document = models.ForeignKey(
        ControlledDocument, on_delete=models.PROTECT, related_name="versions"
    )
    number = models.PositiveSmallIntegerField("n° de version")
    status = models.CharField(
        "statut", max_length=10, choices=VersionStatus, default=VersionStatus.DRAFT
    )
    change_note = models.CharField("nature de la modification", max_length=200, blank=True)
    filename = models.CharField("fichier", max_length=200)
    content_type = models.CharField(max_length=100, default="application/octet-stream")
    content = document_field("contenu")  # its name in the documents storage
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    approved_on = models.DateField("approuvée le", null=True, blank=True)

    class Meta:
        verbose_name = "version de document"
        ordering = ["document", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["document", "number"], name="document_version_unique"),
            models.CheckConstraint(
                condition=~models.Q(status__in=[rules.APPROVED, rules.OBSOLETE])
                | models.Q(approved_on__isnull=False, approved_by__isnull=False)
                | models.Q(status=rules.OBSOLETE, approved_on__isnull=True),
                name="document_version_approved_has_approver",
            ),
            models.CheckConstraint(
                condition=~models.Q(content="") & ~models.Q(sha256=""),
                name="document_version_has_file",
            ),
        ]
        triggers = [written_once("document_version_file_written_once", "content", "sha256")]

    def __str__(self) -> str:
        return f"{self.document.reference} v{self.number}"
