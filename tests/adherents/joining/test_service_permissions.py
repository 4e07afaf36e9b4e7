"""The review services of a membership application check their own permission and scope."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from adherents.joining import services_review as review
from adherents.models import MembershipApplication
from tests.adherents.factories_billing import ctx_of
from tests.adherents.factories_joining import submitted_application


def test_without_the_review_code_nothing_changes(world):
    application, _ = submitted_application()
    for actor in ("billing", "physician", "portal_admin"):
        with pytest.raises(PermissionDenied):
            review.request_changes(
                actor=ctx_of(world.actors[actor]), application=application, message="SIRET ?"
            )
    assert MembershipApplication.objects.get().status == "submitted"


def test_another_centres_application_is_not_found(world):
    application, _ = submitted_application(team=world.other_team)
    ctx = ctx_of(world.actors["member_service"])
    with pytest.raises(Http404):
        review.request_changes(actor=ctx, application=application, message="SIRET ?")
    with pytest.raises(Http404):
        review.reject(actor=ctx, application=application, reason="Hors zone")
    assert MembershipApplication.objects.get().status == "submitted"
    assert not MembershipApplication.objects.visible_to(ctx).exists()
