"""Account pages of ours that replace or wrap allauth's."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from allauth.account.views import EmailView
from django.contrib import messages

from accounts.emails import mark_verified


class VerifiedEmailView(EmailView):
    """/comptes/email/: an address becomes primary (the one invitations match) only once it is
    verified, whatever the other addresses of the account (allauth lets an account without any
    verified address promote an unverified one)."""

    def dispatch(self, request, *args, **kwargs):
        user = request.user
        if user.is_authenticated and not EmailAddress.objects.filter(user=user).exists():
            # The address the service gave the account, opened by the link sent there.
            mark_verified(user)
        return super().dispatch(request, *args, **kwargs)

    def _action_primary(self, request, *args, **kwargs):
        address = self._get_email_address(request)
        if address is not None and not address.verified:
            messages.error(
                request,
                "Confirmez d'abord cette adresse (lien reçu par e-mail) : une adresse non "
                "confirmée ne peut pas devenir l'adresse principale du compte.",
            )
            return None
        return super()._action_primary(request, *args, **kwargs)


email = VerifiedEmailView.as_view()
