"""A firm's mandate is in force from its first day to its last day included ("valable du … jusqu'au
…"), in Europe/Paris dates: checked through the real access path (the context switcher and the
establishment page scoped by visible_to), at concrete dates around midnight."""

import datetime
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from accounts.context import PORTAL_SESSION_KEY, build_context
from adherents.firms.selectors import mandate_status
from adherents.models import AccountingFirmMandate, Establishment
from tests.adherents.factories import (
    AccountingFirmMemberFactory,
    AdherentFactory,
    EstablishmentFactory,
    MandateFactory,
)
from tests.conftest import login

pytestmark = pytest.mark.django_db

PARIS = ZoneInfo("Europe/Paris")
LAST_DAY = datetime.date(2026, 6, 15)  # the ending mandate's valid_until
FIRST_DAY = datetime.date(2026, 6, 16)  # the starting mandate's valid_from


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return datetime.datetime.combine(day, datetime.time(hour, minute), tzinfo=PARIS)


@pytest.fixture
def firm_world():
    """One firm acting for « Ending » until 15 June 2026 and for « Starting » from 16 June."""
    member = AccountingFirmMemberFactory()
    ending = AdherentFactory(name="Ending SARL")
    starting = AdherentFactory(name="Starting SAS")
    MandateFactory(
        firm=member.firm,
        adherent=ending,
        valid_from=datetime.date(2025, 1, 1),
        valid_until=LAST_DAY,
    )
    MandateFactory(firm=member.firm, adherent=starting, valid_from=FIRST_DAY, valid_until=None)
    return {
        "user": member.user,
        "firm": member.firm,
        "ending": EstablishmentFactory(adherent=ending),
        "starting": EstablishmentFactory(adherent=starting),
    }


def _key(firm_world, name: str) -> str:
    return f"firm:{firm_world['firm'].pk}:{firm_world[name].adherent_id}"


def _page(establishment: Establishment) -> str:
    return reverse("portal:adherents:establishment-detail", args=[establishment.pk])


def _switch(client: Client, key: str) -> str:
    response = client.post(reverse("portal:switch"), {"choice": key}, follow=True)
    return response.content.decode()


@pytest.mark.parametrize("moment", [_at(LAST_DAY, 0, 5), _at(LAST_DAY, 23, 55)])
def test_a_mandate_ending_today_still_opens_the_member_until_midnight(firm_world, moment):
    with time_machine.travel(moment, tick=False):
        client = login(Client(), firm_world["user"])
        client.get(reverse("portal:dashboard"))
        assert client.session[PORTAL_SESSION_KEY] == _key(firm_world, "ending")
        assert client.get(_page(firm_world["ending"])).status_code == 200
        ctx = build_context(firm_world["user"], {}, mfa_passed=False)
        assert Establishment.objects.visible_to(ctx).filter(pk=firm_world["ending"].pk).exists()
        mandate = AccountingFirmMandate.objects.get(valid_until=LAST_DAY)
        assert mandate_status(mandate, LAST_DAY) == "En cours"


@pytest.mark.parametrize("moment", [_at(LAST_DAY, 0, 5), _at(LAST_DAY, 23, 55)])
def test_a_mandate_starting_tomorrow_gives_nothing_today(firm_world, moment):
    with time_machine.travel(moment, tick=False):
        client = login(Client(), firm_world["user"])
        page = _switch(client, _key(firm_world, "starting"))
        assert "ne fait pas partie de vos accès" in page
        assert client.session[PORTAL_SESSION_KEY] == _key(firm_world, "ending")
        assert client.get(_page(firm_world["starting"])).status_code == 404
        ctx = build_context(
            firm_world["user"], {PORTAL_SESSION_KEY: _key(firm_world, "starting")}, mfa_passed=False
        )
        assert ctx.adherent_id == firm_world["ending"].adherent_id  # the session's choice refused
        assert [c.adherent_id for c in ctx.choices] == [firm_world["ending"].adherent_id]
        mandate = AccountingFirmMandate.objects.get(valid_from=FIRST_DAY)
        assert mandate_status(mandate, LAST_DAY) == "À venir"


def test_at_midnight_in_paris_the_ended_mandate_closes_and_the_new_one_opens(firm_world):
    # 00:05 in Paris on 16 June is still 15 June in UTC: the Paris date decides.
    with time_machine.travel(_at(FIRST_DAY, 0, 5), tick=False):
        assert datetime.datetime.now(datetime.UTC).date() == LAST_DAY
        client = login(Client(), firm_world["user"])
        client.get(reverse("portal:dashboard"))
        assert client.session[PORTAL_SESSION_KEY] == _key(firm_world, "starting")
        assert client.get(_page(firm_world["starting"])).status_code == 200
        assert client.get(_page(firm_world["ending"])).status_code == 404
        assert "ne fait pas partie de vos accès" in _switch(client, _key(firm_world, "ending"))


def test_a_session_opened_on_the_last_day_loses_the_member_at_midnight(firm_world):
    with time_machine.travel(_at(LAST_DAY, 23, 58), tick=False) as clock:
        client = login(Client(), firm_world["user"])
        assert client.get(_page(firm_world["ending"])).status_code == 200
        clock.move_to(_at(FIRST_DAY, 0, 1))  # three minutes: the session is still alive
        assert client.get(_page(firm_world["ending"])).status_code == 404
        assert client.session[PORTAL_SESSION_KEY] == _key(firm_world, "starting")
