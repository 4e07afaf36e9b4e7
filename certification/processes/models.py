"""The process map: management, core and support processes with pilot, objectives, indicators
and a yearly review (seed 001)."""

from __future__ import annotations

from django.conf import settings
from django.db import models

from spsti.models import TimeStampedModel


class ProcessQuerySet(models.QuerySet):
    def visible_to(self, ctx):
        """Quality readers see the centre's map; a pilot sees the processes they pilot."""
        from certification import perms

        if not (ctx.is_staff and ctx.center_id):
            return self.none()
        mine = self.filter(center_id=ctx.center_id)
        return mine if perms.reads_quality(ctx) else mine.filter(pilot_id=ctx.user.pk)


class ProcessKind(models.TextChoices):
    MANAGEMENT = "management", "Management"
    CORE = "core", "Réalisation (métier)"
    SUPPORT = "support", "Support"


class Process(TimeStampedModel):
    """A process of the map, with its pilot, objectives and indicators."""

    center = models.ForeignKey("accounts.HealthCenter", on_delete=models.PROTECT, related_name="+")
    code = models.CharField("code", max_length=20)
    name = models.CharField("processus", max_length=200)
    kind = models.CharField("famille", max_length=12, choices=ProcessKind)
    pilot = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name="pilote"
    )
    objectives = models.TextField("objectifs", blank=True)
    indicators = models.TextField("indicateurs", blank=True)
    last_reviewed_on = models.DateField("dernière revue le", null=True, blank=True)
    next_review_on = models.DateField("prochaine revue avant le")

    objects = ProcessQuerySet.as_manager()

    class Meta:
        verbose_name = "processus"
        verbose_name_plural = "processus"
        ordering = ["kind", "code"]
        constraints = [
            models.UniqueConstraint(fields=["center", "code"], name="process_code_unique")
        ]
        indexes = [models.Index(fields=["center", "next_review_on"], name="process_review_idx")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class ProcessReview(TimeStampedModel):
    """The yearly review of a process: minutes and decisions."""

    process = models.ForeignKey(Process, on_delete=models.PROTECT, related_name="reviews")
    held_on = models.DateField("tenue le")
    minutes = models.TextField("compte rendu")
    decisions = models.TextField("décisions", blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "revue de processus"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.process.code} — {self.held_on:%d/%m/%Y}"
