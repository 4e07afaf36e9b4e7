"""Import jobs (django-import-export, run by a Celery task): dry run, then all-or-nothing."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from adherents import scope
from spsti.documents_storage import document_field

if TYPE_CHECKING:
    from accounts.context import AccessContext


class ImportKind(models.TextChoices):
    ADHERENTS = "adherents", "Adhérents"
    ESTABLISHMENTS = "establishments", "Établissements"
    CONTACTS = "contacts", "Contacts"
    WORKERS = "workers", "Salariés"


class ImportStatus(models.TextChoices):
    PENDING = "pending", "En attente"
    RUNNING = "running", "En cours"
    CHECKED = "checked", "Vérifié (simulation)"
    DONE = "done", "Importé"
    FAILED = "failed", "Refusé"


class ImportJobQuerySet(models.QuerySet["ImportJob"]):
    def visible_to(self, ctx: AccessContext) -> ImportJobQuerySet:
        return scope.of_centre(self, ctx)


class ImportJob(models.Model):
    kind = models.CharField("données", max_length=16, choices=ImportKind)
    center = models.ForeignKey("accounts.HealthCenter", on_delete=models.PROTECT, related_name="+")
    filename = models.CharField("fichier", max_length=200)
    content = document_field("contenu")  # erased from the storage after processing
    content_sha256 = models.CharField(max_length=64, blank=True)
    dry_run = models.BooleanField("simulation", default=True)
    status = models.CharField(
        "statut", max_length=10, choices=ImportStatus, default=ImportStatus.PENDING
    )
    total_rows = models.PositiveIntegerField("lignes", default=0)
    processed_rows = models.PositiveIntegerField("lignes traitées", default=0)
    # {"new": n, "update": n, "skip": n, "errors": [{"line": 3, "field": "siret", "message": "…"}]}
    result = models.JSONField("résultat", default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    confirmed_job = models.OneToOneField(  # the real import that followed this dry run
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="dry_run_job"
    )

    objects = ImportJobQuerySet.as_manager()

    class Meta:
        verbose_name = "import"
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["center", "created_at"], name="import_center_idx")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.filename}"
