"""PDP cases: a referral to the cell, its steps, liaison meeting, outcome and follow-ups."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Exists, Q

from pdp.rules import cases as rules
from pdp.rules.outcomes import OUTCOME_CHOICES
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class PdpCaseQuerySet(models.QuerySet["PdpCase"]):
    def visible_to(self, ctx: AccessContext) -> PdpCaseQuerySet:
        """Health data: the cell of the case's centre and the worker's own physician and nurse
        (their teams); anyone else, and another centre, sees nothing (404)."""
        if not (ctx.is_staff and ctx.center_id and ctx.has_perm("pdp.case:read")):
            return self.none()
        from pdp.caseload.models import CellMember

        in_cell = CellMember.objects.active().filter(center_id=ctx.center_id, user_id=ctx.user.pk)
        own = (
            Q(worker__adherent__team_id__in=ctx.own_team_ids)
            if ctx.has_perm("suivi_sante.dmst:read")
            else Q(pk__in=[])
        )
        return self.filter(center_id=ctx.center_id).filter(Q(Exists(in_cell)) | own)

    def open(self) -> PdpCaseQuerySet:
        return self.exclude(status=rules.CLOSED)


@pghistory.track()
class PdpCase(TimeStampedModel):
    """A worker's job-retention case in the cell (L4622-8-1); health data, never the employer's."""

    center = models.ForeignKey(
        "accounts.HealthCenter", on_delete=models.PROTECT, related_name="pdp_cases"
    )
    worker = models.ForeignKey(
        "suivi_sante.Worker",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pdp_cases",
        verbose_name="salarié",
    )
    # A person not yet in the records (referred by a partner): identity as given.
    person_last_name = models.CharField("nom", max_length=100, blank=True)
    person_first_name = models.CharField("prénom", max_length=100, blank=True)
    person_birth_date = models.DateField("date de naissance", null=True, blank=True)
    adherent = models.ForeignKey(
        "adherents.Adherent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pdp_cases",
        verbose_name="employeur",
    )
    source = models.CharField("origine du signalement", max_length=20, choices=rules.SOURCES)
    referrer_label = models.CharField("signalé par (nom, organisme)", max_length=200, blank=True)
    referred_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    received_on = models.DateField("reçu le")
    reason = models.TextField("motif du signalement")
    # The member's request of the inbox this referral came from (adherents requests), if any.
    member_request = models.ForeignKey(
        "adherents.MemberRequest",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="demande de l'adhérent",
    )
    # First day of the current sick leave, as told by the referrer (liaison meeting and
    # pré-reprise visit depend on an arrêt of 30 days or more: L1226-1-3, L4624-2-4).
    sick_leave_started_on = models.DateField("arrêt de travail depuis le", null=True, blank=True)
    status = models.CharField("étape", max_length=20, choices=rules.STATUSES, default="received")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="pdp_owned_cases",
        verbose_name="référent du dossier",
    )
    first_contact_on = models.DateField("premier contact le", null=True, blank=True)
    # Detection level as entered or imported: no score is computed (no validated grid yet).
    risk_level = models.CharField(
        "niveau de risque", max_length=12, choices=rules.RISK_LEVELS, blank=True
    )
    risk_method = models.CharField("méthode", max_length=80, blank=True)
    risk_method_version = models.CharField("version de la méthode", max_length=20, blank=True)
    # R4624-30: the worker may oppose sending the pré-reprise recommendations.
    opposes_prereprise_sharing = models.BooleanField(
        "s'oppose à la transmission des préconisations de préreprise", default=False
    )
    opposition_recorded_at = models.DateTimeField(null=True, blank=True)
    closed_on = models.DateField("clos le", null=True, blank=True)
    outcome = models.CharField("issue", max_length=30, choices=OUTCOME_CHOICES, blank=True)

    objects = PdpCaseQuerySet.as_manager()

    class Meta:
        verbose_name = "dossier PDP"
        verbose_name_plural = "dossiers PDP"
        ordering = ["-received_on", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["worker"],
                condition=Q(worker__isnull=False) & ~Q(status="closed"),
                name="pdp_one_open_case_per_worker",
            ),
            models.CheckConstraint(
                condition=Q(worker__isnull=False) | ~Q(person_last_name=""),
                name="pdp_case_has_a_person",
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_on__isnull=False) & ~Q(outcome="")),
                name="pdp_closed_has_outcome",
            ),
            models.CheckConstraint(
                condition=Q(first_contact_on__isnull=True)
                | Q(first_contact_on__gte=models.F("received_on")),
                name="pdp_first_contact_after_referral",
            ),
        ]
        indexes = [
            models.Index(fields=["center", "status", "received_on"], name="pdp_case_center_idx"),
            models.Index(fields=["owner", "status"], name="pdp_case_owner_idx"),
            models.Index(fields=["status", "closed_on"], name="pdp_case_closed_idx"),
            # The caseload page: the last 90 days' referrals and first contacts, from the
            # index alone (its open cases per owner: OpenCaseCount).
            models.Index(
                fields=["center", "received_on"],
                include=["first_contact_on"],
                name="pdp_case_received_idx",
            ),
            # The dashboards' lists of cases (every centre of a direction): by referral date,
            # walked to the page (caseload.selectors_facts._case_rows).
            models.Index(fields=["received_on", "id"], name="pdp_case_received_order_idx"),
        ]

    def __str__(self) -> str:
        return f"Dossier PDP n° {self.pk} — {self.person_name}"

    @property
    def person_name(self) -> str:
        if self.worker_id:
            return f"{self.worker.last_name.upper()} {self.worker.first_name}"
        return f"{self.person_last_name.upper()} {self.person_first_name}".strip()

    @property
    def is_open(self) -> bool:
        return self.status != rules.CLOSED


class CaseStep(models.Model):
    """One step of a case's history: who moved it where, when, why."""

    case = models.ForeignKey(PdpCase, on_delete=models.PROTECT, related_name="steps")
    at = models.DateTimeField(auto_now_add=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    from_status = models.CharField(max_length=20, blank=True)
    to_status = models.CharField(max_length=20)
    note = models.CharField("commentaire", max_length=500, blank=True)

    class Meta:
        verbose_name = "étape du dossier PDP"
        ordering = ["at", "pk"]

    def __str__(self) -> str:
        return f"{self.case_id}: {self.from_status} → {self.to_status}"


@pghistory.track()
class LiaisonMeeting(TimeStampedModel):
    """Rendez-vous de liaison during a long absence (L1226-1-3, D1226-8-1): no medical data;
    the worker may refuse it without consequence."""

    class Initiative(models.TextChoices):
        EMPLOYER = "employer", "L'employeur"
        WORKER = "worker", "Le salarié"

    case = models.ForeignKey(PdpCase, on_delete=models.PROTECT, related_name="liaison_meetings")
    initiative = models.CharField("à l'initiative de", max_length=10, choices=Initiative)
    held_on = models.DateField("date", null=True, blank=True)
    participants = models.CharField("participants", max_length=300, blank=True)
    worker_refused = models.BooleanField("le salarié a refusé le rendez-vous", default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    class Meta:
        verbose_name = "rendez-vous de liaison"
        constraints = [
            models.CheckConstraint(
                condition=Q(worker_refused=True) | Q(held_on__isnull=False),
                name="pdp_liaison_held_or_refused",
            )
        ]


@pghistory.track()
class CaseFollowUp(TimeStampedModel):
    """A follow-up 6 or 12 months after closing: confirms or corrects the outcome."""

    case = models.ForeignKey(PdpCase, on_delete=models.PROTECT, related_name="follow_ups")
    months = models.PositiveSmallIntegerField("à (mois)")
    due_on = models.DateField("prévu le")
    done_on = models.DateField("fait le", null=True, blank=True)
    outcome = models.CharField(
        "issue constatée", max_length=30, choices=OUTCOME_CHOICES, blank=True
    )
    note = models.CharField("commentaire", max_length=500, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )

    class Meta:
        verbose_name = "suivi après clôture"
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(fields=["case", "months"], name="pdp_follow_up_unique"),
            models.CheckConstraint(
                condition=Q(done_on__isnull=True) | ~Q(outcome=""), name="pdp_follow_up_outcome"
            ),
        ]
        indexes = [models.Index(fields=["done_on", "due_on"], name="pdp_follow_up_open_idx")]
