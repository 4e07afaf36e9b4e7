"""Request services check their own permission and scope (issue 12), nothing written; and the
member never reads the centre's internal notes through `visible_to`."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from accounts.enums import StaffRole
from adherents.models import Adherent, MemberRequest, RequestMessage
from adherents.requests import services
from tests.accounts.factories import StaffAssignmentFactory
from tests.adherents.factories_billing import ctx_of
from tests.adherents.factories_requests import MemberRequestFactory, message


def test_without_the_handling_code_no_answer_is_written(world):
    request = MemberRequestFactory(adherent=world.adherent)
    for actor in ("billing", "physician", "portal_admin"):
        with pytest.raises(PermissionDenied):
            services.answer(actor=ctx_of(world.actors[actor]), request=request, body="Bonjour")
    assert not RequestMessage.objects.exists()


def test_another_centres_request_is_refused(world):
    theirs = MemberRequestFactory(adherent=Adherent.objects.get(team=world.other_team))
    ctx = ctx_of(world.actors["member_service"])
    with pytest.raises(PermissionDenied):  # as before issue 12: the view 404s before this
        services.answer(actor=ctx, request=theirs, body="Bonjour")
    with pytest.raises(PermissionDenied):
        services.close(actor=ctx, request=theirs)
    assert not RequestMessage.objects.exists()
    assert MemberRequest.objects.get().closed_at is None
    assert not MemberRequest.objects.visible_to(ctx).exists()


def test_the_member_sees_its_thread_without_internal_notes(world):
    request = MemberRequestFactory(adherent=world.adherent)
    agent = StaffAssignmentFactory(center=world.center, role=StaffRole.MEMBER_SERVICE).user
    public = message(request, agent, "Réponse")
    note = message(request, agent, "Note interne", internal=True)

    def seen(actor: str) -> set[int]:
        ctx = ctx_of(world.actors[actor])
        return set(RequestMessage.objects.visible_to(ctx).values_list("pk", flat=True))

    assert seen("portal_admin") == {public.pk}
    assert seen("member_service") == {public.pk, note.pk}
    assert seen("portal_other") == seen("firm_mandated") == seen("physician_other") == set()
