"""Actors of the quality system, added to the shared world: quality manager and direction of
A's centre, a quality manager of the other centre, a pilot and an auditor (plain staff)."""

import pytest

from accounts.enums import StaffRole
from tests.accounts.factories import StaffAssignmentFactory


@pytest.fixture
def quality(world):
    """The world plus its quality actors (world.actors gains them)."""
    world.actors["quality"] = StaffAssignmentFactory(
        center=world.center, role=StaffRole.QUALITY, team=world.team
    ).user
    world.actors["direction"] = StaffAssignmentFactory(
        center=world.center, role=StaffRole.DIRECTION, team=world.team
    ).user
    world.actors["quality_other"] = StaffAssignmentFactory(
        center=world.other_center, role=StaffRole.QUALITY, team=world.other_team
    ).user
    return world
