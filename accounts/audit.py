"""Audit: who changed what (pghistory, by triggers) and who read what (AccessLog)."""

from __future__ import annotations

import pghistory

from accounts.models import AccessLog


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
        ip_address=request.META.get("REMOTE_ADDR") if request else None,
        reason=reason,
    )
