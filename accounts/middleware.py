"""Sets `request.ctx`, the AccessContext, re-validated on every request; the audit context."""

import functools
import time

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.utils.functional import SimpleLazyObject, lazy
from django_htmx.http import HttpResponseClientRedirect
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
        # Masked when a write puts the context in its statement (pghistory serializes it with
        # DjangoJSONEncoder, which writes a lazy string as text): the path is resolved a second
        # time (≈ 0.1 ms) only by a request that writes, at most once.
        url = _lazy_call(functools.cache(functools.partial(url_without_secrets, request)))
        return {**super().get_context(request), "url": url}


# Built once: django.utils.functional.lazy() defines a proxy class with every method of `str` at
# each call (≈ 0.2 ms), which every request paid here before.
_lazy_call = lazy(lambda function: function(), str)


IDLE_SESSION_KEY = "spsti_last_activity"
IDLE_WRITE_EVERY = 60  # seconds: the session row is written at most once a minute for this


def idle_minutes(user) -> int:
    """How long a session of this user may stay idle: staff open health data."""
    if user.is_portal:
        return settings.SPSTI_PORTAL_IDLE_MINUTES
    return settings.SPSTI_STAFF_IDLE_MINUTES


class IdleTimeoutMiddleware:
    """Ends a session left idle longer than its limit (staff 30 min, portal 2 h by default):
    the next request logs out and goes to the login page, back to where it was afterwards."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.user.is_authenticated:
            now = int(time.time())
            last = request.session.get(IDLE_SESSION_KEY)
            minutes = idle_minutes(request.user)
            if last is not None and now - last > minutes * 60:
                return self._expired(request, minutes)
            if last is None or now - last >= IDLE_WRITE_EVERY:
                request.session[IDLE_SESSION_KEY] = now
        return self.get_response(request)

    def _expired(self, request, minutes: int):
        logout(request)
        messages.info(
            request,
            f"Votre session a expiré après {minutes} minutes d'inactivité : "
            "reconnectez-vous pour continuer.",
        )
        next_url = request.get_full_path() if request.method in ("GET", "HEAD") else request.path
        if getattr(request, "htmx", False):  # a fragment request: the whole page goes
            return HttpResponseClientRedirect(redirect_to_login(next_url).url)
        return redirect_to_login(next_url)
