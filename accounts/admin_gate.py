"""The Django admin behind the same door as the back-office (issue 10, item 1).

The admin's own login form would check the password alone, outside allauth's rate limits and
TOTP: it is replaced by a redirect to allauth's login, and the admin opens only to an active
superuser whose session passed TOTP. Deleting someone's authenticator or setting a password from
the admin therefore needs the same proof as opening a health record.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse

from accounts.mfa import session_passed_mfa


def admin_allowed(request: HttpRequest) -> bool:
    user = request.user
    return bool(
        user.is_active
        and user.is_superuser
        and user.is_service_staff
        and session_passed_mfa(request)
    )


def admin_login(request: HttpRequest, extra_context=None) -> HttpResponse:
    """/admin/login/: allauth's login (throttled, TOTP) for the anonymous; a signed-in user
    without the right or without TOTP in this session is refused, not asked for a password."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.GET.get("next") or request.get_full_path())
    if not request.user.is_superuser:
        raise PermissionDenied("L'administration technique est réservée aux super-utilisateurs.")
    raise PermissionDenied(
        "L'administration technique exige une connexion avec le code de double authentification "
        "(TOTP) : déconnectez-vous puis reconnectez-vous avec votre code."
    )


def install(site: admin.AdminSite) -> None:
    site.has_permission = admin_allowed
    site.login = admin_login
