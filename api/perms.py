"""Who may call an endpoint: a token whose context holds the view's permission codes (the same
codes as the screens); otherwise 403 (a missing scope), never a hint about other members."""

from rest_framework import permissions

from api.models import ApiToken


class TokenHasCodes(permissions.BasePermission):
    """The view's `required_codes` (per method: {"GET": (...), "POST": (...)})."""

    message = "Ce jeton n'a pas les droits nécessaires pour cette opération."

    def has_permission(self, request, view) -> bool:
        if not isinstance(request.auth, ApiToken):
            return False
        ctx = request.ctx
        if ctx.member_has_ended and request.method not in permissions.SAFE_METHODS:
            # A former member's token reads, never writes (accounts.roles, ENDED_MEMBER_KEPT).
            self.message = ctx.ended_member_notice
            return False
        codes = getattr(view, "required_codes", {}).get(request.method)
        if codes is None:
            return False
        return all(ctx.has_perm(code) for code in codes)
