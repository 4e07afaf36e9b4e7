"""Self-assessment campaigns: a status per criterion, with its assessor, comment and evidence."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from certification.rules import readiness
from certification.scope import CenterQuerySet
from spsti.models import TimeStampedModel


class Campaign(TimeStampedModel):
    """A self-assessment of the centre against one referential version."""

    center = models.ForeignKey("accounts.HealthCenter", on_delete=models.PROTECT, related_name="+")
    referential = models.ForeignKey(
        "certification.Referential", on_delete=models.PROTECT, related_name="campaigns"
    )
    title = models.CharField("intitulé", max_length=200)
    started_on = models.DateField("ouverte le")
    closed_on = models.DateField("close le", null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = CenterQuerySet.as_manager()

    class Meta:
        verbose_name = "campagne d'auto-évaluation"
        verbose_name_plural = "campagnes d'auto-évaluation"
        ordering = ["-started_on", "-pk"]
        indexes = [models.Index(fields=["center", "started_on"], name="campaign_center_idx")]

    def __str__(self) -> str:
        return self.title


class AssessmentStatus(models.TextChoices):
    NOT_ADDRESSED = readiness.NOT_ADDRESSED, "Non traité"
    IN_PROGRESS = readiness.IN_PROGRESS, "En cours"
    MET = readiness.MET, "Satisfait"
    NOT_APPLICABLE = readiness.NOT_APPLICABLE, "Non applicable"


class Assessment(TimeStampedModel):
    """Where the centre stands on one criterion in one campaign."""

    campaign = models.ForeignKey(Campaign, on_delete=models.PROTECT, related_name="assessments")
    criterion = models.ForeignKey(
        "certification.Criterion", on_delete=models.PROTECT, related_name="assessments"
    )
    status = models.CharField(
        "statut", max_length=16, choices=AssessmentStatus, default=AssessmentStatus.NOT_ADDRESSED
    )
    justification = models.TextField("justification de la non-applicabilité", blank=True)
    comment = models.TextField("commentaire", blank=True)
    assessor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="évaluateur",
    )
    assessed_on = models.DateField("évalué le", null=True, blank=True)

    class Meta:
        verbose_name = "évaluation d'un critère"
        ordering = ["criterion__position", "criterion__code"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "criterion"], name="assessment_criterion_unique"
            ),
            models.CheckConstraint(
                condition=~Q(status=readiness.NOT_APPLICABLE) | ~Q(justification=""),
                name="assessment_not_applicable_justified",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion.code} : {self.get_status_display()}"


class Evidence(TimeStampedModel):
    """An element of proof for a criterion: a controlled document (and its version), or a live
    figure of the portal, so that proof is not copied by hand."""

    class LiveFigure(models.TextChoices):
        OPEN_NONCONFORMITIES = "open_ncs", "Non-conformités ouvertes (registre)"
        COMPLAINTS_YEAR = "complaints_year", "Réclamations reçues dans l'année"
        ACCESS_LOG = "access_log", "Journal des accès sensibles (lignes sur 12 mois)"

    assessment = models.ForeignKey(Assessment, on_delete=models.PROTECT, related_name="evidence")
    label = models.CharField("élément de preuve", max_length=200)
    document = models.ForeignKey(
        "certification.ControlledDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="evidence",
    )
    document_version = models.ForeignKey(
        "certification.DocumentVersion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    live_figure = models.CharField(
        "indicateur du portail", max_length=20, choices=LiveFigure, blank=True
    )
    owner = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    dated_on = models.DateField("date")

    class Meta:
        verbose_name = "élément de preuve"
        verbose_name_plural = "éléments de preuve"
        ordering = ["dated_on", "pk"]

    def __str__(self) -> str:
        return self.label
