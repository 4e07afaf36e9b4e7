"""Absences declared by the employer: they trigger reprise and pré-reprise visits (R4624-29 ff.)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models

from spsti.models import TimeStampedModel
from suivi_sante.enums import AbsenceCause

if TYPE_CHECKING:
    from accounts.context import AccessContext


class AbsenceQuerySet(models.QuerySet["Absence"]):
    def visible_to(self, ctx: AccessContext) -> AbsenceQuerySet:
        """Same scope as the worker list: the member's own, or the centre's teams."""
        if not ctx.has_perm("suivi_sante.worker:view"):
            return self.none()
        if ctx.is_portal and ctx.adherent_id:
            return self.filter(worker__adherent_id=ctx.adherent_id)
        if ctx.is_staff and ctx.center_id:
            return self.filter(worker__adherent__team_id__in=ctx.team_ids)
        return self.none()


@pghistory.track()
class Absence(TimeStampedModel):
    """A work stoppage; `end_on` is the last day off, the worker returns the day after."""

    worker = models.ForeignKey(
        "suivi_sante.Worker",
        on_delete=models.PROTECT,
        related_name="absences",
        verbose_name="salarié",
    )
    cause = models.CharField("motif", max_length=32, choices=AbsenceCause)
    start_on = models.DateField("premier jour d'absence")
    end_on = models.DateField("dernier jour d'absence", null=True, blank=True)
    declared_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="déclarée par",
    )

    objects = AbsenceQuerySet.as_manager()

    class Meta:
        verbose_name = "absence"
        ordering = ["-start_on"]
        indexes = [models.Index(fields=["worker", "start_on"], name="absence_worker_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_on__isnull=True)
                | models.Q(end_on__gte=models.F("start_on")),
                name="absence_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_cause_display()} du {self.start_on:%d/%m/%Y}"
