"""The two gates: who may enter the member portal and the staff back-office."""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect

from accounts import mfa
from accounts.roles import BACKOFFICE, ENDED_MEMBER_WRITES, PORTAL, ended_member_permissions

SAFE_METHODS = ("GET", "HEAD", "OPTIONS")


def _refuse_outside_portal(request):
    """Anonymous: to the login page. Staff: 403. A portal user: None, the door is open."""
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not request.ctx.is_portal:
        raise PermissionDenied("L'espace adhérent est réservé aux entreprises adhérentes.")
    return None


def _holds(ctx, codes: tuple[str, ...]) -> bool:
    return any(ctx.has_perm(code) for code in codes)


def _gate(shell: str, codes: tuple[str, ...]) -> tuple:
    """What a view's `gate` says: (shell, code), or (shell, (code, ...)) for any of several."""
    return (shell, codes[0] if len(codes) == 1 else codes)


def portal_view(code: str = PORTAL, *alternatives: str) -> Callable:
    """Member portal: a portal user acting for a current member, holding `code` (or any of the
    alternatives)."""
    codes = (code, *alternatives)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if refusal := _refuse_outside_portal(request):
                return refusal
            if request.ctx.adherent_id is None:
                return redirect("portal:no-member")
            _refuse_ended_member_write(request, codes)
            if not _holds(request.ctx, codes):
                raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")
            return view(request, *args, **kwargs)

        wrapper.gate = _gate("portal", codes)
        return wrapper

    return decorator


def _refuse_ended_member_write(request, codes: tuple[str, ...]) -> None:
    """A former member's space is read-only: its context keeps only the read codes
    (accounts.roles.ended_member_permissions), so a write page it no longer holds, or any POST
    (even of a page gated by a read code), is refused with the reason and the way back."""
    ctx = request.ctx
    if not ctx.member_has_ended:
        return
    writes = request.method not in SAFE_METHODS and not set(codes) <= ENDED_MEMBER_WRITES
    write_page = ended_member_permissions(frozenset(codes)) != frozenset(codes)
    if writes or (write_page and not _holds(ctx, codes)):
        raise PermissionDenied(ctx.ended_member_notice)


def portal_user_view(view):
    """Member portal pages that need a portal user but no current member (e.g. no mandate yet)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        return _refuse_outside_portal(request) or view(request, *args, **kwargs)

    wrapper.gate = ("portal", None)
    return wrapper


def backoffice_view(code: str = BACKOFFICE, *alternatives: str) -> Callable:
    """Back-office: a staff user who used TOTP in this session, in a centre, holding `code` (or
    any of the alternatives)."""
    codes = (code, *alternatives)

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            if not request.ctx.is_staff:
                raise PermissionDenied("Le back-office est réservé aux équipes du service.")
            if not request.ctx.mfa_passed:
                if not mfa.has_totp(request.user):
                    # Enrolment happens only through the activation link (issue 10, item 12).
                    raise PermissionDenied(
                        "Ce compte du service n'est pas encore activé : demandez un lien "
                        "d'activation à l'administrateur du portail."
                    )
                # A session opened before enrolment: log in again, with the code.
                return redirect_to_login(request.get_full_path())
            if request.ctx.center_id is None:
                raise PermissionDenied("Vous n'êtes affecté(e) à aucun centre actif.")
            if not _holds(request.ctx, codes):
                raise PermissionDenied("Votre rôle ne donne pas accès à cette page.")
            return view(request, *args, **kwargs)

        wrapper.gate = _gate("backoffice", codes)
        return wrapper

    return decorator
