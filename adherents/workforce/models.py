"""The yearly workforce declaration, per establishment, by follow-up category.

A submitted declaration is immutable (trigger): a correction, asked through a request, or an
update during the year, is a new version that points to the one it supersedes.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
import pgtrigger
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q

from adherents import scope
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext

# Heads declared per establishment: the column holds 32767, this bound is far above any company.
COMPANY_HEADS_MAX = 1000


@pghistory.track()
class DeclarationCampaign(TimeStampedModel):
    """The yearly campaign: when members declare, and when they are reminded."""

    year = models.PositiveSmallIntegerField("année", unique=True)
    opens_on = models.DateField("ouverture")
    closes_on = models.DateField("clôture")
    # Reminders are sent this many days before closing, to establishments not yet declared.
    reminder_days = ArrayField(
        models.PositiveSmallIntegerField(), default=list, blank=True, verbose_name="relances (J-)"
    )

    class Meta:
        verbose_name = "campagne de déclaration d'effectifs"
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(
                condition=Q(closes_on__gte=F("opens_on")), name="campaign_period_ordered"
            )
        ]

    def __str__(self) -> str:
        return f"Déclaration des effectifs {self.year}"


class DeclarationKind(models.TextChoices):
    CAMPAIGN = "campaign", "Déclaration annuelle"
    UPDATE = "update", "Mise à jour en cours d'année"
    CORRECTION = "correction", "Correction validée par le service"


class WorkforceDeclarationQuerySet(models.QuerySet["WorkforceDeclaration"]):
    def visible_to(self, ctx: AccessContext) -> WorkforceDeclarationQuerySet:
        """Portal: the member's, if its role or mandate declares the workforce; staff: centre."""
        return scope.of_member(
            self, ctx, "establishment__adherent", portal_code="adherents.workforce:declare"
        )


class WorkforceDeclaration(models.Model):
    """One submitted version of an establishment's headcount for a year; never changed."""

    campaign = models.ForeignKey(
        DeclarationCampaign, on_delete=models.PROTECT, related_name="declarations"
    )
    establishment = models.ForeignKey(
        "adherents.Establishment", on_delete=models.PROTECT, related_name="declarations"
    )
    version = models.PositiveSmallIntegerField("version", default=1)
    kind = models.CharField("nature", max_length=12, choices=DeclarationKind)
    supersedes = models.OneToOneField(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="superseded_by"
    )
    headcount_si = models.PositiveIntegerField("salariés en SI")
    headcount_sia = models.PositiveIntegerField("salariés en SIA")
    headcount_sir = models.PositiveIntegerField("salariés en SIR")
    # Heads of the company (non-salaried) using the follow-up offered to its employees
    # (art. L4621-4): declared here, beside the headcounts, not counted in `total`.
    company_heads = models.PositiveSmallIntegerField(
        "dirigeants bénéficiant du suivi (art. L4621-4)",
        default=0,
        help_text=(
            "Dirigeants de l'entreprise (non salariés) qui souhaitent bénéficier du suivi "
            "proposé à ses salariés (art. L4621-4 du Code du travail)."
        ),
    )
    prefilled_from_workers = models.BooleanField("pré-rempli depuis la liste des salariés")
    submitted_at = models.DateTimeField("déclarée le", auto_now_add=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    via_firm = models.ForeignKey(
        "adherents.AccountingFirm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="par le cabinet",
    )
    reason = models.TextField("motif", blank=True)  # of a correction or an update

    objects = WorkforceDeclarationQuerySet.as_manager()

    class Meta:
        verbose_name = "déclaration d'effectifs"
        verbose_name_plural = "déclarations d'effectifs"
        ordering = ["campaign", "establishment", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["campaign", "establishment", "version"], name="declaration_version_unique"
            ),
            models.CheckConstraint(
                condition=Q(version=1, supersedes__isnull=True)
                | Q(version__gt=1, supersedes__isnull=False),
                name="declaration_version_chain",
            ),
        ]
        indexes = [
            models.Index(fields=["establishment", "campaign"], name="declaration_estab_idx"),
        ]
        triggers = [
            pgtrigger.Protect(name="declaration_no_update", operation=pgtrigger.Update),
            pgtrigger.Protect(name="declaration_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.establishment} — {self.campaign.year} v{self.version}"

    @property
    def total(self) -> int:
        return self.headcount_si + self.headcount_sia + self.headcount_sir
