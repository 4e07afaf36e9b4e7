"""The yearly management review: inputs gathered by the portal, decisions, a frozen PDF."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from certification.scope import CenterQuerySet
from spsti.documents_storage import document_field, written_once
from spsti.models import TimeStampedModel


class ManagementReview(TimeStampedModel):
    """One year's management review of the centre (revue de direction)."""

    center = models.ForeignKey("accounts.HealthCenter", on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField("année")
    held_on = models.DateField("tenue le")
    inputs = models.JSONField("éléments d'entrée", default=dict)
    decisions = models.TextField("décisions")
    held_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    # Its name in the documents storage, set once by the rendering task, never rewritten.
    pdf = document_field("PDF")
    sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True)

    objects = CenterQuerySet.as_manager()

    class Meta:
        verbose_name = "revue de direction"
        verbose_name_plural = "revues de direction"
        ordering = ["-year"]
        constraints = [
            models.UniqueConstraint(
                fields=["center", "year"], name="management_review_year_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(pdf="", sha256="") | (~models.Q(pdf="") & ~models.Q(sha256="")),
                name="management_review_pdf_has_hash",
            ),
        ]
        triggers = [written_once("management_review_pdf_written_once", "pdf", "sha256")]

    def __str__(self) -> str:
        return f"Revue de direction {self.year}"
