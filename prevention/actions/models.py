"""Prevention actions in the workplace (AMT) carried out by the team, with their documents."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models

from prevention.scope import scoped
from spsti.documents_storage import document_field
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class PreventionActionQuerySet(models.QuerySet["PreventionAction"]):
    def visible_to(self, ctx: AccessContext) -> PreventionActionQuerySet:
        return scoped(self, ctx, "prevention.action:view", "adherent")


@pghistory.track()
class PreventionAction(TimeStampedModel):
    """One action of the team in a member's workplace: who, when, how long, what."""

    class Kind(models.TextChoices):
        WORKSTATION_STUDY = "workstation_study", "Étude de poste"
        MEASUREMENTS = "measurements", "Métrologie (mesures)"
        AWARENESS = "awareness", "Sensibilisation"
        CSE_MEETING = "cse_meeting", "Réunion CSE / CSSCT"
        PRIMARY_PREVENTION = "primary_prevention", "Action de prévention primaire"
        FICHE = "fiche", "Fiche d'entreprise"
        PREVENTION_VISIT = "prevention_visit", "Rendez-vous de la prévention"
        DUERP_SUPPORT = "duerp_support", "Accompagnement au DUERP"
        OTHER = "other", "Autre action"

    adherent = models.ForeignKey(
        "adherents.Adherent", on_delete=models.PROTECT, related_name="prevention_actions"
    )
    establishment = models.ForeignKey(
        "adherents.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    kind = models.CharField("type d'action", max_length=24, choices=Kind)
    performed_on = models.DateField("réalisée le")
    performed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    duration_minutes = models.PositiveIntegerField("temps passé (minutes)")
    description = models.TextField("description")

    objects = PreventionActionQuerySet.as_manager()

    class Meta:
        verbose_name = "action en milieu de travail"
        verbose_name_plural = "actions en milieu de travail"
        ordering = ["-performed_on"]
        indexes = [
            models.Index(fields=["adherent", "kind", "performed_on"], name="amt_member_kind_idx"),
            # The list's order (newest first, read backwards), and with the kind filter.
            models.Index(fields=["performed_on", "id"], name="amt_list_order_idx"),
            models.Index(fields=["kind", "performed_on", "id"], name="amt_kind_order_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(duration_minutes__gt=0), name="amt_duration_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.performed_on:%d/%m/%Y}"


class ActionDocument(models.Model):
    """A document linked to an action (report, measurement sheet), checked for type and size."""

    action = models.ForeignKey(PreventionAction, on_delete=models.PROTECT, related_name="documents")
    filename = models.CharField("fichier", max_length=200)
    content_type = models.CharField(max_length=80)
    content = document_field("contenu")
    sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "document d'action"

    def __str__(self) -> str:
        return self.filename
