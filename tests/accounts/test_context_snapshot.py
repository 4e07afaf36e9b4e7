"""A staff member's centres are read from the cache between two changes (accounts/
context_snapshot.py): every change (an assignment ended, removed or given another role, a new
team, a renamed centre) is seen on the next request, and a change that lands while a reader is
reading the database never leaves that reader's copy in use."""

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts import context_snapshot
from accounts.context import _read_staff_centers, build_context
from accounts.enums import StaffRole
from tests.accounts.factories import StaffAssignmentFactory, TeamFactory
from tests.conftest import login

pytestmark = pytest.mark.django_db


def context_of(user):
    return build_context(user, {}, mfa_passed=True)


def queries_of(action) -> int:
    with CaptureQueriesContext(connection) as captured:
        action()
    return len(captured.captured_queries)


def test_the_context_is_read_once_then_from_the_cache_until_a_change():
    assignment = StaffAssignmentFactory(role=StaffRole.PHYSICIAN)
    user = assignment.user
    assert queries_of(lambda: context_of(user)) == 1
    assert queries_of(lambda: context_of(user)) == 0
    first = context_of(user)
    assert first.center_id == assignment.center_id
    assert first.staff_roles == {StaffRole.PHYSICIAN}
    assignment.role = StaffRole.CENTER_MANAGER
    assignment.save()
    assert queries_of(lambda: context_of(user)) == 1
    assert context_of(user).staff_roles == {StaffRole.CENTER_MANAGER}


def test_an_ended_or_removed_assignment_and_a_new_team_are_seen_at_once():
    first = StaffAssignmentFactory(role=StaffRole.DIRECTION)
    second = StaffAssignmentFactory(user=first.user, role=StaffRole.PHYSICIAN)
    user = first.user
    assert {c.pk for c in context_of(user).choices} == {first.center_id, second.center_id}
    second.ended_on = timezone.localdate()
    second.save()
    assert {c.pk for c in context_of(user).choices} == {first.center_id}
    team = TeamFactory(center=first.center)  # another user's change: every entry is stale
    assert team.pk in context_of(user).team_ids
    first.center.name = "Centre renommé"
    first.center.save()
    assert context_of(user).center_name == "Centre renommé"
    first.delete()
    assert context_of(user).center_id is None
    assert not context_of(user).permissions


def test_a_change_during_a_read_leaves_that_read_unused():
    """The reader stores what it read under the tokens seen before reading: a writer that
    commits in between has renewed them, so the next request reads the database again."""
    assignment = StaffAssignmentFactory(role=StaffRole.DIRECTION)
    user = assignment.user
    center_id = assignment.center_id
    context_of(user)  # both tokens written, and an entry
    context_snapshot.forget_user(user.pk)  # the entry is stale: the next reader reads
    reads = []

    def read_then_revoked():
        reads.append(_read_staff_centers(user))
        assignment.delete()  # lands after the reader's query, before it stores its copy
        return reads[-1]

    stale = context_snapshot.staff_centers(user, read_then_revoked)
    assert len(reads) == 1
    assert [c.pk for c in stale] == [center_id]
    assert context_of(user).center_id is None


def test_a_bulk_change_of_assignments_is_seen_at_once():
    """`update()` and `bulk_create()` send no signal: the queryset renews the tokens itself."""
    from accounts.models import StaffAssignment

    assignment = StaffAssignmentFactory(role=StaffRole.DIRECTION)
    user = assignment.user
    assert context_of(user).staff_roles == {StaffRole.DIRECTION}
    StaffAssignment.objects.filter(user=user).update(role=StaffRole.NURSE)
    assert context_of(user).staff_roles == {StaffRole.NURSE}
    other = StaffAssignmentFactory(role=StaffRole.PHYSICIAN).center
    StaffAssignment.objects.bulk_create(
        [StaffAssignment(user=user, center=other, role=StaffRole.PHYSICIAN)]
    )
    assert other.pk in {c.pk for c in context_of(user).choices}


def test_a_lost_token_is_written_again_and_never_trusted_blindly():
    assignment = StaffAssignmentFactory(role=StaffRole.PHYSICIAN)
    user = assignment.user
    context_of(user)
    from django.core.cache import cache

    cache.delete(context_snapshot.EVERY_CENTRE)  # evicted by Redis, say
    assert queries_of(lambda: context_of(user)) == 1
    assert queries_of(lambda: context_of(user)) == 0


def test_a_revoked_assignment_closes_the_backoffice_at_the_next_request():
    assignment = StaffAssignmentFactory(role=StaffRole.DIRECTION)
    client = login(Client(), assignment.user)
    url = reverse("backoffice:dashboards:cockpit")
    assert client.get(url).status_code == 200
    assert client.get(url).status_code == 200  # now from the cache
    assignment.role = StaffRole.NURSE  # no management role: the dashboards are closed
    assignment.save()
    assert client.get(url).status_code == 403
