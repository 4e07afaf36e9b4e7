"""Writes of the membership area, with their rules, in transactions."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from accounts import audit
from accounts.context import AccessContext
from adherents.models import Establishment


@transaction.atomic
def set_convocation_preferences(
    *, actor: AccessContext, establishment: Establishment, weekdays: list[int], half_day: str
) -> Establishment:
    """The days and half-day the employer prefers for its workers' convocations (seed 002)."""
    if not (
        actor.is_portal
        and actor.adherent_id == establishment.adherent_id
        and actor.has_perm("adherents.establishment:manage")
    ):
        raise PermissionDenied
    establishment = Establishment.objects.select_for_update(of=("self",)).get(pk=establishment.pk)
    with audit.actor_context(actor):
        establishment.convocation_weekdays = sorted(set(weekdays))
        establishment.convocation_half_day = half_day
        establishment.save(
            update_fields=["convocation_weekdays", "convocation_half_day", "updated_at"]
        )
    return establishment
