"""The member's DUERP on its portal home (issue 17): when the yearly update falls due."""

from __future__ import annotations

import datetime

from django.utils import timezone

from accounts.context import AccessContext
from adherents.models import Adherent
from prevention.duerp.selectors import _last_published_at, _workspace_field
from prevention.rules import duerp as duerp_rules

DUE_SOON_DAYS = 60  # the home announces the yearly update two months ahead


def member_update_due_on(ctx: AccessContext, *, today: datetime.date) -> datetime.date | None:
    """The date of the member's next yearly DUERP update (R4121-2: 11 workers or more), when it
    is past or within 60 days; None otherwise (one query).

    Only a published DUERP has a yearly date, and a published DUERP has a workspace, whose
    headcount is stated (a required field): the member's live workers, which the weekly
    reminder counts for a member without a workspace, are never counted here (44,247 for the
    largest member of the large dataset: 27 ms on each of its home pages)."""
    if not (ctx.is_portal and ctx.adherent_id and ctx.has_perm("prevention.duerp:view")):
        return None
    row = (
        Adherent.objects.filter(pk=ctx.adherent_id)
        .annotate(stated=_workspace_field("headcount"), last_published_at=_last_published_at())
        .values_list("stated", "last_published_at")
        .first()
    )
    if row is None or None in row:  # never published: no yearly date yet (update_due)
        return None
    headcount, last_published_at = row
    due_on = duerp_rules.update_due(timezone.localdate(last_published_at), headcount)
    if due_on is None or due_on > today + datetime.timedelta(days=DUE_SOON_DAYS):
        return None
    return due_on
