"""CBI screenings (health data) and the proposals of contact they trigger."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext

# Who reads a score besides the person: health professionals only (domain note, section 2).
SCREENING_READ = "tns.screening:read"


class ScreeningStatus(models.TextChoices):
    DRAFT = "draft", "En cours de saisie"
    SUBMITTED = "submitted", "Terminé"


class ScreeningQuerySet(models.QuerySet["Screening"]):
    def visible_to(self, ctx: AccessContext) -> ScreeningQuerySet:
        """Portal: the person's own. Staff: health professionals of the person's team."""
        if ctx.is_portal and ctx.user.is_authenticated:
            return self.filter(person=ctx.user)
        if ctx.is_staff and ctx.center_id and ctx.has_perm(SCREENING_READ):
            return self.filter(affiliation__adherent__team_id__in=ctx.team_ids)
        return self.none()


@pghistory.track()
class Screening(TimeStampedModel):
    """One Copenhagen Burnout Inventory, saved as answered and scored by the server."""

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tns_screenings"
    )
    affiliation = models.ForeignKey(
        "tns.TnsAffiliation", on_delete=models.PROTECT, related_name="screenings"
    )
    serves_clients = models.BooleanField("sert une clientèle", default=True)
    answers = models.JSONField("réponses", default=dict, blank=True)  # {"work_3": 2, …}
    status = models.CharField(
        "statut", max_length=10, choices=ScreeningStatus, default=ScreeningStatus.DRAFT
    )
    submitted_at = models.DateTimeField("terminé le", null=True, blank=True)
    personal_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    work_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    client_score = models.DecimalField(max_digits=5, decimal_places=2, null=True, blank=True)
    trigger = models.BooleanField("seuil atteint", default=False)

    objects = ScreeningQuerySet.as_manager()

    class Meta:
        verbose_name = "dépistage de l'épuisement (CBI)"
        verbose_name_plural = "dépistages de l'épuisement (CBI)"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["person"],
                condition=Q(status="draft"),
                name="tns_screening_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False),
                name="tns_screening_submitted_at",
            ),
        ]
        indexes = [models.Index(fields=["person", "status"], name="tns_screening_person_idx")]

    def __str__(self) -> str:
        return f"Dépistage n° {self.pk}"


class ProposalStatus(models.TextChoices):
    OPEN = "open", "À traiter"
    IN_PROGRESS = "in_progress", "Contact pris"
    CLOSED = "closed", "Clos"


class Escalation(models.TextChoices):
    """What the team did (domain note, section 2: Escalation.kind)."""

    APPOINTMENT = "appointment", "Rendez-vous avec le médecin du travail ou l'infirmier(ère)"
    PSYCHOLOGIST = "psychologist", "Entretien avec le ou la psychologue du travail"
    PDP = "pdp", "Orientation vers la cellule de prévention de la désinsertion (PDP)"
    OUTSIDE = "outside", "Orientation vers une aide extérieure (3114, APESA, médecin traitant)"
    DECLINED = "declined", "La personne n'a pas souhaité de suite"
    UNREACHABLE = "unreachable", "Personne injoignable après plusieurs essais"


class ContactProposalQuerySet(models.QuerySet["ContactProposal"]):
    def visible_to(self, ctx: AccessContext) -> ContactProposalQuerySet:
        if ctx.is_portal and ctx.user.is_authenticated:
            return self.filter(screening__person=ctx.user)
        if ctx.is_staff and ctx.center_id and ctx.has_perm(SCREENING_READ):
            return self.filter(team_id__in=ctx.team_ids)
        return self.none()


@pghistory.track()
class ContactProposal(TimeStampedModel):
    """A proposal of contact to the team at or above the trigger, tracked until closed."""

    screening = models.OneToOneField(Screening, on_delete=models.PROTECT, related_name="proposal")
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    status = models.CharField(
        "statut", max_length=12, choices=ProposalStatus, default=ProposalStatus.OPEN
    )
    due_on = models.DateField("à traiter avant le")
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="pris en charge par",
    )
    contacted_at = models.DateTimeField("contact pris le", null=True, blank=True)
    outcome = models.CharField("suite donnée", max_length=20, choices=Escalation, blank=True)
    note = models.TextField("note", blank=True)
    closed_at = models.DateTimeField("clos le", null=True, blank=True)
    # Closed with the outcome "PDP" (issue 14): the case this proposal opened in the cell.
    pdp_case = models.OneToOneField(
        "pdp.PdpCase",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="tns_proposal",
        verbose_name="dossier PDP ouvert",
    )

    objects = ContactProposalQuerySet.as_manager()

    class Meta:
        verbose_name = "proposition de contact"
        verbose_name_plural = "propositions de contact"
        ordering = ["due_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_at__isnull=False) & ~Q(outcome="")),
                name="tns_proposal_closed_with_outcome",
            ),
            models.CheckConstraint(
                condition=Q(pdp_case__isnull=True) | Q(outcome="pdp"),
                name="tns_proposal_pdp_case_outcome",
            ),
        ]
        indexes = [models.Index(fields=["team", "status"], name="tns_proposal_team_idx")]

    def __str__(self) -> str:
        return f"Proposition de contact n° {self.pk}"
