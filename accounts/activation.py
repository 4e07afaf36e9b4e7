"""Staff account activation (issue 10, item 12).

A staff account starts from a single-use link valid SPSTI_STAFF_ACTIVATION_HOURS (72 h) that
sets the password and the TOTP authenticator in one form. Until then the account cannot log in
(accounts/adapter.py refuses a staff login without TOTP), so its password alone enrols nothing.
Admins produce the link with `manage.py staff_activation_link <email>` or from the Django admin
when they create a staff account.
"""

from __future__ import annotations

import datetime

from allauth.mfa.models import Authenticator
from allauth.mfa.totp.internal.auth import TOTP
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

from accounts.emails import mark_verified
from accounts.models import StaffActivation, User
from spsti import outbox, secret_links
from spsti.errors import DomainError


class ActivationError(DomainError):
    """A refused activation (French message)."""


def new_link(user: User) -> str:
    """A fresh activation link for this staff account (earlier unused ones stop working)."""
    if not user.is_service_staff:
        raise ActivationError(
            f"{user.email} n'est pas un compte du service : les comptes de l'espace adhérent "
            "s'activent par leur lien d'invitation."
        )
    token, digest = secret_links.new_token()
    now = timezone.now()
    with transaction.atomic():
        StaffActivation.objects.filter(user=user, used_at__isnull=True).update(used_at=now)
        StaffActivation.objects.create(
            user=user,
            token_hash=digest,
            expires_at=now + datetime.timedelta(hours=settings.SPSTI_STAFF_ACTIVATION_HOURS),
        )
    path = reverse("staff-activation", args=[token])
    return f"{settings.SPSTI_SITE_URL}{path}"


def send_link(user: User, url: str) -> None:
    body = (
        f"Bonjour,\n\nUn compte de l'équipe du service vous a été ouvert sur le portail "
        f"{settings.SPSTI_SERVICE_NAME}.\n\nOuvrez ce lien pour choisir votre mot de passe et "
        f"enregistrer votre application d'authentification (double authentification) :\n{url}\n\n"
        f"Ce lien ne sert qu'une fois et expire dans {settings.SPSTI_STAFF_ACTIVATION_HOURS} h. "
        "Passé ce délai, demandez-en un nouveau à l'administrateur du portail.\n"
    )
    outbox.queue_email(
        kind="accounts.staff_activation",
        audience="staff",
        to=[user.email],
        subject="Activez votre compte du service — portail SPSTI",
        body=body,
        related=user,
        erase_body_once_sent=True,  # the link sets the password and the second factor
    )


def activation_for(token: str) -> StaffActivation | None:
    """The activation of this link, whatever its state (None when the link never existed)."""
    return (
        StaffActivation.objects.select_related("user")
        .filter(token_hash=secret_links.token_hash(token))
        .first()
    )


def is_usable(activation: StaffActivation) -> bool:
    return activation.used_at is None and activation.expires_at > timezone.now()


@transaction.atomic
def activate(*, token: str, password: str, secret: str) -> User:
    """Set the password and the TOTP authenticator; the link then stops working."""
    activation = (
        StaffActivation.objects.select_for_update()
        .select_related("user")
        .filter(token_hash=secret_links.token_hash(token))
        .first()
    )
    if activation is None or not is_usable(activation):
        raise ActivationError(
            "Ce lien d'activation a expiré ou a déjà servi : demandez-en un nouveau."
        )
    user = activation.user
    validate_password(password, user)
    user.set_password(password)
    user.save(update_fields=["password"])
    # A new link replaces the authenticator too (a lost phone): one TOTP per account.
    Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).delete()
    TOTP.activate(user, secret)
    activation.used_at = timezone.now()
    activation.save(update_fields=["used_at"])
    mark_verified(user)  # the link went to the account's address
    return user
