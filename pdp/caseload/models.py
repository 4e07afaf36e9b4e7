"""The cell's members in a centre (L4622-8-1) and their saturation threshold."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class CellFunction(models.TextChoices):
    PHYSICIAN = "physician", "Médecin du travail"
    NURSE = "nurse", "Infirmier(e) en santé au travail"
    SOCIAL_WORKER = "social_worker", "Assistant(e) social(e)"
    JOB_RETENTION_OFFICER = "job_retention_officer", "Chargé(e) de maintien en emploi"
    ERGONOMIST = "ergonomist", "Ergonome"
    PSYCHOLOGIST = "psychologist", "Psychologue du travail"
    SECRETARY = "secretary", "Secrétaire"


def default_threshold() -> int:
    """The centre-wide default threshold (settings.SPSTI_PDP_SATURATION_THRESHOLD)."""
    return settings.SPSTI_PDP_SATURATION_THRESHOLD


class CellMemberQuerySet(models.QuerySet["CellMember"]):
    def active(self) -> CellMemberQuerySet:
        return self.filter(ended_on__isnull=True)

    def visible_to(self, ctx: AccessContext) -> CellMemberQuerySet:
        """The cell of the current centre, for staff who read PDP cases or manage the cell."""
        if (
            ctx.is_staff
            and ctx.center_id
            and (ctx.has_perm("pdp.case:read") or ctx.has_perm("pdp.cell:manage"))
        ):
            return self.filter(center_id=ctx.center_id)
        return self.none()


@pghistory.track()
class CellMember(TimeStampedModel):
    """A member of the centre's PDP cell; the coordinator is a physician or a member he
    designates, acting under his responsibility (L4622-8-1)."""

    center = models.ForeignKey(
        "accounts.HealthCenter", on_delete=models.PROTECT, related_name="pdp_cell_members"
    )
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="pdp_cell_memberships"
    )
    function = models.CharField("fonction", max_length=30, choices=CellFunction)
    is_coordinator = models.BooleanField("coordonne la cellule", default=False)
    designated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="désigné(e) par (médecin)",
    )
    saturation_threshold = models.PositiveSmallIntegerField(
        "seuil de saturation (dossiers ouverts)", default=default_threshold
    )
    ended_on = models.DateField("sorti(e) de la cellule le", null=True, blank=True)

    objects = CellMemberQuerySet.as_manager()

    class Meta:
        verbose_name = "membre de la cellule PDP"
        verbose_name_plural = "membres de la cellule PDP"
        constraints = [
            models.UniqueConstraint(
                fields=["center", "user"],
                condition=Q(ended_on__isnull=True),
                name="pdp_cell_member_active_unique",
            ),
            models.UniqueConstraint(
                fields=["center"],
                condition=Q(ended_on__isnull=True, is_coordinator=True),
                name="pdp_cell_one_coordinator",
            ),
            # L4622-8-1: coordinated by a physician, or by a member a physician designates.
            models.CheckConstraint(
                condition=Q(is_coordinator=False)
                | Q(function="physician")
                | Q(designated_by__isnull=False),
                name="pdp_coordinator_physician_or_designated",
            ),
        ]
        indexes = [models.Index(fields=["user", "center", "ended_on"], name="pdp_cell_user_idx")]

    def __str__(self) -> str:
        return f"{self.user} — {self.get_function_display()}"


class OpenCaseCount(models.Model):
    """A centre's open cases per owner (owner None: unassigned), the caseload page's figures.

    Kept by the database in the same transaction as every write to the cases (pdp 0006's
    trigger on pdp_pdpcase: creation, change of step, owner or centre, deletion, in bulk or
    not): never behind the cases, so the page reads these few rows instead of counting the
    centre's open cases on each request. Never written by the application."""

    center = models.ForeignKey("accounts.HealthCenter", on_delete=models.CASCADE, related_name="+")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, related_name="+"
    )
    open_count = models.IntegerField(default=0)

    class Meta:
        verbose_name = "dossiers PDP ouverts par référent"
        constraints = [
            models.UniqueConstraint(
                fields=["center", "owner"], nulls_distinct=False, name="pdp_open_count_key"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.center_id}/{self.owner_id}: {self.open_count}"
