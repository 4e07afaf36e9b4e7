"""Audit: who changed what (pghistory, by triggers) and who read what (AccessLog)."""

from __future__ import annotations

import pghistory
from django.urls import Resolver404, resolve

from accounts.models import AccessLog
from spsti.client_ip import client_ip


def actor_context(ctx, **extra):
    """Attribute every row change in the block to this actor (pghistory context, triggers)."""
    return pghistory.context(user=getattr(ctx.user, "pk", None), **extra)


def record_read(ctx, action: str, obj, *, request=None, reason: str = "") -> AccessLog:
    """Append one line to the sensitive-read log (DMST reads: "suivi_sante.dmst.read")."""
    return AccessLog.objects.create(
        user=ctx.user,
        action=action,
        object_type=obj._meta.label_lower,
        object_id=str(obj.pk),
        center_id=getattr(ctx, "center_id", None),
        ip_address=(client_ip(request) or None) if request else None,
        reason=reason,
    )


# URL arguments that carry the secret of an e-mailed link (spsti/secret_links.py, allauth's
# password-reset and e-mail confirmation keys): never written in clear into the audit context.
SECRET_URL_ARGUMENTS = frozenset({"token", "key"})
SECRET_MASK = "<secret>"  # noqa: S105 - a placeholder, not a password


def url_without_secrets(request) -> str:
    """The request's path for the audit context, each secret link argument masked."""
    path = request.path
    try:
        match = resolve(request.path_info, getattr(request, "urlconf", None))
    except Resolver404:
        return path
    for name, value in match.kwargs.items():
        if name in SECRET_URL_ARGUMENTS and value:
            path = path.replace(str(value), SECRET_MASK)
    return path
