"""Meeting and complaint services check their own permission and scope (issue 12)."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from adherents.events import services
from adherents.events import services_complaints as complaints
from adherents.models import Complaint, EmployerMeeting, MeetingSession
from tests.adherents.factories_billing import ctx_of
from tests.adherents.factories_events import ComplaintFactory, MeetingFactory, SessionFactory


def test_without_the_meeting_code_nothing_is_created(world):
    for actor in ("billing", "physician", "portal_admin"):
        with pytest.raises(PermissionDenied):
            services.save_meeting(
                actor=ctx_of(world.actors[actor]),
                title="Présentation",
                description="",
                format="in_person",
                is_published=True,
            )
    assert not EmployerMeeting.objects.exists()


def test_another_centres_meeting_and_complaint_are_not_found(world):
    ctx = ctx_of(world.actors["member_service"])
    theirs = SessionFactory(meeting=MeetingFactory(center=world.other_center, title="Leur"))
    with pytest.raises(Http404):
        services.save_meeting(
            actor=ctx,
            meeting=theirs.meeting,
            title="Changée",
            description="",
            format="in_person",
            is_published=True,
        )
    with pytest.raises(Http404):
        services.cancel_session(actor=ctx, session=theirs)
    complaint = ComplaintFactory(center=world.other_center)
    with pytest.raises(Http404):
        complaints.handle_complaint(
            actor=ctx, complaint=complaint, status="in_progress", handling="x", corrective_action=""
        )
    assert EmployerMeeting.objects.get().title == "Leur"
    assert not MeetingSession.objects.get().is_cancelled
    assert Complaint.objects.get().handling == ""


def test_sessions_are_visible_to_the_centre_and_its_members_only(world):
    ours = SessionFactory(meeting=MeetingFactory(center=world.center))
    theirs = SessionFactory(meeting=MeetingFactory(center=world.other_center))

    def seen(actor: str) -> set[int]:
        ctx = ctx_of(world.actors[actor])
        return set(MeetingSession.objects.visible_to(ctx).values_list("pk", flat=True))

    assert seen("member_service") == seen("portal_admin") == {ours.pk}
    assert seen("physician_other") == {theirs.pk}
    assert seen("firm_mandated") == set()  # a firm does not register people to meetings
