"""Receivers that decouple allauth's events from our session state."""

from allauth.account.internal.flows.login import record_authentication
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver


@receiver(authenticator_added)
def count_enrolment_as_mfa(sender, request, user, authenticator, **kwargs) -> None:
    """Enrolling a TOTP means typing a valid code: the session has passed MFA."""
    if request is not None and authenticator.type == "totp":
        record_authentication(request, user, "mfa", type="totp", enrolment=True)
