"""Latest versions and the declared headcount per member (used by invoicing)."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from adherents.models import DeclarationKind
from adherents.workforce.selectors import declared_headcount_by_adherent, latest_declarations
from tests.adherents.factories import EstablishmentFactory
from tests.adherents.factories_workforce import CampaignFactory, DeclarationFactory

pytestmark = pytest.mark.django_db


def test_latest_version_per_establishment_summed_per_member(world):
    campaign, last_year = CampaignFactory(year=1990), CampaignFactory(year=1989)
    second_site = EstablishmentFactory(adherent=world.adherent)
    v1 = DeclarationFactory(
        campaign=campaign, establishment=world.establishment, headcount_si=10, headcount_sia=2
    )
    v2 = DeclarationFactory(
        campaign=campaign,
        establishment=world.establishment,
        version=2,
        kind=DeclarationKind.UPDATE,
        supersedes=v1,
        headcount_si=12,
        headcount_sia=2,
        headcount_sir=1,
        reason="Deux embauches",
    )
    DeclarationFactory(campaign=campaign, establishment=second_site, headcount_si=5)
    DeclarationFactory(campaign=campaign, establishment=world.other_establishment, headcount_si=7)
    DeclarationFactory(campaign=last_year, establishment=world.establishment, headcount_si=99)

    latest = latest_declarations([world.establishment.pk, second_site.pk], 1990)
    assert latest[world.establishment.pk] == v2
    assert latest[second_site.pk].headcount_si == 5

    with CaptureQueriesContext(connection) as queries:
        totals = declared_headcount_by_adherent([world.adherent.pk, world.other_adherent.pk], 1990)
    assert len(queries) == 1
    assert totals == {
        world.adherent.pk: {"si": 17, "sia": 3, "sir": 1},
        world.other_adherent.pk: {"si": 7, "sia": 1, "sir": 0},
    }
    assert declared_headcount_by_adherent([world.adherent.pk], 1991) == {}
