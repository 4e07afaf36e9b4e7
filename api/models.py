"""Personal access tokens of the REST API (issue 18), and the idempotency keys of creations.

A member token acts for one organisation (a member, or a firm for one member it holds a mandate
for); a staff token acts for its creator in one centre of the service, reading aggregated
figures only. Each has scopes of its kind, until it expires or is revoked. Only the SHA-256 of
its secret is stored: the secret is shown once, at creation."""

from __future__ import annotations

import pghistory
from django.conf import settings
from django.contrib.postgres.fields import ArrayField
from django.db import models
from django.db.models import Q
from django.utils import timezone

from api.enums import MEMBER_SCOPES, STAFF_SCOPES, ApiScope
from dashboards.perms import KPI_VIEW


class ApiTokenQuerySet(models.QuerySet["ApiToken"]):
    def visible_to(self, ctx) -> ApiTokenQuerySet:
        """A firm: its own tokens for the current member. The member's admin: every token
        acting on its data, its firms' too (it may revoke them). Staff: their own staff tokens
        (no one else's: a staff token is personal)."""
        if ctx.is_staff:
            if not (ctx.center_id and ctx.has_perm(KPI_VIEW)):
                return self.none()
            return self.filter(user=ctx.user, adherent__isnull=True)
        if not (ctx.is_portal and ctx.adherent_id and ctx.has_perm("api.token:manage")):
            return self.none()
        if ctx.firm_id:
            return self.filter(adherent_id=ctx.adherent_id, firm_id=ctx.firm_id)
        return self.filter(adherent_id=ctx.adherent_id)


# The secret's hash and the last use stay out of the history (one event per call otherwise).
@pghistory.track(exclude=["secret_hash", "last_used_at"])
class ApiToken(models.Model):
    name = models.CharField("nom", max_length=80)
    prefix = models.CharField("début du jeton", max_length=16)
    secret_hash = models.CharField("empreinte SHA-256", max_length=64, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="api_tokens",
        verbose_name="créé par",
    )
    # None: a staff token (it has a centre instead).
    adherent = models.ForeignKey(
        "adherents.Adherent",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name="adhérent",
    )
    firm = models.ForeignKey(
        "adherents.AccountingFirm",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name="cabinet comptable",
    )
    # A staff token's centre: the one its creator was working in when creating it. Its rights
    # are re-read at each call from the creator's current assignments in that centre.
    center = models.ForeignKey(
        "accounts.HealthCenter",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name="centre",
    )
    scopes = ArrayField(models.CharField(max_length=24, choices=ApiScope), verbose_name="droits")
    created_at = models.DateTimeField("créé le", default=timezone.now)
    expires_at = models.DateTimeField("expire le")
    revoked_at = models.DateTimeField("révoqué le", null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name="révoqué par",
    )
    last_used_at = models.DateTimeField("dernière utilisation", null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        verbose_name = "jeton d'accès à l'API"
        verbose_name_plural = "jetons d'accès à l'API"
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["adherent", "firm"], name="api_token_org_idx")]
        constraints = [
            # A member token: a member (and maybe a firm), member scopes only. A staff token: a
            # centre, no member nor firm, staff scopes only. Never a mix (no staff token ever
            # reads a member's rows, no member token reads the management figures).
            models.CheckConstraint(
                condition=Q(
                    adherent__isnull=False,
                    center__isnull=True,
                    scopes__contained_by=list(MEMBER_SCOPES),
                )
                | Q(
                    adherent__isnull=True,
                    firm__isnull=True,
                    center__isnull=False,
                    scopes__contained_by=list(STAFF_SCOPES),
                ),
                name="api_token_member_or_staff",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_staff_token(self) -> bool:
        return self.adherent_id is None

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None and self.expires_at > timezone.now()

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return "Révoqué"
        if self.expires_at <= timezone.now():
            return "Expiré"
        return "Actif"

    def scope_labels(self) -> str:
        return ", ".join(ApiScope(s).label for s in self.scopes if s in ApiScope.values)


class IdempotentRequest(models.Model):
    """The answer given to a creation sent with an `Idempotency-Key`: the same key replays it."""

    token = models.ForeignKey(ApiToken, on_delete=models.CASCADE, related_name="+")
    key = models.CharField(max_length=255)
    request_hash = models.CharField(max_length=64)
    status_code = models.PositiveSmallIntegerField()
    body = models.JSONField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["token", "key"], name="api_idempotency_unique")
        ]

    def __str__(self) -> str:
        return f"{self.key} ({self.status_code})"
