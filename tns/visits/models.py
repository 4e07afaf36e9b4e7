"""The VIP TNS: a visit of the offer's own, booked on a slot of the existing agenda.

No regulatory periodicity applies to a self-employed worker: the VIP TNS and its rhythm come
from the offer (``TnsOffer.vip_rhythm_months``, TO VERIFY with the CMT). It is a model of its own,
never a ``suivi_sante.Visit``: nothing of it reaches the salaried schedule engine.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Q

from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext

VIP_TNS = "VIP_TNS"
VIP_TNS_LABEL = "VIP TNS — visite d'information et de prévention du travailleur indépendant"


class TnsVisitStatus(models.TextChoices):
    PLANNED = "planned", "Programmée"
    HELD = "held", "Réalisée"
    CANCELLED = "cancelled", "Annulée"
    ABSENT = "absent", "Absence"


HOLDING = [TnsVisitStatus.PLANNED, TnsVisitStatus.HELD]


class TnsVisitQuerySet(models.QuerySet["TnsVisit"]):
    def visible_to(self, ctx: AccessContext) -> TnsVisitQuerySet:
        if ctx.is_portal and ctx.user.is_authenticated:
            return self.filter(person=ctx.user)
        if ctx.is_staff and ctx.center_id:
            return self.filter(slot__center_id=ctx.center_id)
        return self.none()


@pghistory.track()
class TnsVisit(TimeStampedModel):
    kind = models.CharField(
        "type de visite", max_length=10, choices=[(VIP_TNS, VIP_TNS_LABEL)], default=VIP_TNS
    )
    person = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="tns_visits"
    )
    affiliation = models.ForeignKey(
        "tns.TnsAffiliation", on_delete=models.PROTECT, related_name="visits"
    )
    proposal = models.ForeignKey(
        "tns.ContactProposal",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="visits",
        verbose_name="suite de la proposition de contact",
    )
    slot = models.ForeignKey(
        "suivi_sante.Slot", on_delete=models.PROTECT, related_name="tns_visits"
    )
    professional = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    scheduled_at = models.DateTimeField("prévue le")
    status = models.CharField(
        "statut", max_length=10, choices=TnsVisitStatus, default=TnsVisitStatus.PLANNED
    )
    booked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )

    objects = TnsVisitQuerySet.as_manager()

    class Meta:
        verbose_name = "VIP TNS"
        verbose_name_plural = "VIP TNS"
        ordering = ["-scheduled_at"]
        # The centre's list, latest first, paged by key (tns.visits.selectors.centre_visits).
        indexes = [models.Index(fields=["scheduled_at", "id"], name="tns_visit_order_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["slot"],
                condition=Q(status__in=["planned", "held"]),
                name="tns_visit_one_per_slot",
            ),
        ]

    def __str__(self) -> str:
        return f"VIP TNS — {self.scheduled_at:%d/%m/%Y %H:%M}"
