"""Writes on personal access tokens: create (the secret returned once), revoke, resolve."""

from __future__ import annotations

import datetime
import hashlib
import secrets

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import F
from django.utils import timezone

from accounts import audit, mfa
from adherents.members import selectors as member_selectors
from api.enums import scopes_within
from api.models import ApiToken
from api.tokens import selectors as token_selectors
from dashboards.perms import KPI_VIEW

SECRET_PREFIX = "spsti_"  # noqa: S105 - the public prefix of every token, not a secret
MAX_DAYS = 366


class TokenError(Exception):
    """A refusal worded for the person creating or revoking the token."""


def hash_secret(secret: str) -> str:
    """SHA-256 of the whole secret: 256 bits of randomness need no slow hash."""
    return hashlib.sha256(secret.encode()).hexdigest()


def _check_request(ctx, scopes: list[str], expires_on: datetime.date, *, staff: bool) -> None:
    """The scopes (at least one, all within the creator's codes) and the expiry (within a year)."""
    allowed = set(scopes_within(ctx.permissions, staff=staff))
    if not scopes:
        raise TokenError("Choisissez au moins un droit pour ce jeton.")
    if refused := [s for s in scopes if s not in allowed]:
        raise TokenError(f"Vous ne pouvez pas donner ces droits : {', '.join(refused)}.")
    today = timezone.localdate()
    if expires_on <= today:
        raise TokenError("La date d'expiration doit être postérieure à aujourd'hui.")
    if expires_on > today + datetime.timedelta(days=MAX_DAYS):
        raise TokenError(
            "Un jeton expire au plus tard dans un an : choisissez une date plus proche."
        )


def _create(ctx, *, name, scopes, expires_on, **owner) -> tuple[ApiToken, str]:
    secret = SECRET_PREFIX + secrets.token_urlsafe(32)
    expires_at = timezone.make_aware(datetime.datetime.combine(expires_on, datetime.time.max))
    with audit.actor_context(ctx):
        token = ApiToken.objects.create(
            name=name.strip(),
            prefix=secret[: len(SECRET_PREFIX) + 6],
            secret_hash=hash_secret(secret),
            user=ctx.user,
            scopes=sorted(set(scopes)),
            expires_at=expires_at,
            **owner,
        )
    return token, secret


@transaction.atomic
def create_token(
    ctx, *, name: str, scopes: list[str], expires_on: datetime.date
) -> tuple[ApiToken, str]:
    """A token for the current organisation; returns it and its secret (shown once, never
    stored)."""
    if not (ctx.is_portal and ctx.adherent_id and ctx.has_perm("api.token:manage")):
        raise PermissionDenied
    _check_request(ctx, scopes, expires_on, staff=False)
    return _create(
        ctx,
        name=name,
        scopes=scopes,
        expires_on=expires_on,
        adherent_id=ctx.adherent_id,
        firm_id=ctx.firm_id,
    )


@transaction.atomic
def create_staff_token(
    ctx, *, name: str, scopes: list[str], expires_on: datetime.date
) -> tuple[ApiToken, str]:
    """A staff member's personal token in their current centre (read-only figures); returns it
    and its secret (shown once). Only staff who read the dashboards and passed TOTP in this
    session, enrolled today: the token's secret is as strong as the session that made it."""
    if not (ctx.is_staff and ctx.center_id and ctx.has_perm(KPI_VIEW)):
        raise PermissionDenied
    if not (ctx.mfa_passed and mfa.has_totp(ctx.user)):
        raise PermissionDenied("Un jeton du service exige la double authentification (TOTP).")
    _check_request(ctx, scopes, expires_on, staff=True)
    return _create(ctx, name=name, scopes=scopes, expires_on=expires_on, center_id=ctx.center_id)


@transaction.atomic
def revoke_token(ctx, token: ApiToken) -> ApiToken:
    token = ApiToken.objects.visible_to(ctx).select_for_update().get(pk=token.pk)
    if token.revoked_at is not None:
        raise TokenError("Ce jeton est déjà révoqué.")
    with audit.actor_context(ctx):
        token.revoked_at = timezone.now()
        token.revoked_by = ctx.user
        token.save(update_fields=["revoked_at", "revoked_by"])
    return token


def with_grant(tokens):
    """Tokens with their creator, their member's name and end of membership (an ended member's
    tokens only read), and the creator's live grant for the token's organisation (grant_role,
    grant_scopes): one query says who may act."""
    return (
        tokens.select_related("user")
        .annotate(
            adherent_name=F("adherent__name"),
            adherent_ended_on=F("adherent__ended_on"),
            **member_selectors.grant_subqueries(user="user", adherent="adherent", firm="firm"),
        )
        .order_by()
    )


def active_token(secret: str) -> ApiToken | None:
    """The live token of this secret, with its creator and grant (as with_grant sets them), in
    one query (selectors.live_token); None if unknown, expired or revoked."""
    if not secret.startswith(SECRET_PREFIX) or len(secret) > 200:
        return None
    token = token_selectors.live_token(hash_secret(secret))
    if token is None or not token.user.is_active:
        return None
    return token


LAST_USE_EVERY = datetime.timedelta(minutes=1)


def mark_used(token: ApiToken) -> None:
    """The last use, written at most once a minute (not one write per call)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at >= LAST_USE_EVERY:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
