"""The DMST (dossier médical en santé au travail): medical content, append-only (L4624-8).

Only the worker's health professionals read it (suivi_sante.perms.can_read_dmst), every read is
written to the access log, and nothing here is ever joined into an employer's or a secretary's
page. Rows are never updated or deleted (database triggers): a correction is a new row.
"""

from __future__ import annotations

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models

from spsti.models import TimeStampedModel
from suivi_sante.enums import SirRisk

APPEND_ONLY = [
    pgtrigger.Protect(name="append_only_no_update", operation=pgtrigger.Update),
    pgtrigger.Protect(name="append_only_no_delete", operation=pgtrigger.Delete),
]


class Dmst(TimeStampedModel):
    """The medical record of one worker, opened by a member of the health team."""

    worker = models.OneToOneField(
        "suivi_sante.Worker", on_delete=models.PROTECT, related_name="dmst"
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    treating_physician = models.CharField("médecin traitant", max_length=200, blank=True)

    class Meta:
        verbose_name = "DMST"
        verbose_name_plural = "DMST"

    def __str__(self) -> str:
        return f"DMST — {self.worker}"


class MedicalNote(models.Model):
    """A dated entry of the record: observation, visit conclusion, exchange, information."""

    class Kind(models.TextChoices):
        OBSERVATION = "observation", "Observation"
        CONCLUSION = "conclusion", "Conclusion de visite"
        EXCHANGE = "exchange", "Échange entre professionnels"
        INFORMATION = "information", "Information donnée au salarié"

    dmst = models.ForeignKey(Dmst, on_delete=models.PROTECT, related_name="notes")
    kind = models.CharField("nature", max_length=12, choices=Kind, default=Kind.OBSERVATION)
    visit = models.ForeignKey(
        "suivi_sante.Visit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    written_at = models.DateTimeField("écrite le", auto_now_add=True)
    body = models.TextField("texte")
    corrects = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="corrections"
    )

    class Meta:
        verbose_name = "note médicale"
        ordering = ["-written_at"]
        indexes = [models.Index(fields=["dmst", "written_at"], name="note_dmst_idx")]
        triggers = APPEND_ONLY

    def __str__(self) -> str:
        return f"{self.get_kind_display()} du {self.written_at:%d/%m/%Y}"


class ExposureRecord(models.Model):
    """A current or past exposure recorded by the team (traceability of exposures, R4624-45-3)."""

    dmst = models.ForeignKey(Dmst, on_delete=models.PROTECT, related_name="exposures")
    sir_risk = models.CharField("risque SIR", max_length=32, choices=SirRisk, blank=True)
    agent = models.CharField("agent ou situation", max_length=200)
    started_on = models.DateField("depuis le")
    ended_on = models.DateField("jusqu'au", null=True, blank=True)
    description = models.TextField("description", blank=True)
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField("enregistrée le", auto_now_add=True)

    class Meta:
        verbose_name = "exposition"
        ordering = ["-started_on"]
        indexes = [models.Index(fields=["dmst", "started_on"], name="exposure_dmst_idx")]
        triggers = APPEND_ONLY
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ended_on__isnull=True)
                | models.Q(ended_on__gte=models.F("started_on")),
                name="exposure_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.agent


class Measurement(models.Model):
    """A measurement taken at a visit (weight, blood pressure, audiometry…)."""

    dmst = models.ForeignKey(Dmst, on_delete=models.PROTECT, related_name="measurements")
    visit = models.ForeignKey(
        "suivi_sante.Visit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    label = models.CharField("mesure", max_length=80)
    value = models.DecimalField("valeur", max_digits=8, decimal_places=2)
    unit = models.CharField("unité", max_length=20)
    measured_on = models.DateField("mesurée le")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")

    class Meta:
        verbose_name = "mesure"
        ordering = ["-measured_on"]
        indexes = [models.Index(fields=["dmst", "measured_on"], name="measurement_dmst_idx")]
        triggers = APPEND_ONLY

    def __str__(self) -> str:
        return f"{self.label} : {self.value} {self.unit}"


# Track the record header's changes (treating physician); the append-only rows need no history.
pghistory.track()(Dmst)
