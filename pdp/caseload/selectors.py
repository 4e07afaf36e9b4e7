"""Reads of the cell: its members, their load, the weekly figures."""

from __future__ import annotations

from django.db.models import QuerySet

from accounts.models import User


def cell_users(center_id: int) -> QuerySet[User]:
    """The active members of a centre's cell (action owners, review attendees)."""
    return User.objects.filter(
        pdp_cell_memberships__center_id=center_id, pdp_cell_memberships__ended_on__isnull=True
    ).order_by("last_name", "first_name")
