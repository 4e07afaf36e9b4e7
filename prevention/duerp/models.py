"""The employer's DUERP workspace (R4121-1 ff., L4121-3-1) and its immutable versions."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models

from prevention.scope import scoped
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class EvaluationMatrix(models.Model):
    """A severity x probability grid and its criticity bands, set by the service."""

    name = models.CharField("nom", max_length=80, unique=True)
    severity_labels = models.JSONField("niveaux de gravité")  # ["Faible", ..., "Très grave"]
    probability_labels = models.JSONField("niveaux de probabilité")
    # [[max score, label], ...] ascending: a score up to `max` falls in that band.
    bands = models.JSONField("bandes de criticité")
    is_default = models.BooleanField("par défaut", default=False)

    class Meta:
        verbose_name = "grille d'évaluation"
        constraints = [
            models.UniqueConstraint(
                fields=["is_default"],
                condition=models.Q(is_default=True),
                name="one_default_matrix",
            )
        ]

    def __str__(self) -> str:
        return self.name


class DuerpQuerySet(models.QuerySet["Duerp"]):
    def visible_to(self, ctx: AccessContext) -> DuerpQuerySet:
        return scoped(self, ctx, "prevention.duerp:view", "adherent")


@pghistory.track()
class Duerp(TimeStampedModel):
    """The single document of one member: its workspace (units, risks, actions)."""

    adherent = models.OneToOneField(
        "adherents.Adherent", on_delete=models.PROTECT, related_name="duerp"
    )
    matrix = models.ForeignKey(EvaluationMatrix, on_delete=models.PROTECT, related_name="+")
    # Stated by the employer: 11+ update yearly (R4121-2), 50+ a PAPRIPACT (L4121-3-1).
    headcount = models.PositiveIntegerField("effectif de l'entreprise")

    objects = DuerpQuerySet.as_manager()

    class Meta:
        verbose_name = "DUERP"
        verbose_name_plural = "DUERP"

    def __str__(self) -> str:
        return f"DUERP — {self.adherent}"


@pghistory.track()
class DuerpRisk(TimeStampedModel):
    """A risk of a work unit: hazard, description, exposed workers, evaluation, measures."""

    duerp = models.ForeignKey(Duerp, on_delete=models.PROTECT, related_name="risks")
    work_unit = models.ForeignKey(
        "prevention.WorkUnit", on_delete=models.PROTECT, related_name="duerp_risks"
    )
    hazard = models.ForeignKey("prevention.Hazard", on_delete=models.PROTECT, related_name="+")
    description = models.TextField("description du risque")
    exposed_count = models.PositiveIntegerField("salariés exposés", default=0)
    severity = models.PositiveSmallIntegerField("gravité")
    probability = models.PositiveSmallIntegerField("probabilité")
    existing_measures = models.TextField("mesures existantes", blank=True)

    class Meta:
        verbose_name = "risque évalué"
        ordering = ["work_unit__name", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(severity__gte=1, probability__gte=1),
                name="duerp_risk_levels_positive",
            )
        ]

    def __str__(self) -> str:
        return f"{self.work_unit} — {self.hazard}"


@pghistory.track()
class DuerpAction(TimeStampedModel):
    """A planned prevention action (PAPRIPACT line at 50+, list of actions below)."""

    duerp = models.ForeignKey(Duerp, on_delete=models.PROTECT, related_name="actions")
    risk = models.ForeignKey(
        DuerpRisk, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    title = models.CharField("action", max_length=200)
    cost = models.DecimalField("coût (€)", max_digits=10, decimal_places=2, null=True, blank=True)
    owner = models.CharField("responsable", max_length=120, blank=True)
    deadline = models.DateField("échéance", null=True, blank=True)
    indicator = models.CharField("indicateur", max_length=200, blank=True)
    done_on = models.DateField("réalisée le", null=True, blank=True)

    class Meta:
        verbose_name = "action de prévention planifiée"
        ordering = ["deadline", "pk"]

    def __str__(self) -> str:
        return self.title


class DuerpVersionQuerySet(models.QuerySet["DuerpVersion"]):
    def visible_to(self, ctx: AccessContext) -> DuerpVersionQuerySet:
        """The member's versions; staff of the centre see each one transmitted (L4121-3-1)."""
        return scoped(self, ctx, "prevention.duerp:view", "duerp__adherent")


class DuerpVersion(models.Model):
    """A published DUERP: an immutable snapshot kept 40 years (L4121-3-1, R4121-4)."""

    duerp = models.ForeignKey(Duerp, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveIntegerField("n° de version")
    published_at = models.DateTimeField("publiée le")
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    cse_consulted_on = models.DateField("CSE consulté le", null=True, blank=True)
    snapshot = models.JSONField("contenu")
    sha256 = models.CharField("empreinte SHA-256", max_length=64)
    keep_until = models.DateField("à conserver jusqu'au")

    objects = DuerpVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "version du DUERP"
        verbose_name_plural = "versions du DUERP"
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["duerp", "number"], name="duerp_version_unique"),
        ]
        triggers = [
            pgtrigger.Protect(name="duerp_version_no_update", operation=pgtrigger.Update),
            pgtrigger.Protect(name="duerp_version_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"DUERP {self.duerp.adherent} — version {self.number}"
