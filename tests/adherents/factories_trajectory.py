"""Builders of the member trajectory's tests (and of its permission-matrix rows)."""

from __future__ import annotations

import datetime

from accounts.context import build_context
from adherents.models import Adherent, StepStatus, TrajectoryStep, TrajectoryStepDefinition
from adherents.trajectory.services import start_new_member_trajectory
from tests.adherents.factories import AdherentFactory

D = datetime.date


def ctx_of(user):
    """The access context a user gets after login (staff: MFA passed)."""
    return build_context(user, {}, mfa_passed=True)


def definition(code: str) -> TrajectoryStepDefinition:
    return TrajectoryStepDefinition.objects.get(code=code)


def started(adherent: Adherent, validated_on: datetime.date | None = None) -> dict:
    """Start the member's new-member steps (idempotent); {code: step}."""
    steps = start_new_member_trajectory(
        adherent=adherent, validated_on=validated_on or adherent.joined_on
    )
    return {s.definition.code: s for s in steps}


def welcome_step(world) -> TrajectoryStep:
    """Member A's welcome call (owner: the member service), open."""
    return started(world.adherent)["welcome_call"]


def new_member(team, joined_on: datetime.date, **overrides) -> Adherent:
    """A member validated on `joined_on`, with its new-member steps."""
    adherent = AdherentFactory(team=team, joined_on=joined_on, **overrides)
    started(adherent, joined_on)
    return adherent


def close(step: TrajectoryStep, *, on: datetime.date, status: str = StepStatus.DONE, by=None):
    """Close a step directly (test setup, not the service under test)."""
    TrajectoryStep.objects.filter(pk=step.pk).update(
        status=status, done_on=on, done_by=by, note="fait"
    )
    step.refresh_from_db()
    return step
