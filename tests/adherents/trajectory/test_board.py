"""The teams' board and the indicator "new members contacted within the target delay"."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from adherents.models import Adherent, StepStatus, TrajectoryStep
from adherents.rules import trajectory as rules
from adherents.trajectory import selectors
from tests.accounts.factories import TeamFactory
from tests.adherents.factories_trajectory import close, ctx_of, new_member, started

pytestmark = pytest.mark.django_db
D = datetime.date
TODAY = D(2026, 4, 1)
MARCH = {"date_from": D(2026, 3, 1), "date_to": D(2026, 3, 31)}


def _welcome(adherent) -> TrajectoryStep:
    return started(adherent)["welcome_call"]


@pytest.fixture
def march(world):
    """New members of March 2026 in A's team, and one of another centre."""
    team = world.team
    in_time = new_member(team, D(2026, 3, 2))  # due 17/03, done 16/03: counts
    late = new_member(team, D(2026, 3, 2))  # due 17/03, done 20/03: does not
    missed = new_member(team, D(2026, 3, 5))  # due 20/03, still open on 01/04
    not_due = new_member(team, D(2026, 3, 25))  # due 09/04: not decided yet
    skipped = new_member(team, D(2026, 3, 10))  # "sans objet"
    before = new_member(team, D(2026, 2, 27))  # validated before the period
    elsewhere = new_member(world.other_team, D(2026, 3, 2))
    close(_welcome(in_time), on=D(2026, 3, 16))
    close(_welcome(late), on=D(2026, 3, 20))
    close(_welcome(skipped), on=D(2026, 3, 11), status=StepStatus.SKIPPED)
    close(_welcome(before), on=D(2026, 3, 1))
    close(_welcome(elsewhere), on=D(2026, 3, 3))
    return {
        "in_time": in_time,
        "late": late,
        "missed": missed,
        "not_due": not_due,
        "skipped": skipped,
        "elsewhere": elsewhere,
    }


def test_the_contact_indicator_with_concrete_dates(world, march):
    assert _welcome(march["in_time"]).due_on == D(2026, 3, 17)
    result = selectors.contact_indicator(
        [t.pk for t in world.center.teams.all()], today=TODAY, **MARCH
    )
    assert result.total == rules.Share(1, 3)  # in time / (in time, late, missed)
    assert result.total.percent == Decimal("33.3")
    assert result.by_team == {world.team.pk: rules.Share(1, 3)}
    other = selectors.contact_indicator([world.other_team.pk], today=TODAY, **MARCH)
    assert other.total == rules.Share(1, 1)
    # On 17/03 the missed call (due 20/03) is not decided yet; the late one is not done yet.
    on_the_17th = selectors.contact_indicator([world.team.pk], today=D(2026, 3, 17), **MARCH)
    assert on_the_17th.total == rules.Share(1, 2)  # in time, late (done on 20/03 since)


def test_the_indicator_query_agrees_with_the_rules(world, march):
    steps = TrajectoryStep.objects.filter(
        definition__code="welcome_call",
        adherent__team=world.team,
        adherent__joined_on__range=(MARCH["date_from"], MARCH["date_to"]),
    )
    counted = [
        s
        for s in steps
        if rules.counts_in_contact_indicator(status=s.status, due_on=s.due_on, today=TODAY)
    ]
    in_time = [s for s in counted if rules.contacted_in_time(s.due_on, s.done_on)]
    expected = rules.Share(len(in_time), len(counted))
    assert selectors.contact_indicator([world.team.pk], today=TODAY, **MARCH).total == expected


@pytest.fixture
def second_team(world):
    return TeamFactory(center=world.center, name="Équipe Sud-Est")


def test_the_board_counts_members_at_their_first_open_step(world, second_team):
    team = world.team
    new_member(team, D(2026, 3, 2))  # welcome due 17/03: 15 days late
    new_member(team, D(2026, 3, 10))  # welcome due 25/03: 7 days late
    at_meeting = new_member(team, D(2026, 3, 2))
    close(_welcome(at_meeting), on=D(2026, 3, 10))  # meeting due 01/04: not late today
    at_visit = new_member(team, D(2026, 1, 1))
    steps = started(at_visit)
    close(steps["welcome_call"], on=D(2026, 1, 10))
    close(steps["meeting_invitation"], on=D(2026, 1, 20), status=StepStatus.SKIPPED)
    finished = new_member(team, D(2025, 1, 1))
    for step in started(finished).values():
        close(step, on=D(2026, 1, 2))
    struck_off = new_member(team, D(2026, 3, 2), status=Adherent.Status.ENDED)
    assert struck_off.trajectory_steps.exists()
    new_member(second_team, D(2026, 2, 1))  # welcome 44 days late, meeting 29
    new_member(world.other_team, D(2026, 2, 1))  # another centre: not on this board

    board = selectors.board(
        ctx_of(world.actors["nurse"]), today=TODAY, date_from=D(2026, 1, 1), date_to=TODAY
    )
    codes = [d.code for d in board.definitions]
    assert codes == [
        "welcome_call",
        "meeting_invitation",
        "prevention_visit",
        "action_plan",
        "satisfaction",
    ]
    by_team = {row.team.pk: row for row in board.teams}
    assert set(by_team) == {team.pk, second_team.pk}
    assert by_team[team.pk].at_step == [2, 1, 1, 0, 0]
    assert (by_team[team.pk].overdue, by_team[team.pk].average_lateness) == (2, Decimal("11.0"))
    assert by_team[second_team.pk].at_step == [1, 0, 0, 0, 0]
    assert (by_team[second_team.pk].overdue, by_team[second_team.pk].average_lateness) == (
        2,
        Decimal("36.5"),
    )
    assert board.total.at_step == [3, 1, 1, 0, 0]
    assert (board.total.overdue, board.total.average_lateness) == (4, Decimal("23.8"))


def _board_queries(client) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("backoffice:adherents:trajectory-board"))
    assert response.status_code == 200
    return len(captured)


def test_the_board_page_shows_the_indicator_in_flat_queries(world, client_for, second_team):
    client = client_for("member_service")
    today = timezone.localdate()
    member = new_member(world.team, today - datetime.timedelta(days=40))
    close(_welcome(member), on=today - datetime.timedelta(days=30))  # in time
    new_member(world.team, today - datetime.timedelta(days=40))  # missed
    few = _board_queries(client)
    for _ in range(15):
        new_member(second_team, today - datetime.timedelta(days=20))
        new_member(world.team, today - datetime.timedelta(days=200))
    assert _board_queries(client) == few
    html = client.get(reverse("backoffice:adherents:trajectory-board")).content.decode()
    assert "Nouveaux adhérents contactés dans le délai cible" in html
    assert "<td>1</td><td>17</td><td>5,9 %</td>" in html.replace("\n", "")
    bad = client.get(
        reverse("backoffice:adherents:trajectory-board"), {"du": "2026-05-01", "au": "2026-04-01"}
    )
    assert "La date de début suit la date de fin" in bad.content.decode()
