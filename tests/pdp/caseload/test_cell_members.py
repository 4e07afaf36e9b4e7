"""The cell's members page (pdp.caseload.services_cell): who sets up the cell, and how."""

import datetime

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.urls import reverse

from accounts.context import build_context
from accounts.enums import StaffRole
from accounts.models import StaffAssignment
from pdp.caseload import services_cell
from pdp.errors import PdpError
from pdp.models import CellMember
from tests.accounts.factories import StaffAssignmentFactory
from tests.pdp.factories import PdpCaseFactory, cell_member

TODAY = datetime.date(2026, 12, 7)
PAGE = "backoffice:pdp:cell-members"


def ctx_of(user):
    return build_context(user, {}, mfa_passed=True)


def _assignment(world, actor):
    return StaffAssignment.objects.get(user=world.actors[actor], center=world.center)


def _errors(response):
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.mark.django_db
def test_the_direction_builds_the_cell_from_the_centres_staff(world, client_as):
    direction = StaffAssignmentFactory(center=world.center, role=StaffRole.DIRECTION).user
    client = client_as(direction)
    page = client.get(reverse(PAGE)).content.decode()
    assert "Ajouter un membre" in page
    assert str(world.actors["physician"]) in page  # eligible: a physician of the centre
    assert str(world.actors["member_service"]) not in page  # no role of the cell
    physician = _assignment(world, "physician")
    client.post(reverse("backoffice:pdp:cell-member-add"), {"assignment": physician.pk})
    member = CellMember.objects.get(user=world.actors["physician"])
    assert (member.function, member.center_id) == ("physician", world.center.pk)
    client.post(
        reverse("backoffice:pdp:cell-member-coordinator", args=[member.pk]), {"coordinator": "1"}
    )
    member.refresh_from_db()
    assert member.is_coordinator
    assert member.designated_by is None
    # The same person twice: refused in French, nothing written.
    response = client.post(reverse("backoffice:pdp:cell-member-add"), {"assignment": physician.pk})
    assert "n'est pas de l'équipe du centre avec un rôle de la cellule" in " ".join(
        _errors(response)
    )
    assert CellMember.objects.filter(user=world.actors["physician"]).count() == 1
    # Outside the cell's roles: not a choice either.
    member_service = _assignment(world, "member_service")
    client.post(reverse("backoffice:pdp:cell-member-add"), {"assignment": member_service.pk})
    assert not CellMember.objects.filter(user=world.actors["member_service"]).exists()


@pytest.mark.django_db
def test_a_non_physician_coordinates_on_a_physicians_designation(world, coordinator, social_worker):
    sw = CellMember.objects.get(user=social_worker)
    direction = StaffAssignmentFactory(center=world.center, role=StaffRole.DIRECTION).user
    with pytest.raises(PdpError, match="L4622-8-1"):
        services_cell.set_coordinator(actor=ctx_of(direction), member=sw, coordinator=True)
    # The coordinator (designated by the physician) is not one: the physician joins and designates.
    services_cell.add_member(actor=ctx_of(coordinator), assignment=_assignment(world, "physician"))
    physician = world.actors["physician"]
    CellMember.objects.filter(user=physician).update(is_coordinator=False)
    services_cell.set_coordinator(
        actor=ctx_of(coordinator), member=CellMember.objects.get(user=physician), coordinator=True
    )
    services_cell.set_coordinator(actor=ctx_of(physician), member=sw, coordinator=True)
    (current,) = CellMember.objects.active().filter(center=world.center, is_coordinator=True)
    assert (current.user, current.designated_by) == (social_worker, physician)


@pytest.mark.django_db
def test_a_member_with_open_cases_is_not_removed_then_leaves_and_may_come_back(
    world, coordinator, social_worker
):
    actor = ctx_of(coordinator)
    member = CellMember.objects.get(user=social_worker)
    case = PdpCaseFactory(worker=world.worker, owner=social_worker)
    with pytest.raises(PdpError, match="référent\\(e\\) de 1 dossier ouvert"):
        services_cell.end_member(actor=actor, member=member, today=TODAY)
    case.owner = coordinator
    case.save()
    services_cell.end_member(actor=actor, member=member, today=TODAY)
    member.refresh_from_db()
    assert member.ended_on == TODAY
    assignment = StaffAssignment.objects.get(user=social_worker, center=world.center)
    services_cell.add_member(actor=actor, assignment=assignment)
    assert CellMember.objects.filter(user=social_worker).count() == 2  # the history stays


@pytest.mark.django_db
def test_services_check_their_own_permission(world, coordinator, social_worker):
    nurse_assignment = _assignment(world, "nurse")
    with pytest.raises(PermissionDenied):  # a member, not the coordinator
        services_cell.add_member(actor=ctx_of(social_worker), assignment=nurse_assignment)
    with pytest.raises(PermissionDenied):  # holds the cell's codes, not a member
        services_cell.add_member(actor=ctx_of(world.actors["nurse"]), assignment=nurse_assignment)
    other = StaffAssignment.objects.get(user=world.actors["physician_other"])
    with pytest.raises(Http404):  # another centre's staff
        services_cell.add_member(actor=ctx_of(coordinator), assignment=other)
    foreign = CellMember.objects.create(
        center=world.other_center, user=world.actors["physician_other"], function="physician"
    )
    with pytest.raises(Http404):
        services_cell.end_member(actor=ctx_of(coordinator), member=foreign, today=TODAY)
    assert not CellMember.objects.filter(user=world.actors["nurse"]).exists()


@pytest.mark.django_db
def test_the_members_list_takes_a_bounded_number_of_queries(
    world, coordinator, client_as, django_assert_max_num_queries
):
    for _ in range(8):
        PdpCaseFactory(
            worker=None,
            person_last_name="Martin",
            adherent=None,
            center=world.center,
            owner=cell_member(world.center),
        )
    client = client_as(coordinator)
    client.get(reverse(PAGE))  # warm the session
    with django_assert_max_num_queries(12):
        response = client.get(reverse(PAGE))
    page = response.content.decode()
    assert response.status_code == 200
    assert page.count("Retirer la coordination") == 1
    assert page.count("Confier la coordination") == 8
