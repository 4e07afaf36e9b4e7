"""Collective awareness actions of the cell (L4622-8-1): existing employer meetings marked with
a PDP theme; their attendance is read from the meetings' registrations."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models

from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class AwarenessMeetingQuerySet(models.QuerySet["AwarenessMeeting"]):
    def visible_to(self, ctx: AccessContext) -> AwarenessMeetingQuerySet:
        """The PDP-themed meetings of the current centre, for staff with the cell's codes."""
        if ctx.is_staff and ctx.center_id and ctx.has_perm("pdp.case:write"):
            return self.filter(meeting__center_id=ctx.center_id)
        return self.none()


@pghistory.track()
class AwarenessMeeting(TimeStampedModel):
    """An employer meeting (adherents events) given a PDP theme: an awareness action."""

    meeting = models.OneToOneField(
        "adherents.EmployerMeeting", on_delete=models.PROTECT, related_name="pdp_awareness"
    )
    theme = models.CharField("thème PDP", max_length=200)
    marked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = AwarenessMeetingQuerySet.as_manager()

    class Meta:
        verbose_name = "sensibilisation collective PDP"
        verbose_name_plural = "sensibilisations collectives PDP"

    def __str__(self) -> str:
        return f"{self.meeting} — {self.theme}"
