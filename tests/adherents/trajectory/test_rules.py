"""Pure rules of the member trajectory, with concrete dates."""

import datetime
from decimal import Decimal

import pytest

from adherents.rules import trajectory as rules

D = datetime.date


@pytest.mark.parametrize(
    ("validated", "days", "due"),
    [
        (D(2026, 3, 2), 15, D(2026, 3, 17)),  # the welcome call of the default trajectory
        (D(2026, 1, 31), 30, D(2026, 3, 2)),  # days, not months: over a short February
        (D(2024, 2, 15), 15, D(2024, 3, 1)),  # leap year: 29 February counts
    ],
)
def test_a_new_member_step_is_due_target_days_after_validation(validated, days, due):
    assert rules.new_member_due_on(validated, days) == due


@pytest.mark.parametrize(
    ("year", "days", "due"),
    [(2026, 90, D(2026, 4, 1)), (2028, 90, D(2028, 3, 31)), (2026, 364, D(2026, 12, 31))],
)
def test_a_yearly_step_is_due_target_days_after_the_first_of_january(year, days, due):
    assert rules.yearly_due_on(year, days) == due


def test_target_days_are_bounded_by_track():
    assert rules.target_days_error("yearly", 364) is None
    assert "dans l'année" in rules.target_days_error("yearly", 365)
    assert rules.target_days_error("new", 1095) is None
    assert "1095 jours au plus" in rules.target_days_error("new", 1096)
    assert "négatif" in rules.target_days_error("new", -1)


def test_lateness_counts_days_past_due_until_today_or_the_day_it_was_done():
    due = D(2026, 3, 17)
    assert rules.lateness_days(due, today=D(2026, 3, 17)) == 0
    assert rules.lateness_days(due, today=D(2026, 3, 20)) == 3
    assert rules.lateness_days(due, today=D(2026, 4, 1), done_on=D(2026, 3, 16)) == 0
    assert rules.lateness_days(due, today=D(2026, 4, 1), done_on=D(2026, 3, 20)) == 3
    assert rules.is_overdue(status="todo", due_on=due, today=D(2026, 3, 18))
    assert not rules.is_overdue(status="todo", due_on=due, today=D(2026, 3, 17))
    assert not rules.is_overdue(status="done", due_on=due, today=D(2026, 3, 18))


def test_a_completion_date_is_neither_future_nor_before_its_start():
    joined, today = D(2026, 3, 2), D(2026, 3, 20)
    assert rules.done_on_error(D(2026, 3, 2), today=today, joined_on=joined) is None
    assert "futur" in rules.done_on_error(D(2026, 3, 21), today=today, joined_on=joined)
    assert "précède l'adhésion" in rules.done_on_error(D(2026, 3, 1), today=today, joined_on=joined)
    assert "1er janvier" in rules.done_on_error(
        D(2025, 12, 31), today=today, joined_on=D(2020, 1, 1), cycle_year=2026
    )


def test_the_scope_is_one_s_own_teams_else_the_centre_for_the_member_service():
    centre = frozenset({1, 2, 3})
    assert rules.scope_team_ids({2, 9}, centre, whole_centre=True) == {2}  # 9: another centre
    assert rules.scope_team_ids(set(), centre, whole_centre=True) == centre
    assert rules.scope_team_ids(set(), centre, whole_centre=False) == frozenset()


@pytest.mark.parametrize(
    ("status", "due", "done", "counted", "in_time"),
    [
        # Validated 2026-03-02, welcome call due 2026-03-17; today 2026-04-01.
        ("done", D(2026, 3, 17), D(2026, 3, 16), True, True),
        ("done", D(2026, 3, 17), D(2026, 3, 17), True, True),  # on the due date: in time
        ("done", D(2026, 3, 17), D(2026, 3, 20), True, False),
        ("todo", D(2026, 3, 17), None, True, False),  # missed
        ("todo", D(2026, 4, 1), None, False, False),  # due today: not decided yet
        ("skipped", D(2026, 3, 17), D(2026, 3, 10), False, False),  # sans objet
    ],
)
def test_the_contact_indicator_counts(status, due, done, counted, in_time):
    today = D(2026, 4, 1)
    assert rules.counts_in_contact_indicator(status=status, due_on=due, today=today) is counted
    assert (status == "done" and rules.contacted_in_time(due, done)) is in_time


def test_shares_and_averages_round_half_up_to_one_decimal():
    assert rules.percent(1, 3) == Decimal("33.3")
    assert rules.percent(2, 3) == Decimal("66.7")
    assert rules.percent(1, 8) == Decimal("12.5")
    assert rules.percent(0, 0) is None
    assert rules.Share(55, 100).percent == Decimal("55.0")
    assert rules.average_days(7, 2) == Decimal("3.5")
    assert rules.average_days(10, 3) == Decimal("3.3")
    assert rules.average_days(0, 0) is None
