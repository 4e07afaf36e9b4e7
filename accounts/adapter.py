"""allauth adapter: no open signup; accounts come from the service (invitations)."""

import time

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context
from django.contrib import messages
from django.shortcuts import redirect

from accounts.mfa import has_totp
from spsti.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def pre_login(self, request, user, **kwargs):
        """A staff account without TOTP has not been activated: its password alone must not
        open a session in which anyone could enrol an authenticator (issue 10, item 12)."""
        if user.is_active and user.is_service_staff and not has_totp(user):
            from allauth.account.internal.stagekit import clear_login

            clear_login(request)
            messages.error(
                request,
                "Ce compte du service n'est pas encore activé : demandez un lien d'activation à "
                "l'administrateur du portail (il fixe votre mot de passe et votre double "
                "authentification).",
            )
            return redirect("account_login")
        return super().pre_login(request, user, **kwargs)

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A login of the last few minutes counts: right after logging in, managing one's
        e-mail address or authenticator does not ask for the password twice."""
        request = context.request
        records = get_authentication_records(request, request.user) if request else []
        if records and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT:
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits key on: ours, proxies included (spsti/client_ip)."""
        return client_ip(request)
