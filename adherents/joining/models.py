"""The online membership application: saved step by step, reviewed, then validated.

Draft data lives in the application (columns for the company, JSON lists for establishments and
contacts, each item checked by its step's form); validation turns it into real rows
(Adherent, Establishment, Contact) in one transaction, where the database's unique SIRET/SIREN
constraints have the last word.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from spsti.documents_storage import document_field, written_once
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class ApplicationStatus(models.TextChoices):
    DRAFT = "draft", "En cours de saisie"
    SUBMITTED = "submitted", "Transmise au service"
    CHANGES_REQUESTED = "changes_requested", "Corrections demandées"
    VALIDATED = "validated", "Validée"
    REJECTED = "rejected", "Refusée"


class ApplicationStep(models.TextChoices):
    """The steps of the form, in order."""

    COMPANY = "company", "Entreprise"
    ESTABLISHMENTS = "establishments", "Établissements"
    CONTACTS = "contacts", "Contacts"
    ACTIVITY = "activity", "Activité et effectifs"
    PREFERENCES = "preferences", "Convocations et cabinet comptable"
    REVIEW = "review", "Vérification et envoi"


class ExistingDuerp(models.TextChoices):
    """Whether the company already has its DUERP (art. R4121-1), as the applicant says."""

    YES = "yes", "Oui"
    NO = "no", "Non"
    IN_PROGRESS = "in_progress", "En cours d'élaboration"


class ApplicationQuerySet(models.QuerySet["MembershipApplication"]):
    def visible_to(self, ctx: AccessContext) -> ApplicationQuerySet:
        """Staff: applications not yet given to a team, or given to one of the centre's teams."""
        if not (ctx.is_staff and ctx.center_id):
            return self.none()
        return self.filter(Q(team__isnull=True) | Q(team_id__in=ctx.team_ids))


@pghistory.track()
class MembershipApplication(TimeStampedModel):
    """An application to join, resumable through a secret link (its hash only is stored)."""

    status = models.CharField(
        "statut", max_length=20, choices=ApplicationStatus, default=ApplicationStatus.DRAFT
    )
    token_hash = models.CharField(max_length=64, unique=True)  # sha256 of the resume link's token
    # When the current link was issued: it expires SPSTI_JOINING_LINK_DAYS later (issue 10, 11).
    token_issued_at = models.DateTimeField("lien émis le", default=timezone.now)
    applicant_email = models.EmailField("e-mail du demandeur")
    # Set when the link e-mailed to the applicant is opened (issue 10, item 13).
    applicant_email_verified_at = models.DateTimeField(
        "adresse du demandeur vérifiée le", null=True, blank=True
    )
    steps_done = ArrayField(
        models.CharField(max_length=20, choices=ApplicationStep), default=list, blank=True
    )
    # Company (step 1)
    company_name = models.CharField("raison sociale", max_length=200, blank=True)
    siren = models.CharField("SIREN", max_length=9, blank=True)
    naf_code = models.CharField("code NAF", max_length=6, blank=True)
    legal_form = models.CharField("forme juridique", max_length=60, blank=True)
    # [{"kind", "siret", "name", "address", "postal_code", "city", "opening_hours"}, ...]
    establishments = models.JSONField("établissements", default=list, blank=True)
    # [{"role", "first_name", "last_name", "email", "phone"}, ...] (ContactRole values)
    contacts = models.JSONField("contacts", default=list, blank=True)
    # Activity and workforce (step 4)
    activity_description = models.TextField("description de l'activité", blank=True)
    opening_hours = models.CharField("horaires d'ouverture", max_length=200, blank=True)
    headcount_si = models.PositiveIntegerField("salariés en SI", null=True, blank=True)
    headcount_sia = models.PositiveIntegerField("salariés en SIA", null=True, blank=True)
    headcount_sir = models.PositiveIntegerField("salariés en SIR", null=True, blank=True)
    # Prevention already in place and help wanted (seed 002: « L'existant en terme de prévention
    # (DU), besoin d'aide ? », « Besoin d'aide pour la catégorisation »); "" = not asked (the
    # applications filed before the question).
    existing_duerp = models.CharField(
        "document unique (DUERP) existant",
        max_length=12,
        choices=ExistingDuerp,
        blank=True,
        default="",
        db_default="",  # rows written by the code of before the migration
    )
    wants_duerp_help = models.BooleanField(
        "aide au DUERP souhaitée", default=False, db_default=False
    )
    wants_category_help = models.BooleanField(
        "aide à la catégorisation des salariés souhaitée", default=False, db_default=False
    )
    # Preferences and accounting firm (step 5)
    convocation_weekdays = ArrayField(models.PositiveSmallIntegerField(), default=list, blank=True)
    convocation_half_day = models.CharField(max_length=3, default="", blank=True)
    has_accounting_firm = models.BooleanField("un cabinet comptable agit pour nous", default=False)
    firm_name = models.CharField("nom du cabinet", max_length=200, blank=True)
    firm_siren = models.CharField("SIREN du cabinet", max_length=9, blank=True)
    firm_email = models.EmailField("e-mail du cabinet", blank=True)
    # Review by the member service
    submitted_at = models.DateTimeField("transmise le", null=True, blank=True)
    reviewed_at = models.DateTimeField("examinée le", null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    review_message = models.TextField("message au demandeur", blank=True)
    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    adherent = models.OneToOneField(
        "adherents.Adherent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="application",
    )
    # The validation letter, rendered once at validation and kept as sent.
    letter_pdf = document_field("courrier de validation")
    letter_sha256 = models.CharField(max_length=64, blank=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = "demande d'adhésion"
        verbose_name_plural = "demandes d'adhésion"
        ordering = ["-submitted_at", "-created_at"]
        indexes = [models.Index(fields=["status", "submitted_at"], name="application_status_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(review_message=""),
                name="application_rejection_has_reason",
            ),
            models.CheckConstraint(
                condition=~Q(status="validated") | Q(adherent__isnull=False, team__isnull=False),
                name="application_validated_has_member",
            ),
            models.CheckConstraint(
                condition=Q(existing_duerp__in=["", *ExistingDuerp.values]),
                name="application_existing_duerp_known",
            ),
        ]
        triggers = [written_once("application_letter_written_once", "letter_pdf", "letter_sha256")]

    def __str__(self) -> str:
        return self.company_name or f"Demande n° {self.pk}"

    @property
    def wants_prevention_help(self) -> bool:
        """Whether the applicant asked the prevention team's help (DUERP or categorisation)."""
        return self.wants_duerp_help or self.wants_category_help
