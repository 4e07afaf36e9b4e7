"""The staff MFA gate: staff must have a TOTP authenticator and have used it in this session."""

from allauth.account.authentication import get_authentication_records
from allauth.mfa.models import Authenticator


def has_totp(user) -> bool:
    return Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()


def session_passed_mfa(request) -> bool:
    """allauth records "mfa" when a code was given at login; we record it at enrolment too."""
    return any(r.get("method") == "mfa" for r in get_authentication_records(request, request.user))
