"""Workforce services check their own permission and scope (issue 12), nothing written."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from adherents.models import DeclarationCampaign, MemberRequest, WorkforceDeclaration
from adherents.workforce import services
from tests.adherents.factories_billing import ctx_of
from tests.adherents.factories_workforce import campaign_around_today

COUNTS = services.Headcount(3, 1, 0)


def test_only_the_member_service_opens_a_campaign(world):
    for actor in ("billing", "secretary", "portal_admin"):
        with pytest.raises(PermissionDenied):
            services.create_campaign(
                ctx_of(world.actors[actor]),
                year=2031,
                opens_on=datetime.date(2031, 1, 1),
                closes_on=datetime.date(2031, 3, 31),
                reminder_days=[],
            )
    assert not DeclarationCampaign.objects.filter(year=2031).exists()


def test_a_declaration_needs_the_code_and_the_members_own_establishment(world):
    campaign = campaign_around_today()
    for actor in ("firm_unmandated", "member_service"):  # a workers-only mandate; staff
        with pytest.raises(PermissionDenied):
            services.declare(
                ctx_of(world.actors[actor]),
                establishment=world.establishment,
                campaign=campaign,
                headcount=COUNTS,
                prefilled=False,
            )
    other = ctx_of(world.actors["portal_other"])  # another member's admin
    with pytest.raises(Http404):
        services.declare(
            other,
            establishment=world.establishment,
            campaign=campaign,
            headcount=COUNTS,
            prefilled=False,
        )
    with pytest.raises(Http404):
        services.request_correction(
            other,
            establishment=world.establishment,
            campaign=campaign,
            headcount=COUNTS,
            reason="Erreur",
        )
    assert not WorkforceDeclaration.objects.exists()
    assert not MemberRequest.objects.exists()


def test_declarations_are_visible_to_the_member_its_firm_and_its_centre(world):
    campaign = campaign_around_today()
    mine = services.declare(
        ctx_of(world.actors["portal_admin"]),
        establishment=world.establishment,
        campaign=campaign,
        headcount=COUNTS,
        prefilled=False,
    )

    def seen(actor: str) -> list[int]:
        ctx = ctx_of(world.actors[actor])
        return list(WorkforceDeclaration.objects.visible_to(ctx).values_list("pk", flat=True))

    assert seen("portal_admin") == seen("firm_mandated") == seen("member_service") == [mine.pk]
    assert seen("portal_other") == seen("firm_unmandated") == seen("physician_other") == []
