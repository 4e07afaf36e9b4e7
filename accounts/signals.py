"""Receivers that decouple allauth's and Django's events from our session state."""

import time

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import password_reset
from allauth.mfa.signals import authenticator_added
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from accounts.context import build_context
from accounts.emails import mark_verified
from accounts.middleware import IDLE_SESSION_KEY


@receiver(authenticator_added)
def count_enrolment_as_mfa(sender, request, user, authenticator, **kwargs) -> None:
    """Enrolling a TOTP means typing a valid code: the session has passed MFA."""
    if request is not None and authenticator.type == "totp":
        record_authentication(request, user, "mfa", type="totp", enrolment=True)


@receiver(password_reset)
def count_reset_as_proof_of_address(sender, request, user, **kwargs) -> None:
    """The activation / reset link went to the account's address: that address is proven."""
    mark_verified(user)


@receiver(user_logged_in)
def start_the_session_active_with_its_context(sender, request, user, **kwargs) -> None:
    """Logging in is activity, and the context's default choice (first centre or member) is
    kept from the start: the session saved by the login already holds both, so the pages read
    next do not write it again (IdleTimeoutMiddleware writes the activity once a minute)."""
    if request is None or not hasattr(request, "session"):
        return
    request.session[IDLE_SESSION_KEY] = int(time.time())
    build_context(user, request.session, mfa_passed=False)
