"""Campaign reminders: on J-n days, to members with establishments still to declare, once."""

import datetime

import pytest
from django.core import mail

from accounts.enums import AdherentRole, MandateScope
from adherents.workforce.services import send_reminders
from adherents.workforce.tasks import send_workforce_reminders
from tests.adherents.factories import (
    AccountingFirmMemberFactory,
    AdherentMembershipFactory,
    EstablishmentFactory,
    MandateFactory,
)
from tests.adherents.factories_workforce import CampaignFactory, DeclarationFactory

pytestmark = pytest.mark.django_db
CLOSES = datetime.date(2040, 3, 31)


@pytest.fixture
def campaign(world):
    campaign = CampaignFactory(
        year=2040, opens_on=datetime.date(2040, 1, 15), closes_on=CLOSES, reminder_days=[15, 7]
    )
    DeclarationFactory(campaign=campaign, establishment=world.other_establishment)  # B is done
    return campaign


def test_members_with_sites_to_declare_are_reminded_once_a_day(world, campaign):
    hr = AdherentMembershipFactory(adherent=world.adherent, role=AdherentRole.HR).user
    prevention = AdherentMembershipFactory(
        adherent=world.adherent, role=AdherentRole.PREVENTION_CONTACT
    ).user
    invoices_only = AccountingFirmMemberFactory().user
    MandateFactory(
        firm=invoices_only.firm_memberships.get().firm,
        adherent=world.adherent,
        scopes=[MandateScope.INVOICES],
    )
    EstablishmentFactory(adherent=world.adherent, name="Dépôt de Tournus")
    j15 = CLOSES - datetime.timedelta(days=15)

    assert send_reminders(j15) == 1
    (message,) = mail.outbox
    assert sorted(message.to) == sorted(
        [world.actors["portal_admin"].email, hr.email, world.actors["firm_mandated"].email]
    )
    assert prevention.email not in message.to
    assert invoices_only.email not in message.to
    assert "Boulangerie Alpha" in message.subject
    assert "Dépôt de Tournus" in message.body
    assert "31/03/2040" in message.body

    assert send_reminders(j15) == 0  # the same day again: nothing
    assert len(mail.outbox) == 1


def test_no_reminder_outside_the_reminder_days(world, campaign):
    for day in (CLOSES - datetime.timedelta(days=14), CLOSES, datetime.date(2040, 1, 1)):
        assert send_reminders(day) == 0
    assert mail.outbox == []
    assert send_reminders(CLOSES - datetime.timedelta(days=7)) == 1


def test_the_daily_task_runs_for_today(world):
    from django.utils import timezone

    today = timezone.localdate()
    CampaignFactory(
        year=today.year,
        opens_on=today - datetime.timedelta(days=10),
        closes_on=today + datetime.timedelta(days=7),
        reminder_days=[7],
    )
    assert send_workforce_reminders.delay().get() == 2  # A and B: nobody declared
    assert send_workforce_reminders.delay().get() == 0
