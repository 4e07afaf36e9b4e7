"""The self-employed offer's settings and the one-year affiliations (art. D4622-27-3)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import DateField, F, Func, Q

from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class TnsOffer(TimeStampedModel):
    """The offer's settings (D4622-27-1: content set by each service). One row.

    ``vip_rhythm_months``: no regulatory periodicity applies to a self-employed worker; the
    rhythm of the VIP TNS is the offer's choice (TO VERIFY with the CMT). ``trigger_work_score``
    and ``proposal_days``: the CBI trigger and the delay to close a proposal of contact (TO
    VERIFY with the CMT).
    """

    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="équipe qui suit les indépendants",
    )
    is_open = models.BooleanField("adhésions ouvertes", default=True)
    vip_rhythm_months = models.PositiveSmallIntegerField("rythme de la VIP TNS (mois)", default=24)
    trigger_work_score = models.DecimalField(
        "seuil de proposition de contact (échelle travail)",
        max_digits=5,
        decimal_places=2,
        default=50,
    )
    proposal_days = models.PositiveSmallIntegerField(
        "délai de traitement d'une proposition de contact (jours)", default=7
    )

    class Meta:
        verbose_name = "réglages de l'offre travailleurs indépendants"
        verbose_name_plural = "réglages de l'offre travailleurs indépendants"
        constraints = [
            models.CheckConstraint(
                condition=Q(trigger_work_score__gte=0, trigger_work_score__lte=100),
                name="tns_offer_trigger_0_100",
            ),
            models.CheckConstraint(condition=Q(vip_rhythm_months__gte=1), name="tns_offer_rhythm"),
        ]

    def __str__(self) -> str:
        return "Offre travailleurs indépendants"

    @classmethod
    def current(cls) -> TnsOffer | None:
        return cls.objects.select_related("team").order_by("pk").first()


# The first anniversary of the start, computed by the database (D4622-27-3).
ONE_YEAR_AFTER_START = Func(
    F("start_on"), template="(%(expressions)s + interval '1 year')::date", output_field=DateField()
)


class Basis(models.TextChoices):
    SELF_EMPLOYED = "self_employed", "Travailleur indépendant (art. L4621-3)"
    COMPANY_HEAD = "company_head", "Chef d'une entreprise adhérente (art. L4621-4)"


class AffiliationStatus(models.TextChoices):
    ACTIVE = "active", "En cours"
    EXPIRED = "expired", "Terminée"


class TnsAffiliationQuerySet(models.QuerySet["TnsAffiliation"]):
    def visible_to(self, ctx: AccessContext) -> TnsAffiliationQuerySet:
        """Portal: the person's own affiliations. Staff: those followed by the centre's teams."""
        if ctx.is_portal and ctx.user.is_authenticated:
            return self.filter(person=ctx.user)
        if ctx.is_staff and ctx.center_id:
            return self.filter(adherent__team_id__in=ctx.team_ids)
        return self.none()

    def open_on(self, day: datetime.date) -> TnsAffiliationQuerySet:
        return self.filter(start_on__lte=day, end_on__gte=day)


@pghistory.track()
class TnsAffiliation(TimeStampedModel):
    """One period of affiliation of a person: at least a year, never renewed tacitly.

    A renewal is a new row (``renewed_from``), written only by an explicit action.
    """

    person = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="tns_affiliations",
        verbose_name="personne",
    )
    adherent = models.ForeignKey(
        "adherents.Adherent",
        on_delete=models.PROTECT,
        related_name="tns_affiliations",
        verbose_name="adhérent facturé",
    )
    basis = models.CharField("fondement", max_length=20, choices=Basis)
    start_on = models.DateField("début")
    end_on = models.DateField("fin")
    status = models.CharField(
        "statut", max_length=10, choices=AffiliationStatus, default=AffiliationStatus.ACTIVE
    )
    serves_clients = models.BooleanField("sert une clientèle", default=True)
    renewed_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="renewal",
        verbose_name="renouvellement de",
    )
    invoice = models.ForeignKey(
        "adherents.Invoice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="facture",
    )
    reminder_60_sent_on = models.DateField("rappel J-60 envoyé le", null=True, blank=True)
    reminder_15_sent_on = models.DateField("rappel J-15 envoyé le", null=True, blank=True)
    expired_on = models.DateField("fin constatée le", null=True, blank=True)

    objects = TnsAffiliationQuerySet.as_manager()

    class Meta:
        verbose_name = "affiliation d'un travailleur indépendant"
        verbose_name_plural = "affiliations des travailleurs indépendants"
        ordering = ["-start_on"]
        constraints = [
            # At least a year (D4622-27-3): end ≥ start + 1 year, the rule of
            # tns.rules.affiliation.minimum_end; PostgreSQL's "+ interval '1 year'" gives the
            # same day, 29/02 falling on 28/02 as rules.affiliation.add_years.
            models.CheckConstraint(
                condition=Q(end_on__gte=ONE_YEAR_AFTER_START),
                name="tns_affiliation_one_year",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "end_on"], name="tns_aff_person_end_idx"),
            models.Index(fields=["status", "end_on"], name="tns_aff_status_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} — du {self.start_on:%d/%m/%Y} au {self.end_on:%d/%m/%Y}"

    def is_open_on(self, day: datetime.date) -> bool:
        return self.start_on <= day <= self.end_on
