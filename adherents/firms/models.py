"""Accounting firms acting for several members under revocable, scoped mandates."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from accounts.context_snapshot import PortalRowsQuerySet
from accounts.enums import MandateScope
from adherents import scope
from adherents.hooks_portal_context import SharedRowsQuerySet
from adherents.validators import validate_siren
from spsti.models import TimeStampedModel

if TYPE_CHECKING:
    from accounts.context import AccessContext


class AccountingFirmQuerySet(SharedRowsQuerySet):
    def visible_to(self, ctx: AccessContext) -> AccountingFirmQuerySet:
        """The directory of firms: staff and a member (to grant a mandate); a firm: itself."""
        if ctx.is_portal and ctx.via_firm:
            return self.filter(pk=ctx.firm_id)
        if (ctx.is_portal and ctx.adherent_id) or (ctx.is_staff and ctx.center_id):
            return self.all()
        return self.none()


@pghistory.track()
class AccountingFirm(TimeStampedModel):
    """An accounting firm (tiers déclarant) acting for members."""

    name = models.CharField("nom", max_length=200)
    siren = models.CharField("SIREN", max_length=9, unique=True, validators=[validate_siren])

    objects = AccountingFirmQuerySet.as_manager()

    class Meta:
        verbose_name = "cabinet comptable"
        verbose_name_plural = "cabinets comptables"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


@pghistory.track()
class AccountingFirmMember(TimeStampedModel):
    """A person working for an accounting firm, using the member portal on its behalf."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="firm_memberships",
        verbose_name="utilisateur",
    )
    firm = models.ForeignKey(
        AccountingFirm, on_delete=models.PROTECT, related_name="members", verbose_name="cabinet"
    )
    is_active = models.BooleanField("actif", default=True)

    objects = PortalRowsQuerySet.as_manager()  # a bulk change renews the portal's cached choices

    class Meta:
        verbose_name = "collaborateur de cabinet"
        constraints = [
            models.UniqueConstraint(fields=["user", "firm"], name="firm_member_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} — {self.firm}"


class MandateQuerySet(SharedRowsQuerySet):
    def visible_to(self, ctx: AccessContext) -> MandateQuerySet:
        """Portal: the member's mandates (a firm: its own for that member). Staff: the centre's."""
        if ctx.is_portal and ctx.adherent_id and ctx.via_firm:
            return self.filter(adherent_id=ctx.adherent_id, firm_id=ctx.firm_id)
        return scope.of_member(self, ctx)

    def active(self, on=None) -> MandateQuerySet:
        """Mandates in force on that date (today by default): started, not ended, not revoked."""
        on = on or timezone.localdate()
        return self.filter(
            Q(valid_until__isnull=True) | Q(valid_until__gte=on),
            valid_from__lte=on,
            revoked_at__isnull=True,
        )


@pghistory.track()
class AccountingFirmMandate(TimeStampedModel):
    """A member's mandate to a firm, for some scopes and a period; revoked, never deleted."""

    firm = models.ForeignKey(
        AccountingFirm, on_delete=models.PROTECT, related_name="mandates", verbose_name="cabinet"
    )
    adherent = models.ForeignKey(
        "adherents.Adherent",
        on_delete=models.PROTECT,
        related_name="mandates",
        verbose_name="adhérent",
    )
    scopes = ArrayField(
        models.CharField(max_length=20, choices=MandateScope), verbose_name="périmètre"
    )
    valid_from = models.DateField("valable du")
    valid_until = models.DateField("valable jusqu'au", null=True, blank=True)
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="accordé par",
    )
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="révoqué par",
    )

    objects = MandateQuerySet.as_manager()

    class Meta:
        verbose_name = "mandat de cabinet"
        verbose_name_plural = "mandats de cabinet"
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_until__isnull=True) | Q(valid_until__gte=models.F("valid_from")),
                name="mandate_period_ordered",
            ),
            models.CheckConstraint(condition=~Q(scopes=[]), name="mandate_has_scope"),
        ]
        indexes = [models.Index(fields=["firm", "adherent"], name="mandate_firm_adherent_idx")]

    def __str__(self) -> str:
        return f"{self.firm} pour {self.adherent}"

    @property
    def scope_labels(self) -> str:
        """The scopes in French, for screens: « Déclaration d'effectifs, Factures »."""
        return ", ".join(MandateScope(scope).label for scope in self.scopes)
