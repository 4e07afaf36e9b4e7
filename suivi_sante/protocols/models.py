"""Delegation protocols: what a physician entrusts to the team's nurses (R4623-14, L4622-8)."""

from __future__ import annotations

import datetime
from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models

from spsti.models import TimeStampedModel
from suivi_sante.enums import StaffingHypothesis, VisitKind

if TYPE_CHECKING:
    from accounts.context import AccessContext

# Never delegable (R4623-14 as rewritten by décret 2022-679), enforced by the database too;
# the same set as rules.delegation.PHYSICIAN_ONLY_KINDS (tested), spelt out for the migrations.
PHYSICIAN_ONLY = ["EMAE", "SIR_PERIODIQUE", "FIN_CARRIERE"]


class DelegationProtocolQuerySet(models.QuerySet["DelegationProtocol"]):
    def visible_to(self, ctx: AccessContext) -> DelegationProtocolQuerySet:
        """Staff of the centre see its teams' protocols; members never do."""
        if ctx.is_staff and ctx.center_id and ctx.has_perm("suivi_sante.protocol:view"):
            return self.filter(team_id__in=ctx.team_ids)
        return self.none()

    def active_on(self, day: datetime.date) -> DelegationProtocolQuerySet:
        return self.filter(valid_from__lte=day).filter(
            models.Q(valid_until__isnull=True) | models.Q(valid_until__gte=day)
        )

    def covering(self, *, team_id: int, kind: str, day: datetime.date):
        """Active protocols of this team that delegate this visit kind on that day."""
        return self.active_on(day).filter(team_id=team_id, delegated_kinds__contains=[kind])


@pghistory.track()
class DelegationProtocol(TimeStampedModel):
    """A written protocol signed by a physician for a team: delegated kinds, conditions, period."""

    team = models.ForeignKey(
        "accounts.Team", on_delete=models.PROTECT, related_name="protocols", verbose_name="équipe"
    )
    title = models.CharField("intitulé", max_length=200)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="signed_protocols",
        verbose_name="médecin signataire",
    )
    signed_on = models.DateField("signé le")
    delegated_kinds = ArrayField(
        models.CharField(max_length=24, choices=VisitKind),
        verbose_name="visites déléguées",
    )
    conditions = models.TextField("conditions de la délégation")
    referral_cases = models.TextField("cas d'orientation vers le médecin")
    staffing_hypothesis = models.CharField(
        "hypothèse d'effectif", max_length=20, choices=StaffingHypothesis
    )
    cmt_approved_on = models.DateField("approuvé par la CMT le")
    valid_from = models.DateField("valable du")
    valid_until = models.DateField("valable jusqu'au", null=True, blank=True)
    # Professionals outside the team the protocol names (they may then read the DMST).
    named_professionals = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="named_in_protocols",
        verbose_name="autres professionnels désignés",
    )

    objects = DelegationProtocolQuerySet.as_manager()

    class Meta:
        verbose_name = "protocole de délégation"
        verbose_name_plural = "protocoles de délégation"
        ordering = ["-valid_from"]
        indexes = [models.Index(fields=["team", "valid_from"], name="protocol_team_idx")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(delegated_kinds__overlap=PHYSICIAN_ONLY),
                name="protocol_no_physician_only_kind",
            ),
            models.CheckConstraint(
                condition=models.Q(delegated_kinds__len__gt=0), name="protocol_has_kinds"
            ),
            models.CheckConstraint(
                condition=models.Q(valid_until__isnull=True)
                | models.Q(valid_until__gte=models.F("valid_from")),
                name="protocol_period_ordered",
            ),
        ]

    def __str__(self) -> str:
        return self.title
