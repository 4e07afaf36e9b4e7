"""Non-conformities and their corrective actions (register of the quality system)."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone

from certification.rules import nonconformities as rules
from certification.scope import CenterQuerySet
from spsti.models import TimeStampedModel


class NcSource(models.TextChoices):
    INTERNAL_AUDIT = "internal_audit", "Audit interne ou croisé"
    EXTERNAL_AUDIT = "external_audit", "Audit de certification"
    COMPLAINT = "complaint", "Réclamation"
    INCIDENT = "incident", "Incident"
    INDICATOR_DRIFT = "indicator_drift", "Dérive d'un indicateur"


class Severity(models.TextChoices):
    MINOR = rules.MINOR, "Mineure"
    MAJOR = rules.MAJOR, "Majeure"


@pghistory.track()
class NonConformity(TimeStampedModel):
    """A gap against the referential or the service's own rules, with its cause analysis."""

    center = models.ForeignKey("accounts.HealthCenter", on_delete=models.PROTECT, related_name="+")
    number = models.PositiveIntegerField("n°")
    source = models.CharField("origine", max_length=16, choices=NcSource)
    title = models.CharField("intitulé", max_length=200)
    description = models.TextField("constat")
    criterion = models.ForeignKey(
        "certification.Criterion",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nonconformities",
        verbose_name="critère",
    )
    complaint = models.OneToOneField(
        "adherents.Complaint",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nonconformity",
        verbose_name="réclamation",
    )
    audit = models.ForeignKey(
        "certification.Audit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="nonconformities",
    )
    severity = models.CharField("gravité", max_length=5, choices=Severity)
    detected_on = models.DateField("constatée le")
    due_on = models.DateField("à solder avant le")
    cause_analysis = models.TextField("analyse des causes", blank=True)
    closed_on = models.DateField("soldée le", null=True, blank=True)
    # The day the daily task told quality and direction the NC is late (once); being late
    # never changes the severity (certification/rules/nonconformities.py).
    late_alerted_on = models.DateField("retard signalé le", null=True, blank=True)
    # The certification audit at which a minor NC still open became major (stand-in rule);
    # the row's history (pghistory) keeps the change, its day and this reason.
    escalated_at_audit = models.ForeignKey(
        "certification.Audit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="escalated_nonconformities",
        verbose_name="devenue majeure à l'audit",
    )
    raised_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = CenterQuerySet.as_manager()

    class Meta:
        verbose_name = "non-conformité"
        ordering = ["-detected_on", "-number"]
        constraints = [
            models.UniqueConstraint(fields=["center", "number"], name="nc_number_unique"),
            models.CheckConstraint(
                condition=Q(closed_on__isnull=True) | ~Q(cause_analysis=""),
                name="nc_closed_has_cause_analysis",
            ),
            models.CheckConstraint(
                condition=~Q(source="complaint") | Q(complaint__isnull=False),
                name="nc_complaint_source_has_complaint",
            ),
            models.CheckConstraint(
                condition=Q(escalated_at_audit__isnull=True) | Q(severity="major"),
                name="nc_escalated_at_audit_is_major",
            ),
        ]
        indexes = [models.Index(fields=["center", "closed_on", "due_on"], name="nc_open_idx")]

    def __str__(self) -> str:
        return f"NC-{self.number:04d} {self.title}"

    @property
    def reference(self) -> str:
        return f"NC-{self.number:04d}"

    def lateness(self, today=None) -> rules.Lateness:
        """Late: open past its due date (an alert; the severity does not change)."""
        return rules.lateness(
            self.severity,
            self.due_on,
            today or timezone.localdate(),
            is_closed=self.closed_on is not None,
        )

    @property
    def is_late(self) -> bool:
        return self.lateness().is_late


@pghistory.track()
class CorrectiveAction(TimeStampedModel):
    """An action against a non-conformity's cause, its owner, due date, completion and check."""

    nonconformity = models.ForeignKey(
        NonConformity, on_delete=models.PROTECT, related_name="actions"
    )
    description = models.TextField("action")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="responsable",
    )
    due_on = models.DateField("échéance")
    done_on = models.DateField("réalisée le", null=True, blank=True)
    checked_on = models.DateField("efficacité vérifiée le", null=True, blank=True)
    is_effective = models.BooleanField("efficace", null=True, blank=True)
    check_note = models.TextField("vérification de l'efficacité", blank=True)

    class Meta:
        verbose_name = "action corrective"
        verbose_name_plural = "actions correctives"
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(checked_on__isnull=True)
                | Q(done_on__isnull=False, is_effective__isnull=False),
                name="action_checked_after_done",
            ),
        ]
        indexes = [models.Index(fields=["due_on", "done_on"], name="action_due_idx")]

    def __str__(self) -> str:
        return self.description[:80]
