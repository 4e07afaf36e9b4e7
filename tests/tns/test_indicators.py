"""Indicators of the offer (issue 14, item 7): affiliated, renewals and expiries, screenings,
share above the trigger, proposals closed within their delay; a fixed number of queries."""

import datetime
from decimal import Decimal

import time_machine
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from tests.adherents.factories_billing import ctx_of
from tests.conftest import login
from tests.tns.factories import affiliation_for, offer_for, self_employed
from tns.indicators.selectors import indicators
from tns.models import ContactProposal, Screening, TnsAffiliation


def _screening(affiliation, *, trigger: bool, closed_days: int | None = None):
    screening = Screening.objects.create(
        person=affiliation.person,
        affiliation=affiliation,
        status="submitted",
        submitted_at=timezone.now(),
        work_score=Decimal("60") if trigger else Decimal("20"),
        trigger=trigger,
    )
    if trigger:
        due = timezone.localdate() + datetime.timedelta(days=7)
        ContactProposal.objects.create(
            screening=screening,
            team=affiliation.adherent.team,
            due_on=due,
            status="closed" if closed_days is not None else "open",
            outcome="appointment" if closed_days is not None else "",
            closed_at=(
                timezone.now() + datetime.timedelta(days=closed_days)
                if closed_days is not None
                else None
            ),
        )


def test_indicators_of_the_year(world, django_assert_max_num_queries):
    with time_machine.travel(datetime.datetime(2026, 6, 1, 9, tzinfo=datetime.UTC), tick=False):
        offer_for(world.team)
        _, first = self_employed(world.team, start_on=datetime.date(2026, 3, 2))
        _, second = self_employed(world.team, start_on=datetime.date(2026, 4, 1))
        old_user, old = self_employed(world.team, start_on=datetime.date(2025, 1, 10))
        TnsAffiliation.objects.filter(pk=old.pk).update(status="expired")
        renewed_user, renewed = self_employed(world.team, start_on=datetime.date(2025, 5, 1))
        affiliation_for(
            renewed_user,
            renewed.adherent,
            start_on=datetime.date(2026, 5, 2),  # the day after its anniversary, 01/05/2026
            renewed_from=renewed,
            basis="self_employed",
        )
        TnsAffiliation.objects.filter(pk=renewed.pk).update(status="expired")
        _screening(first, trigger=True, closed_days=3)  # closed within its 7 days
        _screening(second, trigger=True, closed_days=10)  # late
        _screening(first, trigger=False)
        _screening(second, trigger=False)
        ctx = ctx_of(world.actors["member_service"])
        with django_assert_max_num_queries(3):
            data = indicators(ctx, 2026, datetime.date(2026, 6, 1))
        assert data.affiliated_today == 3  # first, second, the renewal
        assert (data.started, data.renewals) == (2, 1)
        assert data.expiries == 1  # 2025-01-10 → 2026-01-10, not renewed
        assert (data.screenings, data.above_trigger, data.share_above_trigger) == (4, 2, 50.0)
        assert (data.proposals_closed, data.closed_in_time, data.share_closed_in_time) == (
            2,
            1,
            50.0,
        )
        other = ctx_of(world.actors["physician_other"])
        assert indicators(other, 2026, datetime.date(2026, 6, 1)).affiliated_today == 0
        page = login(Client(), world.actors["member_service"]).get(
            reverse("backoffice:tns:indicators") + "?annee=2026"
        )
        assert "Part au-dessus du seuil" in page.content.decode()
