"""Sets `request.ctx`, the AccessContext, re-validated on every request; the audit context."""

from django.utils.functional import SimpleLazyObject
from pghistory.middleware import HistoryMiddleware

from accounts.audit import url_without_secrets
from accounts.context import build_context
from accounts.mfa import session_passed_mfa


class AccessContextMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Lazy: static files and public pages pay nothing for it.
        request.ctx = SimpleLazyObject(
            lambda: build_context(
                request.user,
                request.session,
                mfa_passed=request.user.is_authenticated and session_passed_mfa(request),
            )
        )
        return self.get_response(request)


class AuditContextMiddleware(HistoryMiddleware):
    """pghistory's context (user, url) for every row change, without the token of a secret
    link: the database keeps only its hash (spsti/secret_links.py), so must the audit."""

    def get_context(self, request):
        return {**super().get_context(request), "url": url_without_secrets(request)}
