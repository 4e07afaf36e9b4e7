"""The plan of a case: measures (kinds and legal bases), actions, partner requests, letters."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import F, Q

from pdp.rules.measures import KIND_CHOICES
from spsti.documents_storage import document_field, written_once
from spsti.models import TimeStampedModel


@pghistory.track()
class PdpMeasure(TimeStampedModel):
    """A measure of the plan; its employer-facing text goes into the measures letter and never
    holds a diagnosis (the employer receives measures, never health data)."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Prévue"
        IN_PROGRESS = "in_progress", "En cours"
        DONE = "done", "Réalisée"
        ABANDONED = "abandoned", "Abandonnée"

    case = models.ForeignKey("pdp.PdpCase", on_delete=models.PROTECT, related_name="measures")
    kind = models.CharField("type de mesure", max_length=30, choices=KIND_CHOICES)
    employer_text = models.TextField("aménagements pour l'employeur (sans diagnostic)")
    hours = models.CharField("horaires / temps de travail", max_length=200, blank=True)
    starts_on = models.DateField("à partir du", null=True, blank=True)
    status = models.CharField("état", max_length=12, choices=Status, default=Status.PLANNED)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "mesure du plan"
        ordering = ["pk"]


@pghistory.track()
class PlanAction(TimeStampedModel):
    """An action of the plan, with its owner and due date."""

    case = models.ForeignKey("pdp.PdpCase", on_delete=models.PROTECT, related_name="actions")
    measure = models.ForeignKey(
        PdpMeasure, on_delete=models.PROTECT, null=True, blank=True, related_name="actions"
    )
    label = models.CharField("action", max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pdp_actions"
    )
    due_on = models.DateField("échéance")
    done_on = models.DateField("faite le", null=True, blank=True)

    class Meta:
        verbose_name = "action du plan"
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["owner", "done_on", "due_on"], name="pdp_action_owner_idx")]


@pghistory.track()
class PartnerRequest(TimeStampedModel):
    """A question to a partner of the directory, answered through a secret link (the partner
    network's mechanism, spsti.secret_links); only under a consent in force."""

    case = models.ForeignKey(
        "pdp.PdpCase", on_delete=models.PROTECT, related_name="partner_requests"
    )
    measure = models.ForeignKey(
        PdpMeasure, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    partner = models.ForeignKey("adherents.Partner", on_delete=models.PROTECT, related_name="+")
    consent = models.ForeignKey("pdp.Consent", on_delete=models.PROTECT, related_name="+")
    question = models.TextField("question au partenaire (sans diagnostic)")
    sent_on = models.DateField("transmise le")
    due_on = models.DateField("réponse attendue avant le")
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    answer = models.TextField("réponse du partenaire", blank=True)
    answered_at = models.DateTimeField("répondue le", null=True, blank=True)

    class Meta:
        verbose_name = "sollicitation d'un partenaire"
        ordering = ["-sent_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(due_on__gte=F("sent_on")), name="pdp_partner_due_after_sent"
            ),
            models.CheckConstraint(
                condition=Q(answered_at__isnull=True) | ~Q(answer=""),
                name="pdp_partner_answer_text",
            ),
        ]


@pghistory.track()
class MeasuresLetter(TimeStampedModel):
    """The measures letter to the employer (L4624-3): adjustments and hours, never a diagnosis;
    each issue is a new numbered version, never overwritten."""

    case = models.ForeignKey("pdp.PdpCase", on_delete=models.PROTECT, related_name="letters")
    adherent = models.ForeignKey(
        "adherents.Adherent", on_delete=models.PROTECT, related_name="pdp_letters"
    )
    number = models.PositiveSmallIntegerField("n° de version")
    # Rendered after the commit (a task): its name in the documents storage and its SHA-256,
    # set once from empty, never rewritten.
    pdf = document_field("PDF")
    pdf_sha256 = models.CharField(max_length=64, blank=True)
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "courrier de mesures à l'employeur"
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(fields=["case", "number"], name="pdp_letter_number_unique"),
            models.CheckConstraint(
                condition=Q(pdf="") | Q(pdf_sha256__regex=r"^[0-9a-f]{64}$"),
                name="pdp_letter_pdf_has_sha256",
            ),
        ]
        triggers = [written_once("pdp_letter_pdf_written_once", "pdf", "pdf_sha256")]
        indexes = [models.Index(fields=["adherent", "created_at"], name="pdp_letter_adherent_idx")]
