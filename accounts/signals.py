"""Receivers that decouple allauth's events from our session state."""

from allauth.account.internal.flows.login import record_authentication
from allauth.account.signals import password_reset
from allauth.mfa.signals import authenticator_added
from django.dispatch import receiver

from accounts.emails import mark_verified


@receiver(authenticator_added)
def count_enrolment_as_mfa(sender, request, user, authenticator, **kwargs) -> None:
    """Enrolling a TOTP means typing a valid code: the session has passed MFA."""
    if request is not None and authenticator.type == "totp":
        record_authentication(request, user, "mfa", type="totp", enrolment=True)


@receiver(password_reset)
def count_reset_as_proof_of_address(sender, request, user, **kwargs) -> None:
    """The activation / reset link went to the account's address: that address is proven."""
    mark_verified(user)
