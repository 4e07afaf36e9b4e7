"""The centre's staff, offered as owners, pilots and auditors in the quality system's forms."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import QuerySet

from accounts.enums import UserKind


def center_staff(ctx) -> QuerySet:
    """Staff with an active assignment in the current centre, by name."""
    return (
        get_user_model()
        .objects.filter(
            kind=UserKind.STAFF,
            staff_assignments__center_id=ctx.center_id,
            staff_assignments__ended_on__isnull=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "pk")
    )
