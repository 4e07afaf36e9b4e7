"""One-year affiliation, no tacit renewal (art. D4622-27-3), with concrete dates."""

from datetime import date

from tns.rules.affiliation import (
    check_period,
    is_open,
    minimum_end,
    reminder_dates,
    reminders_due,
    renewal_period,
)


def test_minimum_end_is_the_day_before_the_first_anniversary():
    assert minimum_end(date(2026, 3, 1)) == date(2027, 2, 28)
    assert minimum_end(date(2026, 1, 1)) == date(2026, 12, 31)
    assert minimum_end(date(2028, 2, 29)) == date(2029, 2, 27)  # 29/02 → 28/02, minus one day


def test_a_period_shorter_than_a_year_is_refused_in_french_citing_the_article():
    assert check_period(date(2026, 3, 1), date(2027, 2, 28)) == []
    assert check_period(date(2026, 3, 1), date(2027, 6, 30)) == []
    errors = check_period(date(2026, 3, 1), date(2027, 2, 27))
    assert errors
    assert "28/02/2027" in errors[0]
    assert "D4622-27-3" in errors[0]


def test_access_is_open_from_start_to_end_and_closes_the_day_after():
    start, end = date(2026, 3, 1), date(2027, 2, 28)
    assert not is_open(start, end, date(2026, 2, 28))
    assert is_open(start, end, start)
    assert is_open(start, end, end)
    assert not is_open(start, end, date(2027, 3, 1))


def test_reminders_60_and_15_days_before_the_end():
    end = date(2027, 2, 28)
    assert reminder_dates(end) == {60: date(2026, 12, 30), 15: date(2027, 2, 13)}
    assert reminders_due(end, date(2026, 12, 29), frozenset()) == []
    assert reminders_due(end, date(2026, 12, 30), frozenset()) == [60]
    assert reminders_due(end, date(2027, 2, 13), frozenset({60})) == [15]
    # a missed day: both still sent, before the end only
    assert reminders_due(end, date(2027, 2, 20), frozenset()) == [60, 15]
    assert reminders_due(end, date(2027, 3, 1), frozenset()) == []


def test_explicit_renewal_starts_the_day_after_the_end_or_today_if_lapsed():
    renewal = renewal_period(date(2027, 2, 28), date(2027, 1, 10))
    assert (renewal.start, renewal.end) == (date(2027, 3, 1), date(2028, 2, 29))
    lapsed = renewal_period(date(2027, 2, 28), date(2027, 5, 4))
    assert (lapsed.start, lapsed.end) == (date(2027, 5, 4), date(2028, 5, 3))
