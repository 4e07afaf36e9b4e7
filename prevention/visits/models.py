"""The "rendez-vous de la prévention" (seed 002): a hazard walk after joining, and its letter."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models

from prevention.scope import scoped
from spsti.documents_storage import document_field, written_once
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class PreventionVisitQuerySet(models.QuerySet["PreventionVisit"]):
    def visible_to(self, ctx: AccessContext) -> PreventionVisitQuerySet:
        """Staff of the centre's teams; the member sees its held visits (the letter)."""
        qs = scoped(self, ctx, "prevention.visit:view", "establishment__adherent")
        return qs.filter(status=PreventionVisit.Status.HELD) if ctx.is_portal else qs


@pghistory.track(exclude=["letter_pdf"])
class PreventionVisit(TimeStampedModel):
    """A prevention visit of an establishment: checklist by unit, summary, employer letter."""

    class Status(models.TextChoices):
        PLANNED = "planned", "Programmée"
        HELD = "held", "Réalisée"
        CANCELLED = "cancelled", "Annulée"

    class Knowledge(models.TextChoices):
        LOW = "low", "Faible"
        MEDIUM = "medium", "Moyen"
        GOOD = "good", "Bon"

    class RestitutionMode(models.TextChoices):
        """How the employer prefers the visit's restitution (seed 002)."""

        VISIO = "visio", "Visioconférence"
        ONSITE = "onsite", "Sur place"
        PHONE = "phone", "Téléphone"
        LETTER = "letter", "Courrier ou e-mail seul"

    establishment = models.ForeignKey(
        "adherents.Establishment", on_delete=models.PROTECT, related_name="prevention_visits"
    )
    scheduled_on = models.DateField("prévue le")
    due_on = models.DateField("à réaliser avant le", null=True, blank=True)
    status = models.CharField("statut", max_length=10, choices=Status, default=Status.PLANNED)
    assigned_to = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    held_on = models.DateField("réalisée le", null=True, blank=True)
    employer_expectations = models.TextField("attentes de l'employeur", blank=True)
    knowledge_level = models.CharField(
        "niveau de connaissance en prévention", max_length=10, choices=Knowledge, blank=True
    )
    training_needs = models.TextField("besoins de formation", blank=True)
    internal_summary = models.TextField("synthèse interne (équipe)", blank=True)
    # Printed in the employer's letter, after the synthesis (seed 002).
    proposal = models.TextField("proposition d'accompagnement", blank=True)
    restitution_mode = models.CharField(
        "modalité de restitution", max_length=10, choices=RestitutionMode, blank=True
    )
    letter_pdf = document_field("courrier à l'employeur (PDF)")
    letter_sha256 = models.CharField(max_length=64, blank=True)
    # When the letter was issued and queued to the member (its read receipt's « envoyé le »):
    # set with the letter, once; the letters issued before it got their issue date from the
    # visit's history (migration prevention 0011).
    letter_sent_at = models.DateTimeField("courrier envoyé le", null=True, blank=True)

    objects = PreventionVisitQuerySet.as_manager()

    class Meta:
        verbose_name = "rendez-vous de la prévention"
        verbose_name_plural = "rendez-vous de la prévention"
        ordering = ["-scheduled_on"]
        indexes = [
            models.Index(fields=["establishment", "scheduled_on"], name="pvisit_idx"),
            # The back office's list, latest first, read backwards by key (spsti.pagination):
            # without it, each page joined and sorted every visit of the centre.
            models.Index(fields=["scheduled_on", "id"], name="pvisit_list_order_idx"),
            models.Index(fields=["status", "scheduled_on", "id"], name="pvisit_status_order_idx"),
            # The reading indicator: the letters sent in a 12-month window (a few per member).
            models.Index(
                fields=["letter_sent_at"],
                name="pvisit_letter_sent_idx",
                condition=models.Q(letter_sent_at__isnull=False),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="held") | models.Q(held_on__isnull=False),
                name="pvisit_held_dated",
            ),
            # A sending date is a letter's: never on a visit without one.
            models.CheckConstraint(
                condition=models.Q(letter_sent_at__isnull=True) | ~models.Q(letter_sha256=""),
                name="pvisit_letter_sent_has_letter",
            ),
        ]
        triggers = [written_once("pvisit_letter_written_once", "letter_pdf", "letter_sha256")]

    def __str__(self) -> str:
        return f"Rendez-vous de la prévention — {self.establishment} — {self.scheduled_on}"

    @property
    def exchange_phrase(self) -> str:
        """How the letter offers the exchange: « nous vous proposons d'échanger <phrase> »."""
        return EXCHANGE_PHRASES.get(self.restitution_mode, EXCHANGE_PHRASES[""])


# The end of the seed's sentence, in the employer's preferred format (seed 002).
EXCHANGE_PHRASES = {
    PreventionVisit.RestitutionMode.VISIO: "par visioconférence",
    PreventionVisit.RestitutionMode.ONSITE: "sur place, dans votre établissement",
    PreventionVisit.RestitutionMode.PHONE: "par téléphone",
    "": "avec vous, en visioconférence, sur place ou par téléphone, selon votre préférence",
}
EXCHANGE_PHRASES[PreventionVisit.RestitutionMode.LETTER] = EXCHANGE_PHRASES[""]


class PreventionVisitUnit(models.Model):
    """The checklist of one work unit: hazards seen, existing prevention, remarks."""

    visit = models.ForeignKey(PreventionVisit, on_delete=models.PROTECT, related_name="units")
    work_unit = models.ForeignKey(
        "prevention.WorkUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField("unité de travail", max_length=120)
    hazards = models.ManyToManyField("prevention.Hazard", blank=True, related_name="+")
    existing_prevention = models.TextField("prévention existante", blank=True)
    remarks = models.TextField("remarques", blank=True)

    class Meta:
        verbose_name = "unité visitée"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.name


class VisitLetterRead(models.Model):
    """The read receipt of a visit's letter: its first opening in the portal by a person of the
    member (seed 002: « transmission par courrier ou mail (accusé de lecture) »).

    Attached to the visit: its letter is issued once and never re-issued (a new letter is a new
    visit), so one visit holds one receipt. Written once, at the first read; the later reads,
    and the staff's, change nothing (insert-only: the database refuses any change).
    """

    visit = models.OneToOneField(
        PreventionVisit, on_delete=models.PROTECT, related_name="letter_read"
    )
    read_at = models.DateTimeField("lu le")
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "accusé de lecture du courrier de synthèse"
        verbose_name_plural = "accusés de lecture des courriers de synthèse"
        triggers = [
            pgtrigger.Protect(name="pvisit_read_no_update", operation=pgtrigger.Update),
            pgtrigger.Protect(name="pvisit_read_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"Lu le {self.read_at:%d/%m/%Y}"
