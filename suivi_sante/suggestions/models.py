"""Exposure suggestions from prevention (a CMR product in the worker's unit) for the physician."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.db import models

from suivi_sante.enums import SirRisk

if TYPE_CHECKING:
    from accounts.context import AccessContext


class ExposureSuggestionQuerySet(models.QuerySet["ExposureSuggestion"]):
    def visible_to(self, ctx: AccessContext) -> ExposureSuggestionQuerySet:
        """The centre's physicians: a suggestion for them, never for the employer."""
        if ctx.is_staff and ctx.center_id and ctx.has_perm("suivi_sante.category:override"):
            return self.filter(employment__worker__adherent__team_id__in=ctx.team_ids)
        return self.none()


class ExposureSuggestion(models.Model):
    """A SIR exposure suggested for a post; only the physician decides (never automatic)."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", "Retenue par le médecin"
        REJECTED = "rejected", "Écartée par le médecin"

    employment = models.ForeignKey(
        "suivi_sante.Employment", on_delete=models.PROTECT, related_name="exposure_suggestions"
    )
    sir_risk = models.CharField("risque suggéré", max_length=32, choices=SirRisk)
    source = models.CharField("origine", max_length=300)
    suggested_at = models.DateTimeField("suggérée le", auto_now_add=True)
    decision = models.CharField("décision", max_length=10, choices=Decision, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField("décidée le", null=True, blank=True)

    objects = ExposureSuggestionQuerySet.as_manager()

    class Meta:
        verbose_name = "exposition suggérée"
        verbose_name_plural = "expositions suggérées"
        constraints = [
            # One open suggestion per post and risk: a second CMR product adds nothing.
            models.UniqueConstraint(
                fields=["employment", "sir_risk"],
                condition=models.Q(decision=""),
                name="one_open_suggestion_per_risk",
            ),
            models.CheckConstraint(
                condition=models.Q(decision="")
                | models.Q(decided_by__isnull=False, decided_at__isnull=False),
                name="suggestion_decision_signed",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_sir_risk_display()} suggéré — {self.source}"
