"""Workers followed by the service and their employments in members' establishments."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.contrib.postgres.indexes import OpClass
from django.db import models
from django.db.models.functions import Upper

from spsti.models import TimeStampedModel
from suivi_sante.enums import (
    AptitudeJob,
    CategorySource,
    EndReason,
    FollowUpCategory,
    IdentityStatus,
    SirRisk,
)
from suivi_sante.workers.models_duplicates import DUPLICATE_KEY_TRIGGERS

if TYPE_CHECKING:
    from accounts.context import AccessContext


def worker_scope(ctx: AccessContext) -> models.Q | None:
    """Portal: workers of the current member (if the role or mandate allows the list).
    Staff: workers of members followed by the current centre. None: no worker at all.
    Over any model with an ``adherent`` key (the workers, their duplicate keys)."""
    if ctx.is_portal and ctx.adherent_id and ctx.has_perm("suivi_sante.worker:view"):
        return models.Q(adherent_id=ctx.adherent_id)
    if ctx.is_staff and ctx.center_id and ctx.has_perm("suivi_sante.worker:view"):
        # The centre's team ids, not a join on the centre: the planner then walks the name
        # index instead of sorting half a million rows (make bench: 870 ms -> ~40 ms).
        return models.Q(adherent__team_id__in=ctx.team_ids)
    return None


class WorkerQuerySet(models.QuerySet["Worker"]):
    def visible_to(self, ctx: AccessContext) -> WorkerQuerySet:
        """The workers of worker_scope(ctx)."""
        scope = worker_scope(ctx)
        return self.none() if scope is None else self.filter(scope)


# The schedule bookkeeping is left out of the history: a weekly full recomputation would
# otherwise write one event per worker (a million rows a week at national scale).
@pghistory.track(exclude=["schedule_stale", "schedule_computed_at", "updated_at"])
class Worker(TimeStampedModel):
    """A worker followed by the service, attached to the member that employs them."""

    class Sex(models.TextChoices):
        FEMALE = "F", "Femme"
        MALE = "M", "Homme"

    # No single-column index on the member: worker_adherent_name_idx and worker_live_adherent_idx
    # lead with it and serve the same lookups. With it, PostgreSQL read a whole member's workers
    # through it and sorted them for a page by id (all 1,000, or 50,000, for 201 wanted) instead
    # of walking worker_live_adherent_idx in order (the API's pages, issue 18 item 7).
    adherent = models.ForeignKey(
        "adherents.Adherent",
        on_delete=models.PROTECT,
        related_name="workers",
        verbose_name="adhérent",
        db_index=False,
    )
    last_name = models.CharField("nom", max_length=100)
    first_name = models.CharField("prénom", max_length=100)
    birth_date = models.DateField("date de naissance")
    sex = models.CharField("sexe", max_length=1, choices=Sex)
    # Identity vigilance: NIR (key checked by rules.nir) and INS with its RNIV status. Not unique:
    # a duplicate is detected and offered for merge by staff, never refused or merged silently.
    nir = models.CharField("NIR", max_length=15, blank=True, default="")
    ins_oid = models.CharField("OID de l'INS", max_length=64, blank=True, default="")
    identity_status = models.CharField(
        "statut de l'identité",
        max_length=12,
        choices=IdentityStatus,
        default=IdentityStatus.PROVISIONAL,
    )
    # Declared situations of the worker (SIA, R4624-19 and R4624-20).
    is_disabled = models.BooleanField("travailleur handicapé (RQTH)", default=False)
    has_invalidity_pension = models.BooleanField(
        "titulaire d'une pension d'invalidité", default=False
    )
    is_pregnant = models.BooleanField("enceinte, venant d'accoucher ou allaitante", default=False)
    # Follow-up category: derived from the declarations, confirmed or overridden by the physician.
    category = models.CharField(
        "catégorie de suivi", max_length=3, choices=FollowUpCategory, default=FollowUpCategory.SI
    )
    category_justification = models.TextField("justification de la catégorie", blank=True)
    category_source = models.CharField(
        "origine de la catégorie", max_length=10, choices=CategorySource, default="derived"
    )
    category_override_reason = models.TextField("motif du médecin", blank=True)
    # The physician may shorten a periodicity, never lengthen it beyond the law (rules.schedule).
    physician_periodicity_months = models.PositiveSmallIntegerField(
        "périodicité fixée par le médecin (mois)", null=True, blank=True
    )
    # Set by every change that moves the schedule; the nightly job recomputes these workers only.
    schedule_stale = models.BooleanField("échéances à recalculer", default=True)
    schedule_computed_at = models.DateTimeField("échéances calculées le", null=True, blank=True)
    # A merged duplicate is kept (never deleted) and points to the record that carries on.
    merged_into = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="merged_duplicates",
        verbose_name="fusionné dans",
    )
    merged_at = models.DateTimeField("fusionné le", null=True, blank=True)
    # The worker's own contact, set by staff: a confidential visit is convened to the worker
    # directly, never through the employer (pré-reprise R4624-29, on request R4624-34).
    email = models.EmailField("e-mail personnel", blank=True, default="", db_default="")
    phone = models.CharField(
        "téléphone personnel", max_length=20, blank=True, default="", db_default=""
    )
    teleconsultation_consent_at = models.DateTimeField(
        "consentement à la téléconsultation recueilli le", null=True, blank=True
    )

    objects = WorkerQuerySet.as_manager()

    class Meta:
        verbose_name = "salarié"
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(
                fields=["adherent", "last_name", "first_name"], name="worker_adherent_name_idx"
            ),
            # The lists' order. Member and duplicate link included: a name search reads the
            # page's ids from this index alone (an index-only scan), testing the name's start and
            # "not merged" on its entries instead of fetching each row it passes (the search
            # "ma" over a centre: ≈ 4,700 rows fetched for 51 shown, 10 ms; 2 ms).
            models.Index(
                fields=["last_name", "first_name", "id"],
                name="worker_name_idx",
                include=["adherent", "merged_into"],
            ),
            # The lists' category filter (SI/SIA/SIR) walks this in name order.
            models.Index(
                fields=["category", "last_name", "first_name", "id"],
                name="worker_category_name_idx",
            ),
            # The lists' capped total walks this index only (no member row, no worker row
            # once the visibility map is set): the member ids of the scope, then their entries.
            # By id within a member: the API's list reads a page from its cursor here
            # (api.workers.selectors_page), not the member's every worker sorted.
            models.Index(
                fields=["adherent", "id"],
                name="worker_live_adherent_idx",
                condition=models.Q(merged_into__isnull=True),
            ),
            # The lists' search ("dup" matches a last or first name starting with DUP): two
            # range scans instead of filtering every worker of the scope in name order.
            models.Index(
                OpClass(Upper("last_name"), name="text_pattern_ops"),
                name="worker_last_name_prefix_idx",
            ),
            models.Index(
                OpClass(Upper("first_name"), name="text_pattern_ops"),
                name="worker_first_name_prefix_idx",
            ),
            models.Index(fields=["nir"], name="worker_nir_idx", condition=~models.Q(nir="")),
            models.Index(
                fields=["last_name", "first_name", "birth_date"], name="worker_identity_idx"
            ),
            models.Index(
                fields=["id"],
                name="worker_schedule_stale_idx",
                condition=models.Q(schedule_stale=True),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(category_source="derived")
                | ~models.Q(category_override_reason=""),
                name="worker_category_override_has_reason",
            ),
            models.CheckConstraint(
                condition=models.Q(merged_into__isnull=True) | models.Q(merged_at__isnull=False),
                name="worker_merge_dated",
            ),
            # RNIV: "qualifiée" only with the INS (matricule and OID) retrieved and checked.
            models.CheckConstraint(
                condition=~models.Q(identity_status="qualified")
                | (~models.Q(nir="") & ~models.Q(ins_oid="")),
                name="worker_qualified_identity_has_ins",
            ),
        ]
        # The duplicate keys (models_duplicates.py); a copy: pghistory appends its own.
        triggers = [*DUPLICATE_KEY_TRIGGERS]

    def __str__(self) -> str:
        return f"{self.last_name.upper()} {self.first_name}"


@pghistory.track()
class Employment(TimeStampedModel):
    """A worker's contract in one establishment."""

    class Contract(models.TextChoices):
        CDI = "CDI", "CDI"
        CDD = "CDD", "CDD"
        INTERIM = "INTERIM", "Intérim"
        APPRENTI = "APPRENTI", "Apprentissage"
        SAISONNIER = "SAISONNIER", "Saisonnier"

    # employment_worker_idx (worker, start_on) serves the lookups by worker: no second index.
    worker = models.ForeignKey(
        Worker,
        on_delete=models.PROTECT,
        related_name="employments",
        verbose_name="salarié",
        db_index=False,
    )
    establishment = models.ForeignKey(
        "adherents.Establishment",
        on_delete=models.PROTECT,
        related_name="employments",
        verbose_name="établissement",
    )
    job_title = models.CharField("poste", max_length=120)
    contract = models.CharField("contrat", max_length=12, choices=Contract, default=Contract.CDI)
    pcs_ese_code = models.CharField("code PCS-ESE", max_length=4, blank=True, default="")
    start_on = models.DateField("date d'embauche")
    end_on = models.DateField("date de sortie", null=True, blank=True)
    # L4624-2-1: a departure for retirement owes the end-of-career visit to a worker under SIR
    # now or earlier in the career; empty for any other end (or none declared). The database
    # default serves the bulk writers that name their columns (imports' COPY, demo data).
    end_reason = models.CharField(
        "motif de la sortie",
        max_length=12,
        choices=EndReason,
        blank=True,
        default=EndReason.OTHER,
        db_default=EndReason.OTHER,
    )
    is_night_work = models.BooleanField("travail de nuit", default=False)
    # R4624-18: adapted follow-up (SIA), VIP before assignment. Groups 3 and 4 are SIR (sir_risks).
    # db_default: the bulk writers (imports, demo) copy rows without naming these columns.
    is_exposed_biological_agents_2 = models.BooleanField(
        "exposition à des agents biologiques du groupe 2", default=False, db_default=False
    )
    is_exposed_electromagnetic_fields = models.BooleanField(
        "exposition à des champs électromagnétiques au-delà des valeurs limites d'exposition",
        default=False,
        db_default=False,
    )
    # D4625-22: a seasonal worker's follow-up depends on the days of *effective* work the
    # contract plans (aptitude exam on a risk post from 45 days); empty when not declared.
    effective_work_days = models.PositiveSmallIntegerField(
        "jours de travail effectif prévus", null=True, blank=True
    )
    sir_risks = ArrayField(
        models.CharField(max_length=32, choices=SirRisk),
        verbose_name="risques particuliers (R4624-23)",
        default=list,
        blank=True,
    )
    aptitude_jobs = ArrayField(
        models.CharField(max_length=32, choices=AptitudeJob),
        verbose_name="postes à vérification d'aptitude",
        default=list,
        blank=True,
    )
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déclaré par",
    )

    class Meta:
        verbose_name = "emploi"
        # The end date included: "a contract running today" is read from the index alone (the
        # DUERP headcount, the dashboard: a probe per worker, not a heap fetch per contract).
        indexes = [
            models.Index(
                fields=["worker", "start_on"], name="employment_worker_idx", include=["end_on"]
            ),
            # The hires by date: the dashboards' lists of hires walk it to the page.
            models.Index(fields=["start_on", "id"], name="employment_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True)
                | models.Q(end_on__gte=models.F("start_on")),
                name="employment_period_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(end_reason="") | models.Q(end_on__isnull=False),
                name="employment_end_reason_has_end",
            ),
            models.CheckConstraint(
                condition=models.Q(effective_work_days__isnull=True)
                | models.Q(effective_work_days__gte=1),
                name="employment_effective_days_positive",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.worker} — {self.job_title}"
