"""Agenda: slots of a professional, visits booked on them, convocations sent to employers."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models
from django.utils import timezone

from spsti.models import TimeStampedModel
from suivi_sante.enums import ConvocationStatus, Performer, VisitKind, VisitMode, VisitStatus
from suivi_sante.perms_disclosure import confidential_visits
from suivi_sante.protocols.models import PHYSICIAN_ONLY

if TYPE_CHECKING:
    from accounts.context import AccessContext

# Visits that occupy their slot; a cancelled or missed visit frees it for rebooking.
SLOT_HOLDING_STATUSES = [VisitStatus.PLANNED, VisitStatus.HELD]


class SlotQuerySet(models.QuerySet["Slot"]):
    def visible_to(self, ctx: AccessContext) -> SlotQuerySet:
        """The current centre's slots, for staff who may see the agenda."""
        if ctx.is_staff and ctx.center_id and ctx.has_perm("suivi_sante.agenda:view"):
            return self.filter(center_id=ctx.center_id)
        return self.none()


@pghistory.track()
class Slot(TimeStampedModel):
    """A time a professional offers for one visit, at the centre, on a site or by video."""

    center = models.ForeignKey(
        "accounts.HealthCenter", on_delete=models.PROTECT, related_name="slots"
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="slots",
        verbose_name="professionnel",
    )
    performer = models.CharField("profession", max_length=10, choices=Performer)
    starts_at = models.DateTimeField("début")
    ends_at = models.DateTimeField("fin")
    mode = models.CharField("modalité", max_length=16, choices=VisitMode, default="in_person")
    # An on-site slot at a member's establishment (mobile unit); empty: at the centre.
    establishment = models.ForeignKey(
        "adherents.Establishment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="sur le site de",
    )
    # The secretary opens it to the employers: they book their due visits on it themselves.
    self_bookable = models.BooleanField(
        "ouvert à la réservation par l'employeur", default=False, db_default=False
    )

    objects = SlotQuerySet.as_manager()

    class Meta:
        verbose_name = "créneau"
        ordering = ["starts_at"]
        indexes = [
            models.Index(fields=["center", "starts_at"], name="slot_center_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_at__gt=models.F("starts_at")), name="slot_ends_after_start"
            ),
            models.UniqueConstraint(
                fields=["professional", "starts_at"], name="slot_professional_start_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.starts_at:%d/%m/%Y %H:%M} — {self.professional}"


class VisitQuerySet(models.QuerySet["Visit"]):
    def visible_to(self, ctx: AccessContext) -> VisitQuerySet:
        """Staff: the centre's teams. Portal: the member's workers, if convocations are allowed."""
        if ctx.is_staff and ctx.center_id and ctx.has_perm("suivi_sante.worker:view"):
            return self.filter(team_id__in=ctx.team_ids)
        if ctx.is_portal and ctx.adherent_id and ctx.has_perm("suivi_sante.convocation:view"):
            # A pré-reprise or a visit on request without the worker's agreement: not theirs.
            return self.filter(worker__adherent_id=ctx.adherent_id).exclude(confidential_visits())
        return self.none()


@pghistory.track()
class Visit(TimeStampedModel):
    """One occupational-health visit of a worker: booked, then held, missed or cancelled."""

    worker = models.ForeignKey(
        "suivi_sante.Worker", on_delete=models.PROTECT, related_name="visits"
    )
    employment = models.ForeignKey(
        "suivi_sante.Employment",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
    )
    # The worker's team when booked: lists filter on it without joining the member.
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="visits")
    # The worker's member when booked, as the team: the employer the convocation went to, whom
    # the absence rates count it against, grouped without joining the 3.3 M workers. A worker
    # who moves to another member leaves their visits with the member of their booking (a
    # rebooking is a new booking: the member of that day). Filled from the worker by the
    # database when a writer leaves it out (trigger of migration 0025: raw SQL and COPY too).
    # No index of its own: visit_adherent_sched_idx leads with it.
    adherent = models.ForeignKey(
        "adherents.Adherent",
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name="adhérent",
        db_index=False,
    )
    kind = models.CharField("type de visite", max_length=24, choices=VisitKind)
    status = models.CharField(
        "statut", max_length=20, choices=VisitStatus, default=VisitStatus.PLANNED
    )
    mode = models.CharField("modalité", max_length=16, choices=VisitMode, default="in_person")
    performer = models.CharField("réalisée par", max_length=10, choices=Performer)
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="visits_held",
        verbose_name="professionnel",
    )
    slot = models.ForeignKey(
        Slot, on_delete=models.PROTECT, null=True, blank=True, related_name="visits"
    )
    scheduled_at = models.DateTimeField("prévue le")
    # A nurse holds a visit under a protocol, recorded here (R4623-14).
    protocol = models.ForeignKey(
        "suivi_sante.DelegationProtocol",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name="protocole de délégation",
    )
    due_on = models.DateField("à réaliser avant le", null=True, blank=True)
    due_reason = models.TextField("motif réglementaire", blank=True)
    teleconsultation_consent_at = models.DateTimeField(
        "consentement à la téléconsultation", null=True, blank=True
    )
    held_at = models.DateTimeField("réalisée le", null=True, blank=True)
    # Pré-reprise (R4624-29) and visits on request (R4624-34): the employer hears of them only
    # if the worker agreed, as staff record it here (disclosure.is_confidential).
    is_shared_with_employer = models.BooleanField(
        "le salarié accepte que l'employeur soit informé", default=False, db_default=False
    )
    # Non-medical outcome note (the medical content lives in the DMST).
    status_note = models.CharField("motif du statut", max_length=300, blank=True)
    referred_to_physician = models.BooleanField("orienté vers le médecin", default=False)
    rebooked_from = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rebooked_as",
        verbose_name="reprogrammation de",
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = VisitQuerySet.as_manager()

    class Meta:
        verbose_name = "visite"
        ordering = ["-scheduled_at"]
        indexes = [
            # The centre's visits of a period, with what the follow-up indicators count and group
            # by: their aggregates read this index alone (an index-only scan), not the 225,000
            # rows of a year scattered over the table (agenda.selectors.absence_rates,
            # followup_figures). Covering, it needs the visibility map: see migration 0026.
            models.Index(
                fields=["team", "scheduled_at"],
                name="visit_team_sched_idx",
                include=["adherent", "status", "mode", "performer", "kind"],
            ),
            # One member's visits by date, the team alongside (visible_to tests it on the entry):
            # its absence rate from its own entries alone (the largest member of a centre: 3,000
            # entries, not the centre's 225,000 of the year), and the PROTECT check of a member.
            models.Index(
                fields=["adherent", "scheduled_at"],
                name="visit_adherent_sched_idx",
                include=["team", "status"],
            ),
            models.Index(fields=["worker", "scheduled_at"], name="visit_worker_sched_idx"),
            models.Index(fields=["professional", "scheduled_at"], name="visit_pro_sched_idx"),
            # A professional's held visits by date, the team alongside (visible_to tests it on the
            # entry): the home's « Documents à émettre » reads the month's entries here and
            # probes each visit's documents, instead of filtering the 4.5 M visits (800 ms).
            models.Index(
                fields=["professional", "held_at", "id"],
                name="visit_pro_held_idx",
                include=["team"],
                condition=models.Q(status="held"),
            ),
            # The unexcused absences by date, the team alongside: the secretary's home reads its
            # month of no-shows here in order (agenda.selectors_home.no_shows), not the centre's
            # visits of the month filtered by status (140 ms on the large dataset).
            models.Index(
                fields=["scheduled_at", "id"],
                name="visit_no_show_idx",
                include=["team"],
                condition=models.Q(status="unexcused_absence"),
            ),
            # The held visits by due date and by the day held, the expected (not cancelled) by
            # date: the dashboards' lists walk them to the page, instead of joining and sorting
            # a year of visits (0.4 to 0.9 s; schedule and agenda selectors_facts).
            models.Index(
                fields=["due_on", "id"],
                name="visit_held_due_idx",
                condition=models.Q(status="held", due_on__isnull=False),
            ),
            models.Index(
                fields=["held_at", "id"],
                name="visit_held_at_idx",
                condition=models.Q(status="held"),
            ),
            models.Index(
                fields=["scheduled_at", "id"],
                name="visit_expected_sched_idx",
                condition=~models.Q(status="cancelled"),
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(performer="nurse") | models.Q(protocol__isnull=False),
                name="visit_nurse_under_protocol",
            ),
            models.CheckConstraint(
                condition=~models.Q(performer="nurse", kind__in=PHYSICIAN_ONLY),
                name="visit_nurse_not_physician_only",
            ),
            models.CheckConstraint(
                condition=~models.Q(mode="teleconsultation")
                | models.Q(teleconsultation_consent_at__isnull=False),
                name="visit_teleconsultation_consented",
            ),
            models.CheckConstraint(
                condition=~models.Q(status="held") | models.Q(held_at__isnull=False),
                name="visit_held_dated",
            ),
            # A visit is held once it has started, never before (issue 10, item 8).
            models.CheckConstraint(
                condition=models.Q(held_at__isnull=True)
                | models.Q(held_at__gte=models.F("scheduled_at")),
                name="visit_held_after_start",
            ),
            models.UniqueConstraint(
                fields=["slot"],
                condition=models.Q(status__in=SLOT_HOLDING_STATUSES),
                name="visit_one_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.worker} — {self.scheduled_at:%d/%m/%Y}"


class ConvocationQuerySet(models.QuerySet["Convocation"]):
    def visible_to(self, ctx: AccessContext) -> ConvocationQuerySet:
        """Portal: the member's convocations. Staff: those of the centre's teams."""
        if ctx.is_portal and ctx.adherent_id and ctx.has_perm("suivi_sante.convocation:view"):
            # A pré-reprise or a visit on request without the worker's agreement: a 404, and
            # absent from lists and counts (disclosure.CONFIDENTIAL_KINDS).
            # The visit's member, which is that of the convocation's establishment (checked by
            # the database, suivi_sante 0027): a member's lists read its visits by date
            # (visit_adherent_sched_idx), not every convocation of its establishments.
            return self.filter(visit__adherent_id=ctx.adherent_id).exclude(
                confidential_visits("visit__")
            )
        if ctx.is_staff and ctx.center_id and ctx.has_perm("suivi_sante.worker:view"):
            return self.filter(visit__team_id__in=ctx.team_ids)
        return self.none()


# The portal's words for a convocation's state (issue 17, item 8): the employer's next move.
EMPLOYER_STATUS = {
    ConvocationStatus.SENT: "En attente de votre réponse",
    ConvocationStatus.CONFIRMED: "Confirmée",
    ConvocationStatus.RESCHEDULE_REQUESTED: "À reprogrammer",
    ConvocationStatus.WORKER_ABSENT: "À reprogrammer (salarié absent)",
    ConvocationStatus.WORKER_LEFT: "Salarié sorti des effectifs",
}


@pghistory.track()
class Convocation(TimeStampedModel):
    """The convocation of one visit sent to the employer (or to the worker alone, for a
    confidential visit: disclosure.is_confidential), and the employer's answer."""

    visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="convocation")
    establishment = models.ForeignKey(
        "adherents.Establishment", on_delete=models.PROTECT, related_name="convocations"
    )
    status = models.CharField(
        "statut", max_length=24, choices=ConvocationStatus, default=ConvocationStatus.SENT
    )
    sent_at = models.DateTimeField("envoyée le")
    responded_at = models.DateTimeField("réponse le", null=True, blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
    )
    response_note = models.CharField("message de l'employeur", max_length=500, blank=True)

    objects = ConvocationQuerySet.as_manager()

    class Meta:
        verbose_name = "convocation"
        ordering = ["-sent_at"]
        indexes = [
            models.Index(fields=["establishment", "status"], name="convocation_estab_idx"),
            # The convocations to rebook, oldest answer first, paged by key
            # (agenda.selectors.convocations_to_rebook): only those rows, in the list's order.
            models.Index(
                fields=["responded_at", "id"],
                condition=models.Q(status__in=["reschedule_requested", "worker_absent"]),
                name="convocation_to_rebook_idx",
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="sent")
                | models.Q(status="cancelled")
                | models.Q(responded_at__isnull=False),
                name="convocation_answer_dated",
            ),
        ]

    def __str__(self) -> str:
        return f"Convocation — {self.visit}"

    @property
    def is_past(self) -> bool:
        return self.visit.scheduled_at < timezone.now()

    @property
    def employer_status(self) -> str:
        """What the convocation means for the employer, in the portal's words."""
        if self.status == ConvocationStatus.CANCELLED or self.visit.status == VisitStatus.CANCELLED:
            return "Annulée"
        if self.is_past:
            return "Passée"
        return EMPLOYER_STATUS.get(self.status, self.get_status_display())


@pghistory.track()
class Referral(TimeStampedModel):
    """A nurse's orientation of the worker to the physician: a physician visit becomes due.

    R4624-13 (VIP), R4624-20 (disabled workers), R4623-14 (any delegated visit). The delay is
    settings.SPSTI_REFERRAL_DELAY_DAYS; the schedule lists it until a physician visit resolves it.
    """

    from_visit = models.OneToOneField(Visit, on_delete=models.PROTECT, related_name="referral")
    worker = models.ForeignKey(
        "suivi_sante.Worker", on_delete=models.PROTECT, related_name="referrals"
    )
    team = models.ForeignKey("accounts.Team", on_delete=models.PROTECT, related_name="+")
    kind = models.CharField("visite à réaliser", max_length=24, choices=VisitKind)
    due_on = models.DateField("à réaliser avant le")
    resolved_by = models.OneToOneField(
        Visit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="resolves_referral",
    )

    class Meta:
        verbose_name = "orientation vers le médecin"
        verbose_name_plural = "orientations vers le médecin"
        indexes = [
            models.Index(
                fields=["worker"],
                name="referral_open_idx",
                condition=models.Q(resolved_by__isnull=True),
            )
        ]

    def __str__(self) -> str:
        return f"Orientation de {self.worker} avant le {self.due_on:%d/%m/%Y}"
