"""The member's DUERP on its portal home (issue 17): when the yearly update falls due."""

from __future__ import annotations

import datetime

from accounts.context import AccessContext
from prevention.duerp.selectors import reminder_facts
from prevention.rules import duerp as duerp_rules

DUE_SOON_DAYS = 60  # the home announces the yearly update two months ahead


def member_update_due_on(ctx: AccessContext, *, today: datetime.date) -> datetime.date | None:
    """The date of the member's next yearly DUERP update (R4121-2: 11 workers or more), when it
    is past or within 60 days; None otherwise (one query)."""
    if not (ctx.is_portal and ctx.adherent_id and ctx.has_perm("prevention.duerp:view")):
        return None
    facts = reminder_facts([ctx.adherent_id], today=today)
    if not facts:
        return None
    due_on = duerp_rules.update_due(facts[0].last_published_on, facts[0].headcount)
    if due_on is None or due_on > today + datetime.timedelta(days=DUE_SOON_DAYS):
        return None
    return due_on
