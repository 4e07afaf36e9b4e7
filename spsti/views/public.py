"""Public pages outside both shells, and the friendly error pages."""

import base64
import hashlib

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_safe

from accounts.enums import UserKind


@require_safe
def home(request: HttpRequest) -> HttpResponse:
    """Public home: who we are, and the way into each shell."""
    return render(request, "public/home.html", {"service_name": settings.SPSTI_SERVICE_NAME})


@require_safe
def membership(request: HttpRequest) -> HttpResponse:
    """How to join the service (the online application form comes with the membership issue)."""
    return render(request, "public/membership.html")


@require_safe
def after_login(request: HttpRequest) -> HttpResponse:
    """Send each user to their shell after login."""
    if not request.user.is_authenticated:
        return redirect("account_login")
    if request.user.kind == UserKind.STAFF:
        return redirect("backoffice:dashboard")
    return redirect("portal:dashboard")


def _shell(request: HttpRequest) -> dict:
    """The frame of an error page: the shell (header and menu) its reader is in, so that a
    refused or missing page still leads somewhere; the public frame otherwise."""
    ctx = getattr(request, "ctx", None)
    if ctx is not None and ctx.is_staff and ctx.mfa_passed and ctx.center_id is not None:
        return {"shell_base": "backoffice/base.html", "shell_home": "backoffice:dashboard"}
    if ctx is not None and ctx.is_portal and ctx.adherent_id is not None:
        return {"shell_base": "portal/base.html", "shell_home": "portal:dashboard"}
    return {"shell_base": "base.html", "shell_home": "after-login"}


def error_403(request: HttpRequest, exception=None) -> HttpResponse:
    message = str(exception) if exception and str(exception) else ""
    ctx = getattr(request, "ctx", None)
    if not message and ctx is not None and ctx.member_has_ended:
        # A service refusing a former member's write (its code is withdrawn): say why.
        message = ctx.ended_member_notice
    return render(request, "errors/403.html", {"message": message, **_shell(request)}, status=403)


def error_404(request: HttpRequest, exception=None) -> HttpResponse:
    return render(request, "errors/404.html", _shell(request), status=404)


def error_500(request: HttpRequest) -> HttpResponse:
    # No context processors that touch the database: the error may come from it.
    from django.template import loader

    html = loader.get_template("errors/500.html").render()
    response = HttpResponse(html, status=500)
    # Self-contained (no static file when things break): its one inline style is allowed by its
    # hash in the CSP, as django-csp's @csp_update would (its decorators set this attribute).
    response._csp_update = {"style-src": [_inline_style_hash(html)]}
    return response


def _inline_style_hash(html: str) -> str:
    style = html.partition("<style>")[2].partition("</style>")[0]
    digest = hashlib.sha256(style.encode()).digest()
    return f"'sha256-{base64.b64encode(digest).decode()}'"
