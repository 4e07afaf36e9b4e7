"""allauth adapter: no open signup; accounts come from the service (invitations)."""

import time

from allauth.account import app_settings
from allauth.account.adapter import DefaultAccountAdapter
from allauth.account.authentication import get_authentication_records
from allauth.core import context

from spsti.client_ip import client_ip


class AccountAdapter(DefaultAccountAdapter):
    def is_open_for_signup(self, request) -> bool:
        return False

    def is_reauthentication_required(self, *, app: str, **kwargs) -> bool:
        """A login of the last few minutes counts: staff enrol TOTP right after their first login
        without typing their password twice."""
        request = context.request
        records = get_authentication_records(request, request.user) if request else []
        if records and time.time() - records[-1]["at"] < app_settings.REAUTHENTICATION_TIMEOUT:
            return False
        return super().is_reauthentication_required(app=app, **kwargs)

    def get_client_ip(self, request) -> str:
        """The address allauth's rate limits key on: ours, proxies included (spsti/client_ip)."""
        return client_ip(request)
