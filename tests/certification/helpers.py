"""Small helpers of the certification tests: contexts and a loaded referential."""

from accounts.context import build_context
from accounts.enums import StaffRole
from tests.accounts.factories import StaffAssignmentFactory
from tests.certification.factories import ChapterFactory, CriterionFactory, ReferentialFactory


def ctx_of(user):
    return build_context(user, {}, mfa_passed=True)


def small_referential():
    """Two chapters, four criteria: levels 1, 1, 2, 3."""
    referential = ReferentialFactory()
    means = ChapterFactory(referential=referential, code="4.1", title="RH", position=1)
    missions = ChapterFactory(referential=referential, code="5.3", title="Suivi", position=2)
    for chapter, level in ((means, 1), (means, 1), (missions, 2), (missions, 3)):
        CriterionFactory(referential=referential, chapter=chapter, level=level)
    return referential


def add_quality_actors(world):
    """Quality manager and direction of A's centre, a quality manager of the other centre."""
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
