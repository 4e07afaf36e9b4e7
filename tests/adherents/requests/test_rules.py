"""Pure rules of the requests inbox, on concrete dates."""

import datetime

import pytest

from adherents.rules import requests as rules

UTC = datetime.UTC


def at(day, hour=9):
    return datetime.datetime(2026, 3, day, hour, tzinfo=UTC)


def test_first_answer_is_due_five_calendar_days_after_reception():
    assert rules.answer_due_at(at(2), 5) == at(7)
    assert rules.late_threshold(at(7), 5) == at(2)


def test_an_answer_on_the_due_moment_is_on_time_one_hour_after_is_late():
    assert not rules.is_answer_late(at(2), at(7), at(20), 5)
    assert rules.is_answer_late(at(2), at(7, 10), at(20), 5)


def test_an_unanswered_request_is_late_only_once_the_delay_has_passed():
    assert not rules.is_answer_late(at(2), None, at(6), 5)
    assert rules.is_answer_late(at(2), None, at(8), 5)


def test_referral_due_date_is_the_partner_delay_after_sending():
    assert rules.referral_due_on(datetime.date(2026, 3, 20), 15) == datetime.date(2026, 4, 4)


def test_an_edited_due_date_may_be_today_but_not_before():
    today = datetime.date(2026, 3, 20)
    assert rules.due_on_error(today, today) is None
    assert rules.due_on_error(datetime.date(2026, 4, 1), today) is None
    error = rules.due_on_error(datetime.date(2026, 3, 19), today)
    assert "19/03/2026" in error
    assert "antérieure" in error


def test_referral_overdue_after_its_due_day_unless_answered():
    due = datetime.date(2026, 3, 20)
    assert not rules.is_referral_overdue(due, None, datetime.date(2026, 3, 20))
    assert rules.is_referral_overdue(due, None, datetime.date(2026, 3, 21))
    assert not rules.is_referral_overdue(due, datetime.date(2026, 3, 25), datetime.date(2026, 4, 1))
    assert rules.is_referral_on_time(due, datetime.date(2026, 3, 20))
    assert not rules.is_referral_on_time(due, datetime.date(2026, 3, 21))


@pytest.mark.parametrize(
    ("status", "rated", "expected"),
    [
        ("new", False, False),
        ("routed", False, False),
        ("answered", False, True),
        ("closed", False, True),
        ("answered", True, False),
    ],
)
def test_rating_once_after_an_answer(status, rated, expected):
    assert rules.can_rate(status, rated) is expected


def test_share_in_percent_with_one_decimal():
    assert rules.share(1, 3) == 33.3
    assert rules.share(2, 3) == 66.7
    assert rules.share(0, 4) == 0.0
    assert rules.share(0, 0) is None


def test_median_odd_even_and_empty():
    assert rules.median([7, 1, 3]) == 3.0
    assert rules.median([24, 168]) == 96.0
    assert rules.median([]) is None


@pytest.mark.parametrize(
    "values",
    [[5], [1, 2], [3, 3, 3, 10], [0, 0, 1, 50, 50, 50, 51], [2, 2, 4, 4], [1, 9, 9, 9, 9, 20]],
)
def test_median_of_counts_equals_the_median_of_the_expanded_list(values):
    counts = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    assert rules.median_of_counts(counts) == rules.median(values)


def test_median_of_counts_ignores_empty_buckets():
    assert rules.median_of_counts({}) is None
    assert rules.median_of_counts({4: 0, 10: 2}) == 10


def test_distribution_lists_every_score_with_zeros():
    assert rules.distribution({5: 3, 2: 1}) == [
        (1, 0, 0.0),
        (2, 1, 25.0),
        (3, 0, 0.0),
        (4, 0, 0.0),
        (5, 3, 75.0),
    ]
    assert rules.distribution({})[0] == (1, 0, None)


def test_weighted_average():
    assert rules.weighted_average({5: 1, 4: 1}) == 4.5
    assert rules.weighted_average({1: 1, 5: 2}) == 3.7
    assert rules.weighted_average({}) is None
