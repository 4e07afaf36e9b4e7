"""One-year affiliation, no tacit renewal (art. D4622-27-3), with concrete dates."""

from datetime import date

import pytest

from tns.rules.affiliation import (
    check_period,
    is_open,
    minimum_end,
    reminder_dates,
    reminders_due,
    renewal_period,
)


@pytest.mark.parametrize(
    ("start", "shortest_end"),
    [
        (date(2026, 3, 1), date(2027, 3, 1)),  # end ≥ start + 1 year: the anniversary itself
        (date(2026, 1, 1), date(2027, 1, 1)),
        (date(2026, 12, 31), date(2027, 12, 31)),
        (date(2027, 2, 28), date(2028, 2, 28)),  # not pushed to the leap day
        (date(2027, 3, 1), date(2028, 3, 1)),  # over a 29 February: still the same date
        (date(2028, 2, 29), date(2029, 2, 28)),  # no 29/02 in 2029: the 28th, as every rule
        (date(2028, 3, 1), date(2029, 3, 1)),
    ],
)
def test_the_shortest_affiliation_ends_on_the_first_anniversary(start, shortest_end):
    assert minimum_end(start) == shortest_end
    assert check_period(start, shortest_end) == []


@pytest.mark.parametrize(
    ("start", "end", "earliest"),
    [
        (date(2026, 3, 1), date(2027, 2, 28), "01/03/2027"),  # the eve of the anniversary
        (date(2028, 2, 29), date(2029, 2, 27), "28/02/2029"),
        (date(2028, 2, 29), date(2028, 12, 31), "28/02/2029"),
    ],
)
def test_a_period_shorter_than_a_year_is_refused_in_french_citing_the_article(start, end, earliest):
    errors = check_period(start, end)
    assert len(errors) == 1
    assert f"fin au plus tôt le {earliest}" in errors[0]
    assert "D4622-27-3" in errors[0]


def test_a_period_longer_than_a_year_is_allowed():
    assert check_period(date(2026, 3, 1), date(2027, 6, 30)) == []


def test_access_is_open_on_the_anniversary_and_closes_the_day_after():
    start, end = date(2026, 3, 1), minimum_end(date(2026, 3, 1))
    assert not is_open(start, end, date(2026, 2, 28))
    assert is_open(start, end, start)
    assert is_open(start, end, date(2027, 3, 1))  # the last day, the anniversary: still open
    assert not is_open(start, end, date(2027, 3, 2))
    leap_start = date(2028, 2, 29)
    leap_end = minimum_end(leap_start)
    assert is_open(leap_start, leap_end, date(2029, 2, 28))
    assert not is_open(leap_start, leap_end, date(2029, 3, 1))


def test_reminders_60_and_15_days_before_the_end():
    end = minimum_end(date(2026, 3, 1))  # 01/03/2027
    assert reminder_dates(end) == {60: date(2026, 12, 31), 15: date(2027, 2, 14)}
    assert reminders_due(end, date(2026, 12, 30), frozenset()) == []
    assert reminders_due(end, date(2026, 12, 31), frozenset()) == [60]
    assert reminders_due(end, date(2027, 2, 14), frozenset({60})) == [15]
    # a missed day: both still sent, before the end only (the end day included)
    assert reminders_due(end, date(2027, 3, 1), frozenset()) == [60, 15]
    assert reminders_due(end, date(2027, 3, 2), frozenset()) == []


@pytest.mark.parametrize(
    ("previous_end", "today", "start", "end"),
    [
        # renewed in advance: from the day after the anniversary, neither gap nor overlap
        (date(2027, 3, 1), date(2027, 1, 10), date(2027, 3, 2), date(2028, 3, 2)),
        # renewed on the last day of the period (still open that day)
        (date(2027, 3, 1), date(2027, 3, 1), date(2027, 3, 2), date(2028, 3, 2)),
        # from 29/02/2028, over to a common year
        (date(2028, 2, 28), date(2028, 1, 5), date(2028, 2, 29), date(2029, 2, 28)),
        (date(2029, 2, 28), date(2029, 2, 1), date(2029, 3, 1), date(2030, 3, 1)),
        # lapsed: from the renewal day only, to its own anniversary
        (date(2027, 3, 1), date(2027, 5, 4), date(2027, 5, 4), date(2028, 5, 4)),
    ],
)
def test_explicit_renewal_starts_the_day_after_the_end_or_today_if_lapsed(
    previous_end, today, start, end
):
    renewal = renewal_period(previous_end, today)
    assert (renewal.start, renewal.end) == (start, end)
    assert renewal.start > previous_end  # the previous end day belongs to the previous period
    assert check_period(renewal.start, renewal.end) == []
