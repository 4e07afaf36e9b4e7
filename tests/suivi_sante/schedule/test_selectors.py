"""Indicators of the follow-up: hires still without their VIP, visits held by their deadline."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.context import AccessContext
from suivi_sante.models import DueVisit
from suivi_sante.schedule import selectors as selectors_due
from tests.adherents.factories import AdherentFactory
from tests.suivi_sante.factories import EmploymentFactory, VisitFactory, WorkerFactory

TODAY = datetime.date(2026, 11, 23)

pytestmark = pytest.mark.django_db


def staff_ctx(world, *, team_ids=None) -> AccessContext:
    return AccessContext(
        user=None,
        audience="staff",
        center_id=world.center.pk,
        team_ids=frozenset(team_ids or [world.team.pk]),
        permissions=frozenset({"suivi_sante.worker:view"}),
    )


def hire(adherent, start_on: datetime.date, *, vip_overdue_on: datetime.date | None = None):
    worker = EmploymentFactory(worker__adherent=adherent, start_on=start_on).worker
    if vip_overdue_on:
        DueVisit.objects.create(
            worker=worker,
            team=adherent.team,
            kind="VIP",
            due_on=vip_overdue_on,
            performers=["physician", "nurse"],
            legal_reference="R4624-10",
            reason="VIP initiale",
            computed_at=timezone.now(),
        )
    return worker


def held_visit(worker, kind: str, due_on: datetime.date, held_on: datetime.date):
    at = datetime.datetime.combine(held_on, datetime.time(23, 30), datetime.UTC)  # 00:30 Paris
    return VisitFactory(
        worker=worker, kind=kind, status="held", scheduled_at=at, held_at=at, due_on=due_on
    )


def test_share_of_hires_still_without_their_vip_over_the_12_months_ending_3_months_ago(world):
    # The period: hires from 24/08/2025 to 23/08/2026, every one past its 3-month deadline.
    hire(world.adherent, datetime.date(2026, 5, 4), vip_overdue_on=datetime.date(2026, 8, 4))
    hire(world.adherent, datetime.date(2026, 8, 23))  # last day of the period, VIP held
    hire(world.adherent, datetime.date(2025, 8, 24))  # first day of the period
    hire(world.adherent, datetime.date(2025, 8, 23))  # before the period
    hire(world.adherent, datetime.date(2026, 10, 1), vip_overdue_on=datetime.date(2026, 11, 1))
    other_centre = AdherentFactory(team=world.other_team)
    hire(other_centre, datetime.date(2026, 5, 4), vip_overdue_on=datetime.date(2026, 8, 4))

    indicators = selectors_due.due_indicators(staff_ctx(world), today=TODAY)

    assert (indicators.hired_from, indicators.hired_until) == (
        datetime.date(2025, 8, 24),
        datetime.date(2026, 8, 23),
    )
    assert (indicators.without_vip_count, indicators.hired_count) == (1, 3)
    assert indicators.without_vip_share == pytest.approx(1 / 3)


def test_share_of_visits_held_by_their_deadline_by_kind(world):
    worker = WorkerFactory(adherent=world.adherent)
    deadline = datetime.date(2026, 10, 15)
    held_visit(worker, "VIP", deadline, datetime.date(2026, 10, 14))  # 15/10 at 00:30 in Paris
    held_visit(worker, "VIP", deadline, datetime.date(2026, 10, 15))  # 16/10 in Paris: late
    held_visit(worker, "REPRISE", deadline, datetime.date(2026, 9, 1))
    VisitFactory(worker=worker, kind="VIP", due_on=deadline)  # planned, not held
    elsewhere = WorkerFactory(adherent=AdherentFactory(team=world.other_team))
    held_visit(elsewhere, "VIP", deadline, datetime.date(2026, 12, 1))

    on_time = selectors_due.due_indicators(staff_ctx(world), today=TODAY).on_time

    assert [(k.kind, k.held_count, k.on_time_count) for k in on_time] == [
        ("REPRISE", 1, 1),
        ("VIP", 2, 1),
    ]
    assert on_time[1].share == pytest.approx(0.5)


def test_indicators_never_count_another_centres_team(world):
    hire(world.adherent, datetime.date(2026, 5, 4), vip_overdue_on=datetime.date(2026, 8, 4))
    ctx = staff_ctx(world)

    indicators = selectors_due.due_indicators(ctx, today=TODAY, team_id=world.other_team.pk)

    assert indicators.hired_count == 0
    assert indicators.without_vip_share is None


def test_overdue_page_shows_the_indicators_in_its_header(world, client_for):
    today = timezone.localdate()
    hired = today - datetime.timedelta(days=150)
    hire(world.adherent, hired, vip_overdue_on=hired + datetime.timedelta(days=90))
    hire(world.adherent, hired)

    response = client_for("physician").get(reverse("backoffice:suivi_sante:due-overdue"))

    html = response.content.decode()
    assert "Indicateurs du suivi" in html
    assert "<strong>1 sur 2</strong> (50 %)" in html


def test_a_pre_reprise_is_never_listed_as_overdue(world):
    """Possible on request during the absence (R4624-29): its date is not a deadline."""
    worker = hire(world.adherent, datetime.date(2020, 1, 6), vip_overdue_on=TODAY.replace(day=1))
    pre_reprise = DueVisit.objects.create(
        worker=worker,
        team=world.team,
        kind="PRE_REPRISE",
        due_on=TODAY - datetime.timedelta(days=3),
        performers=["physician", "nurse"],
        legal_reference="R4624-29",
        reason="Pré-reprise possible",
        computed_at=timezone.now(),
    )
    overdue = selectors_due.overdue_due_visits(staff_ctx(world), today=TODAY)
    assert [due.kind for due in overdue] == ["VIP"]
    assert not pre_reprise.is_overdue
