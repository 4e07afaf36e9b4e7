"""The member company, its establishments and the people who act for it."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Coalesce

from accounts.context_snapshot import PortalRowsQuerySet
from accounts.enums import AdherentRole
from adherents.hooks_portal_context import SharedRowsQuerySet
from adherents.validators import validate_siren, validate_siret
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class AdherentQuerySet(SharedRowsQuerySet):
    def visible_to(self, ctx: AccessContext) -> AdherentQuerySet:
        """Portal: the current member only. Staff: members followed by the current centre."""
        if ctx.is_portal and ctx.adherent_id:
            return self.filter(pk=ctx.adherent_id)
        if ctx.is_staff and ctx.center_id:
            return self.filter(team_id__in=ctx.team_ids)  # ids in ctx: no join, exact estimates
        return self.none()


# The date of the latest primary prevention action is bookkeeping the database derives from the
# actions (trigger below): left out of the history, or every action would write an event.
@pghistory.track(exclude=["last_primary_action_on"])
class Adherent(TimeStampedModel):
    """A member company (adhérent) paying the cotisation, followed by one team."""

    class Kind(models.TextChoices):
        COMPANY = "company", "Entreprise"
        TNS = "tns", "Travailleur indépendant"

    class Status(models.TextChoices):
        ACTIVE = "active", "Adhérent"
        SUSPENDED = "suspended", "Suspendu"
        ENDED = "ended", "Radié"

    class EndReason(models.TextChoices):
        RESIGNATION = "resignation", "Démission"
        STRUCK_OFF = "struck_off", "Radiation (non-paiement)"
        CEASED = "ceased", "Cessation d'activité"
        OTHER = "other", "Autre"

    name = models.CharField("raison sociale", max_length=200)
    siren = models.CharField("SIREN", max_length=9, unique=True, validators=[validate_siren])
    naf_code = models.CharField("code NAF", max_length=6)
    kind = models.CharField("type", max_length=10, choices=Kind, default=Kind.COMPANY)
    status = models.CharField("statut", max_length=10, choices=Status, default=Status.ACTIVE)
    team = models.ForeignKey(
        "accounts.Team",
        on_delete=models.PROTECT,
        related_name="adherents",
        verbose_name="équipe de suivi",
    )
    joined_on = models.DateField("date d'adhésion")
    # The end of the current membership (members.services_lifecycle.end_membership); cleared
    # when a former member comes back: the earlier periods stay in the history (pghistory).
    ended_on = models.DateField("radié le", null=True, blank=True)
    # db_default: the demo's bulk COPY does not name this column.
    end_reason = models.CharField(
        "motif de fin d'adhésion",
        max_length=12,
        choices=EndReason,
        default="",
        db_default="",
        blank=True,
    )

    # Staff representatives: CSE/CSSCT meetings are tracked against members that have them.
    has_cse = models.BooleanField("a un CSE", default=False)
    legal_form = models.CharField("forme juridique", max_length=60, blank=True)
    activity_description = models.TextField("description de l'activité", blank=True)
    # The guided checklist of the first logins (seed 002), until the member hides it.
    checklist_dismissed_at = models.DateTimeField(
        "liste de démarrage masquée le", null=True, blank=True
    )
    # The latest primary prevention action's date, whatever its date (seed 004's alerts, in
    # prevention.actions.selectors): written only by the database, by the triggers on the
    # actions that migration prevention 0007 creates (any insert, update, delete, COPY).
    last_primary_action_on = models.DateField(
        "dernière action de prévention primaire", null=True, blank=True, editable=False
    )

    objects = AdherentQuerySet.as_manager()

    class Meta:
        verbose_name = "adhérent"
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="ended", ended_on__isnull=False)
                | (~Q(status="ended") & Q(ended_on__isnull=True)),
                name="adherent_ended_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["team", "name"], name="adherent_team_name_idx"),
            models.Index(fields=["name"], name="adherent_name_idx"),
            # Trajectory indicator: new members of a team over a period.
            models.Index(fields=["team", "joined_on"], name="adherent_team_joined_idx"),
            # The FE list's « À établir » filter, oldest members first (prevention.fiche.selectors
            # fiche_rows): walked in this order instead of sorting every member of the centre
            # (54,000 on the large dataset, spilled to disk: 67 → 13 ms).
            models.Index(fields=["joined_on", "name"], name="adherent_joined_name_idx"),
            # The home's « Le centre en chiffres » (members.selectors.center_summary) and the
            # billing home's active members: counted from this index alone (an index-only scan
            # of the centre's entries), not by reading each member row (30,000: 12 to 40 ms).
            models.Index(
                fields=["team", "status"], name="adherent_team_status_idx", include=["kind"]
            ),
            # The primary prevention alerts (prevention.actions.selectors.primary_action_alerts):
            # members by the date their last action (or joining) dates from, walked in this
            # order from a page's key instead of computing and sorting every member's. Not
            # partial (active members only): the planner ignores a partial index's statistics,
            # and without those of this date it took a deep page for a few rows, and sorted
            # the 22,000 after the key (32 ms on the large dataset, 0.3 ms walked).
            models.Index(
                Coalesce("last_primary_action_on", "joined_on"),
                F("name"),
                F("id"),
                name="adherent_primary_since_idx",
            ),
            # The active members with a CSE/CSSCT by name (prevention.actions.selectors
            # cse_without_meeting): its pages read these members only, not every member.
            models.Index(
                fields=["name", "id"],
                condition=Q(status="active", has_cse=True),
                name="adherent_active_cse_name_idx",
            ),
        ]

    def __str__(self) -> str:
        return self.name


class EstablishmentQuerySet(models.QuerySet["Establishment"]):
    def visible_to(self, ctx: AccessContext) -> EstablishmentQuerySet:
        """Establishments of the members visible in this context."""
        return self.filter(adherent__in=Adherent.objects.visible_to(ctx))


@pghistory.track()
class Establishment(TimeStampedModel):
    """An establishment (SIRET) of a member: head office, site or worksite."""

    class Kind(models.TextChoices):
        HEAD_OFFICE = "head_office", "Siège social"
        SITE = "site", "Établissement secondaire"
        WORKSITE = "worksite", "Chantier"
        ISOLATED = "isolated", "Travailleurs isolés"

    adherent = models.ForeignKey(
        Adherent, on_delete=models.PROTECT, related_name="establishments", verbose_name="adhérent"
    )
    kind = models.CharField("type", max_length=12, choices=Kind, default=Kind.SITE)
    siret = models.CharField("SIRET", max_length=14, unique=True, validators=[validate_siret])
    name = models.CharField("nom", max_length=200)
    is_head_office = models.BooleanField("siège social", default=False)
    address = models.CharField("adresse", max_length=200)
    postal_code = models.CharField("code postal", max_length=5)
    city = models.CharField("commune", max_length=80)
    opening_hours = models.CharField("horaires d'ouverture", max_length=200, blank=True)
    # Convocation preferences (seed 002: convocations that ignored them). ISO weekdays 1-5.
    convocation_weekdays = ArrayField(
        models.PositiveSmallIntegerField(),
        verbose_name="jours préférés pour les convocations",
        default=list,
        blank=True,
    )
    convocation_half_day = models.CharField(
        "demi-journée préférée",
        max_length=3,
        choices=[("", "Indifférent"), ("am", "Matin"), ("pm", "Après-midi")],
        default="",
        blank=True,
    )

    objects = EstablishmentQuerySet.as_manager()

    class Meta:
        verbose_name = "établissement"
        ordering = ["-is_head_office", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["adherent"],
                condition=Q(is_head_office=True),
                name="one_head_office_per_adherent",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.siret})"


@pghistory.track()
class AdherentMembership(TimeStampedModel):
    """A person's role in a member company; ended, never deleted."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="adherent_memberships",
        verbose_name="utilisateur",
    )
    adherent = models.ForeignKey(
        Adherent, on_delete=models.PROTECT, related_name="memberships", verbose_name="adhérent"
    )
    role = models.CharField("rôle", max_length=30, choices=AdherentRole)
    is_active = models.BooleanField("actif", default=True)

    objects = PortalRowsQuerySet.as_manager()  # a bulk change renews the portal's cached choices

    class Meta:
        verbose_name = "rôle dans l'entreprise"
        verbose_name_plural = "rôles dans l'entreprise"
        constraints = [
            models.UniqueConstraint(
                fields=["user", "adherent"],
                condition=Q(is_active=True),
                name="adherent_membership_active_unique",
            ),
        ]
        indexes = [models.Index(fields=["user", "is_active"], name="membership_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_role_display()} — {self.adherent}"
