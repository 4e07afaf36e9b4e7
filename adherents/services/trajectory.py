"""Writes of the member trajectory (seed 002): start it, complete its steps."""

from __future__ import annotations

import datetime

from django.db import transaction

from adherents.models import (
    Adherent,
    StepStatus,
    TrajectoryStep,
    TrajectoryStepDefinition,
    TrajectoryTrack,
)


@transaction.atomic
def start_new_member_trajectory(
    *, adherent: Adherent, validated_on: datetime.date
) -> list[TrajectoryStep]:
    """The new-member steps, each due `target_days` after validation (idempotent)."""
    definitions = TrajectoryStepDefinition.objects.filter(
        track=TrajectoryTrack.NEW, is_active=True
    ).order_by("order")
    steps = [
        TrajectoryStep(
            adherent=adherent,
            definition=definition,
            due_on=validated_on + datetime.timedelta(days=definition.target_days),
        )
        for definition in definitions
    ]
    TrajectoryStep.objects.bulk_create(steps, ignore_conflicts=True)
    return list(
        TrajectoryStep.objects.filter(adherent=adherent, cycle_year__isnull=True)
        .select_related("definition")
        .order_by("due_on")
    )


def complete_step_if_open(
    *, adherent_id: int, code: str, on: datetime.date, by=None, note: str = ""
) -> bool:
    """Mark the member's open step `code` done (called by other apps when the thing happens).

    Returns False when the member has no such open step (an established member, say).
    """
    updated = TrajectoryStep.objects.filter(
        adherent_id=adherent_id, definition__code=code, status=StepStatus.TODO
    ).update(status=StepStatus.DONE, done_on=on, done_by=by, note=note)
    return bool(updated)
