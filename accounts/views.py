"""Account pages of ours that replace or wrap allauth's."""

from __future__ import annotations

from allauth.account.views import EmailView
from allauth.mfa.adapter import get_adapter as get_mfa_adapter
from allauth.mfa.totp.internal.auth import generate_totp_secret, validate_totp_code
from allauth.mfa.totp.views import activate_totp
from django import forms
from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from accounts import activation
from accounts.emails import confirm_service_address
from spsti import secret_links


class VerifiedEmailView(EmailView):
    """/comptes/email/: an address becomes primary (the one invitations match) only once it is
    verified, whatever the other addresses of the account (allauth lets an account without any
    verified address promote an unverified one)."""

    def dispatch(self, request, *args, **kwargs):
        if request.user.is_authenticated:
            confirm_service_address(request.user)
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


# Staff activation (issue 10, item 12) --------------------------------------------------------


class StaffActivationForm(forms.Form):
    password1 = forms.CharField(label="Mot de passe", widget=forms.PasswordInput)
    password2 = forms.CharField(label="Mot de passe (confirmation)", widget=forms.PasswordInput)
    code = forms.CharField(
        label="Code affiché par votre application",
        max_length=12,
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args, secret: str, **kwargs):
        self.secret = secret
        super().__init__(*args, **kwargs)

    def clean_code(self) -> str:
        code = self.cleaned_data["code"].strip()
        if not validate_totp_code(self.secret, code):
            raise forms.ValidationError(
                "Code incorrect : saisissez le code affiché par votre application (il change "
                "toutes les 30 secondes)."
            )
        return code

    def clean(self):
        data = super().clean()
        if data.get("password1") and data.get("password1") != data.get("password2"):
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        return data


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def staff_activation(request: HttpRequest, token: str) -> HttpResponse:
    found = activation.activation_for(token)
    if found is None:
        raise Http404("Ce lien d'activation n'existe pas.")
    if not activation.is_usable(found):
        return secret_links.expired_page(
            request,
            title="Lien d'activation expiré",
            explanation=(
                "Ce lien d'activation a expiré ou a déjà servi. Demandez un nouveau lien à "
                "l'administrateur du portail : il est valable "
                f"{settings.SPSTI_STAFF_ACTIVATION_HOURS} heures et ne sert qu'une fois."
            ),
        )
    session_key = f"staff-activation:{found.token_hash}"
    secret = request.session.get(session_key)
    if secret is None or request.method in ("GET", "HEAD"):
        secret = generate_totp_secret()
        request.session[session_key] = secret
    form = StaffActivationForm(request.POST if request.method == "POST" else None, secret=secret)
    if form.is_valid():
        try:
            activation.activate(token=token, password=form.cleaned_data["password1"], secret=secret)
        except ValidationError as error:
            form.add_error("password1", error)
        except activation.ActivationError as error:
            form.add_error(None, str(error))
        else:
            request.session.pop(session_key, None)
            messages.success(
                request,
                "Compte activé : connectez-vous avec votre adresse, votre mot de passe puis le "
                "code de votre application.",
            )
            return redirect("account_login")
    adapter = get_mfa_adapter()
    url = adapter.build_totp_url(found.user, secret)
    context = {
        "activation": found,
        "form": form,
        "secret": secret,
        "totp_svg": adapter.build_totp_svg(url),
    }
    return render(request, "accounts/staff_activation.html", context)


def totp_activate(request: HttpRequest, *args, **kwargs) -> HttpResponse:
    """allauth's TOTP enrolment, closed to staff accounts: theirs is set by the activation link
    only, never by a session opened with the password alone."""
    user = request.user
    if user.is_authenticated and user.is_service_staff:
        raise PermissionDenied(
            "La double authentification d'un compte du service s'enregistre par son lien "
            "d'activation : demandez-en un à l'administrateur du portail."
        )
    return activate_totp(request, *args, **kwargs)
