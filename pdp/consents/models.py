"""The worker's consent to each exchange of the cell with a third party, with its proof."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from spsti.documents_storage import document_field, written_once
from spsti.models import TimeStampedModel


class DataCategory(models.TextChoices):
    IDENTITY = "identity", "Identité et coordonnées"
    WORK_SITUATION = "work_situation", "Situation professionnelle et poste"
    ABSENCE = "absence", "Arrêt de travail (dates)"
    RESTRICTIONS = "restrictions", "Restrictions et aménagements préconisés"
    HEALTH = "health", "Données de santé utiles à l'accompagnement"


class ConsentQuerySet(models.QuerySet["Consent"]):
    def in_force(self) -> ConsentQuerySet:
        return self.filter(withdrawn_on__isnull=True)


@pghistory.track()
class Consent(TimeStampedModel):
    """The worker's consent to one exchange: recipient body, purpose, data categories, date,
    withdrawal; proved by a signed form or an oral consent recorded by a cell member."""

    class Proof(models.TextChoices):
        SIGNED_FORM = "signed_form", "Formulaire signé (déposé)"
        ORAL = "oral", "Consentement oral recueilli"

    case = models.ForeignKey("pdp.PdpCase", on_delete=models.PROTECT, related_name="consents")
    recipient = models.CharField("organisme destinataire", max_length=200)
    partner = models.ForeignKey(
        "adherents.Partner",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="partenaire de l'annuaire",
    )
    purpose = models.CharField("finalité de l'échange", max_length=300)
    data_categories = models.JSONField("catégories de données", default=list)
    given_on = models.DateField("donné le")
    proof = models.CharField("preuve", max_length=12, choices=Proof)
    # The signed form: its name in the documents storage and its SHA-256, written once.
    proof_file = document_field("formulaire signé")
    proof_sha256 = models.CharField(max_length=64, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    recorded_at = models.DateTimeField("enregistré le", auto_now_add=True)
    withdrawn_on = models.DateField("retiré le", null=True, blank=True)
    withdrawn_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    objects = ConsentQuerySet.as_manager()

    class Meta:
        verbose_name = "consentement"
        ordering = ["-given_on", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(proof="oral") | ~Q(proof_file=""), name="pdp_consent_signed_has_file"
            ),
            models.CheckConstraint(
                condition=Q(withdrawn_on__isnull=True) | Q(withdrawn_on__gte=models.F("given_on")),
                name="pdp_consent_withdrawn_after_given",
            ),
            models.CheckConstraint(
                condition=Q(proof_file="") | Q(proof_sha256__regex=r"^[0-9a-f]{64}$"),
                name="pdp_consent_proof_has_sha256",
            ),
        ]
        triggers = [written_once("pdp_consent_proof_written_once", "proof_file", "proof_sha256")]
        indexes = [models.Index(fields=["case", "withdrawn_on"], name="pdp_consent_case_idx")]

    def __str__(self) -> str:
        return f"Consentement — {self.recipient} ({self.given_on:%d/%m/%Y})"

    @property
    def is_in_force(self) -> bool:
        return self.withdrawn_on is None
