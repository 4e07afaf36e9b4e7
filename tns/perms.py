"""Who may do what in the self-employed offer."""

from __future__ import annotations

import datetime

from tns.models import TnsAffiliation

SPACE = "tns.space:view"
AFFILIATION_VIEW = "tns.affiliation:view"
SCREENING_READ = "tns.screening:read"
SCREENING_WRITE = "tns.screening:write"
WORKSHOP_MANAGE = "tns.workshop:manage"
REPORT = "tns.report:view"


def has_open_affiliation(ctx, today: datetime.date) -> bool:
    """The offer (screening, workshops) is for a person whose affiliation is open today."""
    return (
        ctx.is_portal
        and ctx.user.is_authenticated
        and TnsAffiliation.objects.filter(person=ctx.user).open_on(today).exists()
    )


def is_member_admin(ctx) -> bool:
    """A member's own admin (not a firm): the company head's page is addressed to them; the head
    is declared in the workforce declaration (art. L4621-4)."""
    return ctx.is_portal and ctx.role == "admin" and not ctx.via_firm
