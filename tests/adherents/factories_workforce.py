"""Factories of the workforce declaration: campaigns placed around today, declarations."""

import datetime

import factory
from django.utils import timezone

from adherents.models import DeclarationCampaign, DeclarationKind, WorkforceDeclaration
from tests.accounts.factories import UserFactory
from tests.adherents.factories import EstablishmentFactory


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DeclarationCampaign

    year = factory.Sequence(lambda n: 1900 + n % 100)  # far from today: never the current one
    opens_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 1, 15))
    closes_on = factory.LazyAttribute(lambda o: datetime.date(o.year, 3, 31))
    reminder_days = factory.LazyFunction(lambda: [15, 7])


def campaign_around_today(*, opened_days_ago: int = 30, closes_in: int = 30, **extra):
    """This year's campaign, opened `opened_days_ago` days ago, closing in `closes_in` days
    (negative: already closed; opened_days_ago negative: not open yet)."""
    today = timezone.localdate()
    return CampaignFactory(
        year=today.year,
        opens_on=today - datetime.timedelta(days=opened_days_ago),
        closes_on=today + datetime.timedelta(days=closes_in),
        **extra,
    )


class DeclarationFactory(factory.django.DjangoModelFactory):
    """A first declaration (version 1, campaign kind)."""

    class Meta:
        model = WorkforceDeclaration

    campaign = factory.SubFactory(CampaignFactory)
    establishment = factory.SubFactory(EstablishmentFactory)
    kind = DeclarationKind.CAMPAIGN
    headcount_si = 3
    headcount_sia = 1
    headcount_sir = 0
    prefilled_from_workers = False
    submitted_by = factory.SubFactory(UserFactory)
