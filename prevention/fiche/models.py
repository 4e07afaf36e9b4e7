"""Fiche d'entreprise (R4624-46 to R4624-50): versions drafted, validated, sent, never altered.

A version is edited while it is a draft. Once the physician validates it, its content is frozen
by database triggers (the version row and every entry, hazard and photo of it); sending it only
adds the PDF and its hash. The current FE is the last one sent; the older ones are archived.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
import pgtrigger
from django.conf import settings
from django.db import models

from prevention.scope import scoped
from spsti.documents_storage import document_field
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext

FROZEN = "RAISE EXCEPTION 'fiche d''entreprise figée : créez une nouvelle version';"
# The version row: free while a draft; validated -> sent only adds the PDF, its hash and date.
VERSION_GUARD = f"""
IF TG_OP = 'INSERT' THEN
    IF NEW.status <> 'draft' THEN {FROZEN} END IF;
    RETURN NEW;
END IF;
IF TG_OP = 'DELETE' THEN
    IF OLD.status <> 'draft' THEN {FROZEN} END IF;
    RETURN OLD;
END IF;
IF OLD.status = 'draft' THEN RETURN NEW; END IF;
IF OLD.status = 'validated' AND NEW.status = 'sent'
   AND NEW.observations IS NOT DISTINCT FROM OLD.observations
   AND NEW.recommendations IS NOT DISTINCT FROM OLD.recommendations
   AND NEW.validated_by_id IS NOT DISTINCT FROM OLD.validated_by_id
   AND NEW.validated_at IS NOT DISTINCT FROM OLD.validated_at THEN
    RETURN NEW;
END IF;
{FROZEN}
"""


def _child_guard(status_query: str) -> str:
    return f"""
IF ({status_query}) <> 'draft' THEN {FROZEN} END IF;
IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;
RETURN NEW;
"""


ENTRY_GUARD = _child_guard(
    "SELECT status FROM prevention_ficheversion WHERE id = COALESCE(NEW.version_id, OLD.version_id)"
)
HAZARD_GUARD = _child_guard(
    "SELECT v.status FROM prevention_ficheunitentry e "
    "JOIN prevention_ficheversion v ON v.id = e.version_id "
    "WHERE e.id = COALESCE(NEW.entry_id, OLD.entry_id)"
)


def _frozen_trigger(name: str, func: str) -> pgtrigger.Trigger:
    return pgtrigger.Trigger(
        name=name,
        when=pgtrigger.Before,
        operation=pgtrigger.Insert | pgtrigger.Update | pgtrigger.Delete,
        func=func,
    )


class FicheQuerySet(models.QuerySet["FicheEntreprise"]):
    def visible_to(self, ctx: AccessContext) -> FicheQuerySet:
        return scoped(self, ctx, "prevention.fiche:view", "establishment__adherent")


@pghistory.track(exclude=["last_sent_at"])
class FicheEntreprise(TimeStampedModel):
    """The FE of one establishment and its deadlines (first within a year of joining)."""

    establishment = models.OneToOneField(
        "adherents.Establishment", on_delete=models.PROTECT, related_name="fiche_entreprise"
    )
    first_due_on = models.DateField("à établir avant le")  # R4624-47
    # A network target (Présanse), not a legal deadline: settings.SPSTI_FE_RENEWAL_YEARS.
    renewal_due_on = models.DateField("à renouveler avant le", null=True, blank=True)
    # When its latest version was sent to the employer (None: never sent): written only by the
    # database, by the triggers on the versions that migration prevention 0008 creates (any
    # insert, update, delete, COPY), so that the lists and the forecast read it on the row
    # instead of probing the versions of every establishment. Not in the FE's history: the
    # versions' own history holds each sending.
    last_sent_at = models.DateTimeField(
        "dernière transmission le", null=True, blank=True, editable=False
    )

    objects = FicheQuerySet.as_manager()

    class Meta:
        verbose_name = "fiche d'entreprise"
        verbose_name_plural = "fiches d'entreprise"
        indexes = [
            models.Index(fields=["first_due_on"], name="fe_first_due_idx"),
            models.Index(fields=["renewal_due_on"], name="fe_renewal_due_idx"),
        ]

    def __str__(self) -> str:
        return f"FE — {self.establishment}"


class FicheVersionQuerySet(models.QuerySet["FicheVersion"]):
    def visible_to(self, ctx: AccessContext) -> FicheVersionQuerySet:
        """Staff: every version of the centre's members. Portal: the versions sent to it."""
        qs = scoped(self, ctx, "prevention.fiche:view", "fiche__establishment__adherent")
        return qs.filter(status=FicheVersion.Status.SENT) if ctx.is_portal else qs


@pghistory.track(exclude=["pdf"])
class FicheVersion(TimeStampedModel):
    """One edition of an FE: frozen once validated by the physician, never deleted after."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Brouillon"
        VALIDATED = "validated", "Validée par le médecin"
        SENT = "sent", "Transmise à l'employeur"

    fiche = models.ForeignKey(FicheEntreprise, on_delete=models.PROTECT, related_name="versions")
    number = models.PositiveSmallIntegerField("n° de version")
    status = models.CharField("statut", max_length=12, choices=Status, default=Status.DRAFT)
    thesaurus = models.ForeignKey(
        "prevention.HazardThesaurus", on_delete=models.PROTECT, related_name="+"
    )
    drafted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    contributors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, blank=True, related_name="+", verbose_name="contributeurs"
    )
    observations = models.TextField("observations", blank=True)
    recommendations = models.TextField("préconisations", blank=True)
    from_visit = models.ForeignKey(
        "prevention.PreventionVisit",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="fiche_versions",
    )
    validated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    validated_at = models.DateTimeField("validée le", null=True, blank=True)
    sent_at = models.DateTimeField("transmise le", null=True, blank=True)
    pdf = document_field("PDF")
    sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True)

    objects = FicheVersionQuerySet.as_manager()

    class Meta:
        verbose_name = "version de fiche d'entreprise"
        verbose_name_plural = "versions de fiche d'entreprise"
        ordering = ["-number"]
        indexes = [
            # The versions in progress (a few among the sent ones), for the list's « Brouillon
            # à valider » and « Validée, à transmettre » filters and the home page's count.
            models.Index(
                fields=["fiche", "status"],
                name="fe_version_pending_idx",
                condition=models.Q(status__in=["draft", "validated"]),
            ),
            # The reading indicator: the versions sent in a 12-month window.
            models.Index(
                fields=["sent_at"],
                name="fe_version_sent_idx",
                condition=models.Q(sent_at__isnull=False),
            ),
        ]
        constraints = [
            models.UniqueConstraint(fields=["fiche", "number"], name="fe_version_number_unique"),
            models.CheckConstraint(
                condition=models.Q(status="draft")
                | models.Q(validated_by__isnull=False, validated_at__isnull=False),
                name="fe_validated_has_signer",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="sent")
                | (models.Q(sent_at__isnull=False) & ~models.Q(pdf="") & ~models.Q(sha256="")),
                name="fe_sent_has_pdf",
            ),
            # One draft at a time per FE: a new version starts from the last one.
            models.UniqueConstraint(
                fields=["fiche"], condition=models.Q(status="draft"), name="fe_one_draft"
            ),
        ]
        triggers = [_frozen_trigger("fe_version_frozen", VERSION_GUARD)]

    def __str__(self) -> str:
        return f"FE {self.fiche.establishment} — version {self.number}"


class FicheUnitEntry(models.Model):
    """A work unit as described in one FE version (its name is copied: the FE is a snapshot)."""

    version = models.ForeignKey(FicheVersion, on_delete=models.PROTECT, related_name="units")
    work_unit = models.ForeignKey(
        "prevention.WorkUnit", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    name = models.CharField("unité de travail", max_length=120)
    exposed_count = models.PositiveIntegerField("effectif de l'unité", default=0)

    class Meta:
        verbose_name = "unité de travail de la FE"
        ordering = ["name"]
        triggers = [_frozen_trigger("fe_entry_frozen", ENTRY_GUARD)]

    def __str__(self) -> str:
        return self.name


class FicheHazardEntry(models.Model):
    """A hazard of a unit in an FE: exposed workers, existing measures, priority."""

    entry = models.ForeignKey(FicheUnitEntry, on_delete=models.PROTECT, related_name="hazards")
    hazard = models.ForeignKey("prevention.Hazard", on_delete=models.PROTECT, related_name="+")
    exposed_count = models.PositiveIntegerField("salariés exposés", default=0)
    existing_measures = models.TextField("mesures de prévention existantes", blank=True)
    is_priority = models.BooleanField("danger prioritaire", default=False)

    class Meta:
        verbose_name = "danger relevé"
        constraints = [
            models.UniqueConstraint(fields=["entry", "hazard"], name="fe_hazard_once_per_unit")
        ]
        triggers = [_frozen_trigger("fe_hazard_frozen", HAZARD_GUARD)]

    def __str__(self) -> str:
        return str(self.hazard)


class FichePhoto(models.Model):
    """A photo taken during the visit, checked for type and size, stored with the version."""

    version = models.ForeignKey(FicheVersion, on_delete=models.PROTECT, related_name="photos")
    caption = models.CharField("légende", max_length=200)
    content_type = models.CharField(max_length=40)
    content = document_field("photo")
    sha256 = models.CharField("empreinte SHA-256", max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "photo de la FE"
        triggers = [_frozen_trigger("fe_photo_frozen", ENTRY_GUARD)]

    def __str__(self) -> str:
        return self.caption


class FicheAcknowledgement(models.Model):
    """The employer's acknowledgement of receipt of a sent FE, in the portal (R4624-48)."""

    version = models.OneToOneField(
        FicheVersion, on_delete=models.PROTECT, related_name="acknowledgement"
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    acknowledged_at = models.DateTimeField("accusé de réception le")

    class Meta:
        verbose_name = "accusé de réception de FE"
        triggers = [
            pgtrigger.Protect(name="fe_ack_no_update", operation=pgtrigger.Update),
            pgtrigger.Protect(name="fe_ack_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"Reçue le {self.acknowledged_at:%d/%m/%Y}"


class FicheVersionRead(models.Model):
    """The read receipt of a sent FE version: its first opening in the portal by a person of
    the member (seed 002: « accusé de lecture »), not the acknowledgement of receipt.

    Attached to the version, not to the FE: each version is sent once (R4624-48) and a new
    version is a new sending, which starts unread. Written once, at the first read; the later
    reads, and the staff's, change nothing (insert-only: the database refuses any change).
    """

    version = models.OneToOneField(
        FicheVersion, on_delete=models.PROTECT, related_name="read_receipt"
    )
    read_at = models.DateTimeField("lue le")
    read_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "accusé de lecture de FE"
        verbose_name_plural = "accusés de lecture de FE"
        triggers = [
            pgtrigger.Protect(name="fe_read_no_update", operation=pgtrigger.Update),
            pgtrigger.Protect(name="fe_read_no_delete", operation=pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"Lue le {self.read_at:%d/%m/%Y}"
