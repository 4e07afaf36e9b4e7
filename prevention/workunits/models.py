"""Work units of an establishment: shared by the FE, the DUERP and the chemical inventory."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.db import models

from prevention.scope import scoped
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class WorkUnitQuerySet(models.QuerySet["WorkUnit"]):
    def visible_to(self, ctx: AccessContext) -> WorkUnitQuerySet:
        return scoped(self, ctx, "prevention.workunit:view", "establishment__adherent")


@pghistory.track()
class WorkUnit(TimeStampedModel):
    """A work unit (unité de travail, R4121-1): a group of posts exposed to the same hazards."""

    establishment = models.ForeignKey(
        "adherents.Establishment", on_delete=models.PROTECT, related_name="work_units"
    )
    name = models.CharField("unité de travail", max_length=120)
    description = models.TextField("activités et postes", blank=True)
    headcount = models.PositiveIntegerField("effectif", default=0)
    # The workers of the unit (a CMR product here suggests a SIR exposure to their physician).
    employments = models.ManyToManyField(
        "suivi_sante.Employment", blank=True, related_name="work_units", verbose_name="salariés"
    )
    archived_at = models.DateTimeField("archivée le", null=True, blank=True)

    objects = WorkUnitQuerySet.as_manager()

    class Meta:
        verbose_name = "unité de travail"
        verbose_name_plural = "unités de travail"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["establishment", "name"],
                condition=models.Q(archived_at__isnull=True),
                name="work_unit_name_unique",
            )
        ]

    def __str__(self) -> str:
        return self.name
