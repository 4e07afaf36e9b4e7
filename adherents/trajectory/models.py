"""The member trajectory (seed 002): steps with an owner role and a target delay.

The service configures the step definitions; validating an application creates the member's
"new member" steps, and each year opens the "established member" cycle.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from accounts.enums import StaffRole
from adherents import scope
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class TrajectoryTrack(models.TextChoices):
    NEW = "new", "Nouvel adhérent"
    YEARLY = "yearly", "Adhérent confirmé (cycle annuel)"


@pghistory.track()
class TrajectoryStepDefinition(TimeStampedModel):
    """A step of the trajectory, as the service sets it (owner, delay, order)."""

    code = models.SlugField("code", max_length=40, unique=True)
    label = models.CharField("libellé", max_length=120)
    track = models.CharField("parcours", max_length=10, choices=TrajectoryTrack)
    owner_role = models.CharField("rôle responsable", max_length=30, choices=StaffRole)
    # Days from validation (new members) or from the cycle's start (yearly cycle).
    target_days = models.PositiveIntegerField("délai cible (jours)")
    order = models.PositiveSmallIntegerField("ordre", default=0)
    is_active = models.BooleanField("active", default=True)

    class Meta:
        verbose_name = "étape de trajectoire"
        verbose_name_plural = "étapes de trajectoire"
        ordering = ["track", "order"]

    def __str__(self) -> str:
        return self.label


class StepStatus(models.TextChoices):
    TODO = "todo", "À faire"
    DONE = "done", "Fait"
    SKIPPED = "skipped", "Sans objet"


class TrajectoryStepQuerySet(models.QuerySet["TrajectoryStep"]):
    def visible_to(self, ctx: AccessContext) -> TrajectoryStepQuerySet:
        """Staff of the centre that follows the member (the steps are the centre's work)."""
        return scope.of_member(self, ctx, portal=False)


@pghistory.track()
class TrajectoryStep(TimeStampedModel):
    """One step of one member's trajectory: who did what and when."""

    adherent = models.ForeignKey(
        "adherents.Adherent", on_delete=models.PROTECT, related_name="trajectory_steps"
    )
    definition = models.ForeignKey(
        TrajectoryStepDefinition, on_delete=models.PROTECT, related_name="steps"
    )
    cycle_year = models.PositiveSmallIntegerField("année du cycle", null=True, blank=True)
    # The membership a new-member step belongs to (its joining date): a former member who comes
    # back starts the new-member track again, its earlier period's steps kept as they were.
    joined_on = models.DateField("adhésion du", null=True, blank=True)
    due_on = models.DateField("à faire avant le")
    status = models.CharField("statut", max_length=10, choices=StepStatus, default=StepStatus.TODO)
    done_on = models.DateField("fait le", null=True, blank=True)
    done_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    note = models.TextField("compte rendu", blank=True)

    objects = TrajectoryStepQuerySet.as_manager()

    class Meta:
        verbose_name = "étape de la trajectoire d'un adhérent"
        ordering = ["due_on"]
        constraints = [
            models.UniqueConstraint(
                fields=["adherent", "definition", "joined_on"],
                condition=Q(cycle_year__isnull=True),
                name="trajectory_step_once_per_membership",
            ),
            models.CheckConstraint(  # a new-member step has its membership, a yearly one its year
                condition=Q(cycle_year__isnull=True, joined_on__isnull=False)
                | Q(cycle_year__isnull=False, joined_on__isnull=True),
                name="trajectory_step_has_period",
            ),
            models.UniqueConstraint(
                fields=["adherent", "definition", "cycle_year"],
                condition=Q(cycle_year__isnull=False),
                name="trajectory_step_once_per_cycle",
            ),
            models.CheckConstraint(
                condition=Q(status="todo", done_on__isnull=True)
                | (~Q(status="todo") & Q(done_on__isnull=False)),
                name="trajectory_step_done_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["status", "due_on"], name="trajectory_open_idx"),
            models.Index(fields=["adherent", "due_on"], name="trajectory_adherent_idx"),
            models.Index(  # the contact indicator's cohorts: welcome calls by joining date
                fields=["definition", "joined_on"],
                condition=Q(cycle_year__isnull=True),
                name="trajectory_membership_idx",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.definition} — {self.adherent}"
