"""Portal invitations: an activation link by e-mail, never codes by post (seed 002: 17 % of new
members never received theirs).

The link is allauth's password-reset-from-key link: the person chooses a password, the key then
stops working (it hashes the password and the last login), and it expires after
PASSWORD_RESET_TIMEOUT. The member service can send a new one at any time.
"""

from __future__ import annotations

from allauth.account.forms import default_token_generator
from allauth.account.utils import user_pk_to_url_str
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse

from accounts.emails import holder_of
from accounts.enums import UserKind
from accounts.models import User
from spsti import outbox


def activation_url(user: User) -> str:
    """The absolute link where this user sets a password (valid until used or expired)."""
    path = reverse(
        "account_reset_password_from_key",
        kwargs={
            "uidb36": user_pk_to_url_str(user),
            "key": default_token_generator.make_token(user),
        },
    )
    return f"{settings.SPSTI_SITE_URL}{path}"


def get_or_create_portal_user(*, email: str, first_name: str = "", last_name: str = "") -> User:
    """The account that proved it holds this address (accounts/emails.py), or a new portal
    account that has no usable password until activated by the link sent to the address.
    Raises UnprovenAddressError when an account shows the address without having confirmed it."""
    user = holder_of(email)
    if user is None:
        user = User.objects.create_user(
            email=email, first_name=first_name, last_name=last_name, kind=UserKind.PORTAL
        )
        user.set_unusable_password()
        user.save(update_fields=["password"])
    return user


def send_invitation(user: User, *, organisation: str, reason: str, related=None) -> None:
    """E-mail the activation link (outbox: queued in this transaction, sent after it commits);
    the mail is listed on `related`'s page (a joining application), else on the user."""
    context = {
        "user": user,
        "organisation": organisation,
        "reason": reason,
        "url": activation_url(user),
        "site_url": settings.SPSTI_SITE_URL,
        "days": settings.PASSWORD_RESET_TIMEOUT // 86400,
    }
    outbox.queue_email(
        kind="accounts.invitation",
        to=[user.email],
        subject=f"Activez votre espace adhérent — {organisation}",
        body=render_to_string("accounts/email/invitation.txt", context),
        related=related or user,
        erase_body_once_sent=True,  # the link opens the account
    )
