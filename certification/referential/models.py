"""The certification referential as data: versions, chapters, criteria with their level."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from spsti.documents_storage import document_field
from spsti.models import TimeStampedModel


class ReferentialQuerySet(models.QuerySet):
    def visible_to(self, ctx):
        """The referential is the same text for every centre: any quality reader sees it."""
        from certification import perms

        return self if perms.reads_quality(ctx) else self.none()


class Referential(TimeStampedModel):
    """One version of the referential (SPEC 2217 and its criteria list); never edited once
    assessed: a new text is a new version, so earlier assessments keep their criteria."""

    version = models.CharField("version", max_length=120, unique=True)
    published_on = models.DateField("publiée le", null=True, blank=True)
    is_skeleton = models.BooleanField("squelette des chapitres", default=False)
    loaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ReferentialQuerySet.as_manager()

    class Meta:
        verbose_name = "version du référentiel"
        verbose_name_plural = "versions du référentiel"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.version


class Chapter(models.Model):
    """A chapter of a referential version (e.g. 4.1 Ressources humaines et compétences)."""

    referential = models.ForeignKey(Referential, on_delete=models.PROTECT, related_name="chapters")
    code = models.CharField("chapitre", max_length=20)
    title = models.CharField("titre", max_length=200)
    position = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "chapitre"
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["referential", "code"], name="chapter_code_unique")
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"


class Criterion(models.Model):
    """A criterion of the referential and the level (1, 2, 3) from which it is required."""

    referential = models.ForeignKey(Referential, on_delete=models.PROTECT, related_name="criteria")
    chapter = models.ForeignKey(Chapter, on_delete=models.PROTECT, related_name="criteria")
    code = models.CharField("code", max_length=30)
    text = models.TextField("libellé")
    level = models.PositiveSmallIntegerField("niveau", choices=[(1, "1"), (2, "2"), (3, "3")])
    position = models.PositiveIntegerField("ordre", default=0)

    class Meta:
        verbose_name = "critère"
        ordering = ["position", "code"]
        constraints = [
            models.UniqueConstraint(fields=["referential", "code"], name="criterion_code_unique"),
            models.CheckConstraint(condition=Q(level__in=[1, 2, 3]), name="criterion_level_1_3"),
        ]

    def __str__(self) -> str:
        return f"{self.code} — {self.text[:80]}"


class ReferentialImport(TimeStampedModel):
    """A referential file: dry run first, then the confirmed load into a new version."""

    class Status(models.TextChoices):
        CHECKED = "checked", "Simulation faite"
        REJECTED = "rejected", "Refusé (erreurs)"
        LOADED = "loaded", "Chargé"

    version = models.CharField("version à créer", max_length=120)
    published_on = models.DateField("publiée le", null=True, blank=True)
    filename = models.CharField("fichier", max_length=200)
    content = document_field("contenu")  # its name in the documents storage
    content_sha256 = models.CharField(max_length=64, blank=True)
    status = models.CharField("statut", max_length=10, choices=Status)
    report = models.JSONField("rapport", default=dict)
    referential = models.OneToOneField(
        Referential, on_delete=models.PROTECT, null=True, blank=True, related_name="import_job"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = ReferentialQuerySet.as_manager()

    class Meta:
        verbose_name = "import du référentiel"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.filename} → {self.version}"
