"""`Authorization: Bearer <token>`: the token's creator acting for the token's organisation (a
member token) or in the token's centre (a staff token), as the same AccessContext (`request.ctx`)
the screens build, cut to the token's scopes."""

from __future__ import annotations

from dataclasses import replace

from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from accounts import mfa
from accounts.context import AccessContext, portal_context, staff_centers, staff_context
from accounts.enums import UserKind
from adherents.members import selectors as member_selectors
from api.enums import scope_permissions
from api.models import ApiToken
from api.tokens import services

INVALID = "Jeton d'accès inconnu, expiré ou révoqué."


def token_context(token: ApiToken):
    """The creator's live rights for the token's organisation (a revoked mandate or role stops
    the token at its next call), intersected with the token's scopes. None: no such right left.
    A member token's grant is read with the token itself (services.with_grant)."""
    if token.is_staff_token:
        return staff_token_context(token)
    if not hasattr(token, "grant_role"):
        token = services.with_grant(ApiToken.objects.filter(pk=token.pk)).get()
    user = token.user
    if not user.is_active or not user.is_portal:
        return None
    choice = member_selectors.granted_choice(
        adherent_id=token.adherent_id,
        adherent_name=token.adherent_name,
        firm_id=token.firm_id,
        role=token.grant_role,
        scopes=token.grant_scopes,
        member_ended_on=token.adherent_ended_on,  # an ended member's tokens only read
    )
    if choice is None:
        return None
    ctx = portal_context(user, choice)
    return replace(ctx, permissions=ctx.permissions & scope_permissions(token.scopes), choices=())


def staff_token_context(token: ApiToken) -> AccessContext | None:
    """A staff token: its creator's CURRENT assignments in the token's centre, as the
    back-office builds them, cut to the token's staff scopes. None when the creator is no longer
    active staff, no longer assigned in that centre, or no longer enrolled in TOTP (the
    back-office's own gate; an API call cannot ask for a code, so the enrolment is what counts).
    A role that no longer holds the scope's code leaves the token without it: a 403."""
    user = token.user
    if not user.is_active or user.kind != UserKind.STAFF or not mfa.has_totp(user):
        return None
    center = next((c for c in staff_centers(user) if c.pk == token.center_id), None)
    if center is None:
        return None
    # No code was given for this call: mfa_passed stays False, the screens' gate stays shut.
    ctx = staff_context(user, center, mfa_passed=False)
    return replace(ctx, permissions=ctx.permissions & scope_permissions(token.scopes, staff=True))


class BearerTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).split()
        if not header or header[0].lower() != self.keyword.lower().encode():
            return None
        if len(header) != 2:
            raise exceptions.AuthenticationFailed(
                "En-tête Authorization mal formé : « Bearer <jeton> » attendu."
            )
        try:
            secret = header[1].decode()
        except UnicodeError as error:
            raise exceptions.AuthenticationFailed(INVALID) from error
        token = services.active_token(secret)
        ctx = token_context(token) if token else None
        if ctx is None:
            raise exceptions.AuthenticationFailed(INVALID)
        services.mark_used(token)
        # The Django request carries the context, like the screens' middleware does.
        request._request.ctx = ctx
        request._request.api_token = token
        return (token.user, token)

    def authenticate_header(self, request) -> str:
        return f'{self.keyword} realm="api"'


class BearerTokenScheme(OpenApiAuthenticationExtension):
    target_class = BearerTokenAuthentication
    name = "jeton"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": (
                "Jeton d'accès personnel créé dans l'espace adhérent (« Accès à l'API »), "
                "limité à une organisation et à des droits ; ou, pour les indicateurs de "
                "pilotage, jeton personnel d'un membre de l'équipe du service créé dans le "
                "back-office, limité à son centre et à ses droits du moment."
            ),
        }
