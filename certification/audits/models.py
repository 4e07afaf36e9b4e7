"""Audits: internal and cross audits with their findings, and the certification audit with its
certifier, level, validity and reserves."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from spsti.models import TimeStampedModel


class AuditQuerySet(models.QuerySet):
    def visible_to(self, ctx):
        """Quality readers see the centre's audits; an auditor sees the audits they hold
        (the dates are checked by perms.audits_now on the page itself)."""
        from certification import perms

        if not (ctx.is_staff and ctx.center_id):
            return self.none()
        mine = self.filter(center_id=ctx.center_id)
        return mine if perms.reads_quality(ctx) else mine.filter(auditors=ctx.user.pk)


class AuditKind(models.TextChoices):
    INTERNAL = "internal", "Audit interne"
    CROSS = "cross", "Audit croisé (autre SPSTI)"
    EXTERNAL = "external", "Audit de certification"


class Audit(TimeStampedModel):
    """An audit of the centre's quality system, its scope, dates, auditors and report."""

    center = models.ForeignKey("accounts.HealthCenter", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("type", max_length=10, choices=AuditKind)
    title = models.CharField("intitulé", max_length=200)
    scope = models.TextField("périmètre")
    starts_on = models.DateField("du")
    ends_on = models.DateField("au")
    auditors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="auditeurs"
    )
    external_auditors = models.CharField("auditeurs extérieurs", max_length=200, blank=True)
    sampled_criteria = models.ManyToManyField(
        "certification.Criterion",
        blank=True,
        related_name="+",
        verbose_name="critères échantillonnés",
    )
    report = models.TextField("rapport", blank=True)
    # Certification audit only (D4622-47-2, D4622-47-3; arrêté of 27 July 2023)
    certifier = models.CharField("organisme certificateur", max_length=200, blank=True)
    level_obtained = models.PositiveSmallIntegerField(
        "niveau obtenu", choices=[(1, "1"), (2, "2"), (3, "3")], null=True, blank=True
    )
    certified_on = models.DateField("certifié le", null=True, blank=True)
    valid_until = models.DateField("valable jusqu'au", null=True, blank=True)
    reserves = models.TextField("réserves", blank=True)
    immediate_actions = models.TextField("demandes d'actions correctives immédiates", blank=True)
    alerts_sent = models.JSONField("alertes d'échéance envoyées (mois)", default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "audit"
        ordering = ["-starts_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="audit_dates_ordered"
            ),
            models.CheckConstraint(
                condition=Q(level_obtained__isnull=True)
                | Q(kind="external", certified_on__isnull=False, valid_until__isnull=False),
                name="audit_level_only_external_with_validity",
            ),
        ]
        indexes = [models.Index(fields=["center", "starts_on"], name="audit_center_idx")]

    def __str__(self) -> str:
        return self.title


class Finding(TimeStampedModel):
    """What an audit found: a non-conformity (raised in the register) or an observation."""

    class Kind(models.TextChoices):
        NONCONFORMITY = "nonconformity", "Non-conformité"
        OBSERVATION = "observation", "Observation"

    audit = models.ForeignKey(Audit, on_delete=models.PROTECT, related_name="findings")
    kind = models.CharField("nature", max_length=14, choices=Kind)
    criterion = models.ForeignKey(
        "certification.Criterion", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    text = models.TextField("constat")
    nonconformity = models.OneToOneField(
        "certification.NonConformity",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="finding",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "constat d'audit"
        ordering = ["pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(kind="observation", nonconformity__isnull=True)
                | Q(kind="nonconformity", nonconformity__isnull=False),
                name="finding_nc_has_register_entry",
            )
        ]

    def __str__(self) -> str:
        return self.text[:80]
