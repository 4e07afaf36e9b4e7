"""The member's own writes (convocation preferences, contacts) check their own permission and
scope (issue 12): another member's object or a missing code is refused, nothing written."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from adherents.joining import services_portal
from adherents.members import services
from adherents.models import Contact, Establishment
from tests.adherents.factories_billing import ctx_of


def test_preferences_need_the_code_and_the_members_own_establishment(world):
    for actor in ("portal_other", "firm_unmandated", "member_service"):
        with pytest.raises(PermissionDenied):
            services.set_convocation_preferences(
                actor=ctx_of(world.actors[actor]),
                establishment=world.establishment,
                weekdays=[1],
                half_day="am",
            )
    assert Establishment.objects.get(pk=world.establishment.pk).convocation_weekdays == []


def test_another_members_contact_is_not_found(world):
    theirs = Contact.objects.create(
        adherent=world.other_adherent, role="manager", first_name="B", last_name="C", email="b@x.fr"
    )
    with pytest.raises(Http404):
        services_portal.end_contact(actor=ctx_of(world.actors["portal_admin"]), contact=theirs)
    with pytest.raises(PermissionDenied):  # a firm never edits the member's contacts
        services_portal.end_contact(actor=ctx_of(world.actors["firm_mandated"]), contact=theirs)
    assert Contact.objects.get(pk=theirs.pk).is_active
