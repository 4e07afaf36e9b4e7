"""The member service runs campaigns, follows who declared per team, applies corrections."""

import datetime
from html import unescape

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adherents.models import (
    DeclarationCampaign,
    DeclarationKind,
    MemberRequest,
    RequestCategory,
    RequestChannel,
    RequestMessage,
    WorkforceDeclaration,
)
from adherents.workforce import services
from tests.adherents.factories import AdherentFactory, EstablishmentFactory
from tests.adherents.factories_workforce import CampaignFactory, DeclarationFactory

pytestmark = pytest.mark.django_db
BO = "backoffice:adherents"


def text(response) -> str:
    return unescape(response.content.decode())


def test_the_member_service_creates_and_edits_a_campaign(world, client_for):
    client = client_for("member_service")
    data = {"year": 2031, "opens_on": "2031-01-15", "closes_on": "2031-03-31"}
    created = client.post(
        reverse(f"{BO}:workforce-campaign-create"), {**data, "reminder_days": "7, 30"}
    )
    campaign = DeclarationCampaign.objects.get(year=2031)
    assert created.status_code == 302
    assert campaign.reminder_days == [30, 7]

    twice = client.post(reverse(f"{BO}:workforce-campaign-create"), data)
    assert "La campagne 2031 existe déjà" in text(twice)
    reversed_dates = client.post(
        reverse(f"{BO}:workforce-campaign-edit", args=[campaign.pk]),
        {"opens_on": "2031-04-01", "closes_on": "2031-03-31", "reminder_days": ""},
    )
    assert "La clôture doit suivre l'ouverture." in text(reversed_dates)
    client.post(
        reverse(f"{BO}:workforce-campaign-edit", args=[campaign.pk]),
        {"opens_on": "2031-01-10", "closes_on": "2031-04-15", "reminder_days": "15"},
    )
    campaign.refresh_from_db()
    assert (campaign.opens_on, campaign.closes_on, campaign.reminder_days) == (
        datetime.date(2031, 1, 10),
        datetime.date(2031, 4, 15),
        [15],
    )
    assert DeclarationCampaign.objects.count() == 1


def test_invoicing_reads_the_campaign_but_does_not_run_it(world, client_for):
    campaign = CampaignFactory()
    billing = client_for("billing")
    assert (
        billing.get(reverse(f"{BO}:workforce-campaign-detail", args=[campaign.pk])).status_code
        == 200
    )
    refused = billing.post(
        reverse(f"{BO}:workforce-campaign-create"),
        {"year": 2032, "opens_on": "2032-01-15", "closes_on": "2032-03-31"},
    )
    assert refused.status_code == 403
    assert not DeclarationCampaign.objects.filter(year=2032).exists()


def test_the_campaign_page_shows_declared_and_missing_per_team(world, client_for):
    campaign = CampaignFactory()
    DeclarationFactory(campaign=campaign, establishment=world.establishment)
    missing_site = EstablishmentFactory(adherent=world.adherent, name="Dépôt de Tournus")
    other_centre = EstablishmentFactory(
        adherent=AdherentFactory(team=world.other_team), name="Scierie lointaine"
    )
    client = client_for("member_service")
    url = reverse(f"{BO}:workforce-campaign-detail", args=[campaign.pk])
    page = client.get(url)
    teams = page.context["teams"]
    assert teams == [
        {
            "team_id": world.team.pk,
            "team_name": world.team.name,
            "total": 3,  # A's two sites and B's head office
            "declared": 1,
            "missing": 2,
        }
    ]
    assert other_centre.name not in text(page)
    undeclared = client.get(url, {"etat": "undeclared", "equipe": world.team.pk})
    names = [row.establishment.name for row in undeclared.context["rows"]]
    assert missing_site.name in names
    assert world.establishment.name not in names


def test_the_campaign_page_keeps_a_flat_query_count(world, client_for):
    campaign = CampaignFactory()
    client = client_for("member_service")
    url = reverse(f"{BO}:workforce-campaign-detail", args=[campaign.pk])

    def count() -> int:
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url).status_code == 200
        return len(queries)

    one = count()
    for adherent in AdherentFactory.create_batch(10, team=world.team):
        for site in EstablishmentFactory.create_batch(3, adherent=adherent):
            DeclarationFactory(campaign=campaign, establishment=site)
    for n in range(30):
        MemberRequest.objects.create(
            adherent=world.adherent,
            channel=RequestChannel.PORTAL,
            category=RequestCategory.WORKFORCE_CORRECTION,
            subject=f"Correction {n}",
            body="…",
            created_by=world.actors["portal_admin"],
        )
    assert count() == one


def request_correction_of_a(world, campaign):
    """The member declares 3 SI, then asks for 4 SI, 1 SIA and 1 head (L4621-4) through the
    portal service."""
    from accounts.context import build_context

    DeclarationFactory(campaign=campaign, establishment=world.establishment, headcount_si=3)
    ctx = build_context(world.actors["portal_admin"], {}, mfa_passed=False)
    return services.request_correction(
        ctx,
        establishment=world.establishment,
        campaign=campaign,
        headcount=services.Headcount(4, 1, 0, company_heads=1),
        reason="Un apprenti oublié",
    )


def test_the_service_applies_a_correction_as_a_new_version(world, client_for):
    campaign = CampaignFactory()
    request = request_correction_of_a(world, campaign)
    client = client_for("member_service")
    campaign_page = client.get(reverse(f"{BO}:workforce-campaign-detail", args=[campaign.pk]))
    assert request.subject in text(campaign_page)

    url = reverse(f"{BO}:workforce-correction-apply", args=[request.pk])
    form = client.get(url).context["form"]
    assert form.initial == {
        "si": 4,
        "sia": 1,
        "sir": 0,
        "company_heads": 1,
        "establishment": world.establishment.pk,
        "campaign": campaign.pk,
    }
    missing_reason = client.post(
        url,
        {
            "establishment": world.establishment.pk,
            "campaign": campaign.pk,
            "si": 4,
            "sia": 1,
            "sir": 0,
            "reason": "",
        },
    )
    assert missing_reason.status_code == 200
    assert WorkforceDeclaration.objects.count() == 1
    client.post(
        url,
        {
            "establishment": world.establishment.pk,
            "campaign": campaign.pk,
            "si": 4,
            "sia": 1,
            "sir": 0,
            "company_heads": 1,
            "reason": "Vérifié sur la DSN",
        },
    )
    first, correction = WorkforceDeclaration.objects.order_by("version")
    assert (correction.version, correction.kind, correction.supersedes) == (
        2,
        DeclarationKind.CORRECTION,
        first,
    )
    assert (correction.headcount_si, correction.headcount_sia, correction.company_heads) == (
        4,
        1,
        1,
    )
    assert first.company_heads == 0
    listing = text(client.get(reverse(f"{BO}:workforce-campaign-detail", args=[campaign.pk])))
    assert "Dirigeants (art. L4621-4)" in listing
    assert correction.submitted_by == world.actors["member_service"]
    note = RequestMessage.objects.get(request=request)
    assert note.is_internal
    assert "version 2" in note.body
    assert "dirigeants 1" in note.body
    request.refresh_from_db()
    assert request.status == "new"  # answered in the requests inbox, not here


def test_a_correction_for_another_members_site_is_refused(world, client_for):
    campaign = CampaignFactory()
    request = request_correction_of_a(world, campaign)
    DeclarationFactory(campaign=campaign, establishment=world.other_establishment)
    page = client_for("member_service").post(
        reverse(f"{BO}:workforce-correction-apply", args=[request.pk]),
        {
            "establishment": world.other_establishment.pk,
            "campaign": campaign.pk,
            "si": 1,
            "sia": 0,
            "sir": 0,
            "reason": "Essai",
        },
    )
    assert page.status_code == 200  # B's site is not even a choice for A's request
    assert WorkforceDeclaration.objects.count() == 2


def test_another_centres_request_is_a_404(world):
    from django.test import Client

    from accounts.enums import StaffRole
    from tests.accounts.factories import StaffAssignmentFactory
    from tests.conftest import login

    campaign = CampaignFactory()
    request = request_correction_of_a(world, campaign)
    far = StaffAssignmentFactory(
        center=world.other_center, team=world.other_team, role=StaffRole.MEMBER_SERVICE
    ).user
    url = reverse(f"{BO}:workforce-correction-apply", args=[request.pk])
    assert login(Client(), far).get(url).status_code == 404
