"""Whose figures each reader sees (issue 16, item 8)."""

import pytest

from accounts.context import build_context
from accounts.enums import StaffRole
from dashboards.scope import scope_for
from tests.accounts.factories import HealthCenterFactory, StaffAssignmentFactory, TeamFactory

pytestmark = pytest.mark.django_db


def _ctx(user):
    return build_context(user, {}, mfa_passed=True)


@pytest.fixture
def service():
    north, south = HealthCenterFactory(name="Nord"), HealthCenterFactory(name="Sud")
    return (
        north,
        south,
        TeamFactory(center=north, name="N1"),
        TeamFactory(center=north, name="N2"),
        TeamFactory(center=south, name="S1"),
    )


def test_direction_sees_every_centre_without_naming_workers(service):
    north, south, n1, n2, s1 = service
    user = StaffAssignmentFactory(center=north, role=StaffRole.DIRECTION, team=None).user
    scope = scope_for(_ctx(user))
    assert scope.center_ids == {north.pk, south.pk}
    assert scope.team_ids == {n1.pk, n2.pk, s1.pk}
    assert scope.whole_centres
    assert scope.all_centres
    assert scope.named_team_ids == frozenset()


@pytest.mark.parametrize("role", [StaffRole.CENTER_MANAGER, StaffRole.CMT])
def test_centre_manager_and_cmt_see_their_centre(service, role):
    north, south, n1, n2, s1 = service
    user = StaffAssignmentFactory(center=north, role=role, team=None).user
    scope = scope_for(_ctx(user))
    assert scope.center_ids == {north.pk}
    assert scope.team_ids == {n1.pk, n2.pk}
    assert scope.whole_centres
    assert not scope.all_centres


def test_a_physician_sees_his_teams_only_and_may_name_their_workers(service):
    north, south, n1, n2, s1 = service
    user = StaffAssignmentFactory(center=north, role=StaffRole.PHYSICIAN, team=n2).user
    scope = scope_for(_ctx(user))
    assert scope.center_ids == {north.pk}
    assert scope.team_ids == {n2.pk}
    assert not scope.whole_centres
    assert n2.pk in scope.named_team_ids


@pytest.mark.parametrize(
    "role", [StaffRole.NURSE, StaffRole.MEDICAL_SECRETARY, StaffRole.BILLING, StaffRole.QUALITY]
)
def test_other_roles_have_no_dashboards(service, role):
    north, *_ = service
    user = StaffAssignmentFactory(center=north, role=role, team=service[2]).user
    assert scope_for(_ctx(user)) is None


def test_the_scope_is_one_query_then_none_centres_and_teams_by_name(
    service, django_assert_num_queries
):
    north, south, n1, n2, s1 = service
    z = TeamFactory(center=north, name="A0")
    HealthCenterFactory(name="Est")  # a centre without a team is still a centre of the service
    ctx = _ctx(StaffAssignmentFactory(center=north, role=StaffRole.DIRECTION, team=None).user)
    with django_assert_num_queries(1):
        scope = scope_for(ctx)
    assert [name for _, name in scope.centers] == ["Est", "Nord", "Sud"]
    assert [(pk, name, center) for pk, name, center in scope.teams] == [
        (z.pk, "A0", north.pk),
        (n1.pk, "N1", north.pk),
        (n2.pk, "N2", north.pk),
        (s1.pk, "S1", south.pk),
    ]
    with django_assert_num_queries(0):  # kept in the cache until a centre or a team changes
        assert scope_for(ctx) == scope


def test_a_new_renamed_moved_or_deleted_team_or_centre_shows_at_once(service):
    north, south, n1, n2, s1 = service
    ctx = _ctx(StaffAssignmentFactory(center=north, role=StaffRole.DIRECTION, team=None).user)
    manager = _ctx(StaffAssignmentFactory(center=north, role=StaffRole.CENTER_MANAGER).user)
    assert scope_for(ctx).team_ids == scope_for(manager).team_ids | {s1.pk}
    added = TeamFactory(center=south, name="S2")
    assert added.pk in scope_for(ctx).team_ids
    s1.name = "S1 bis"
    s1.save()
    assert (s1.pk, "S1 bis", south.pk) in scope_for(ctx).teams
    n2.center = south
    n2.save()
    assert n2.pk not in scope_for(manager).team_ids  # the manager of Nord no longer sees it
    n1.delete()
    assert n1.pk not in scope_for(ctx).team_ids
    east = HealthCenterFactory(name="Est")
    assert east.pk in scope_for(ctx).center_ids
    east.delete()
    assert east.pk not in scope_for(ctx).center_ids
