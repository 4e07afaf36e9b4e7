"""Who may do what in the quality certification (predicates over the access context).

Quality manager: writes everything of the centre's quality system. Direction: reads, holds the
management review. Process pilots: their processes. Auditors: read, limited to an audit's scope
(its sampled criteria) and dates. Codes are given by accounts/roles.py.
"""

from __future__ import annotations

import datetime

from django.utils import timezone

QUALITY_VIEW = "certification.quality:view"
QUALITY_MANAGE = "certification.quality:manage"
REVIEW_HOLD = "certification.review:hold"
PARTICIPANT = "certification.participant:access"  # pilots and auditors, scoped by object


def reads_quality(ctx) -> bool:
    """Quality manager or direction of the current centre: reads the whole quality system."""
    return bool(ctx.is_staff and ctx.center_id and ctx.has_perm(QUALITY_VIEW))


def manages_quality(ctx) -> bool:
    """The quality manager writes the referential, campaigns, NCs, audits and documents."""
    return bool(ctx.is_staff and ctx.center_id and ctx.has_perm(QUALITY_MANAGE))


def holds_review(ctx) -> bool:
    """The direction holds the yearly management review (the quality manager prepares it)."""
    return bool(ctx.is_staff and ctx.center_id and ctx.has_perm(REVIEW_HOLD)) or manages_quality(
        ctx
    )


def pilots(ctx, process) -> bool:
    """The quality manager, or the process's own pilot, writes a process and its reviews."""
    return manages_quality(ctx) or (
        ctx.is_staff and process.center_id == ctx.center_id and process.pilot_id == ctx.user.pk
    )


def audits_now(ctx, audit, today: datetime.date | None = None) -> bool:
    """An auditor reads an audit's scope only between its first and last day."""
    today = today or timezone.localdate()
    return audit.starts_on <= today <= audit.ends_on and any(
        a.pk == ctx.user.pk for a in audit.auditors.all()
    )
