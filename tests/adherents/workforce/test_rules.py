"""The campaign window, lateness and reminder days, on concrete dates (D4622-22)."""

import datetime

import pytest

from adherents.rules.workforce import (
    Window,
    campaign_window,
    current_campaign_year,
    is_late,
    parse_reminder_days,
    reminder_due,
)

OPENS, CLOSES = datetime.date(2026, 1, 15), datetime.date(2026, 3, 31)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 1, 14), Window.NOT_OPEN),
        (datetime.date(2026, 1, 15), Window.OPEN),  # the opening day is open
        (datetime.date(2026, 3, 31), Window.OPEN),  # the closing day is still on time
        (datetime.date(2026, 4, 1), Window.LATE),
        (datetime.date(2026, 12, 31), Window.LATE),
    ],
)
def test_campaign_window(today, expected):
    assert campaign_window(today, OPENS, CLOSES) is expected


def test_a_declaration_is_late_only_after_the_closing_day():
    assert not is_late(datetime.date(2026, 3, 31), CLOSES)
    assert is_late(datetime.date(2026, 4, 1), CLOSES)


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2026, 3, 16), True),  # J-15
        (datetime.date(2026, 3, 17), False),  # J-14
        (datetime.date(2026, 3, 24), True),  # J-7
        (datetime.date(2026, 3, 31), False),  # J-0 not asked
        (datetime.date(2026, 1, 10), False),  # J-80, but before opening anyway
    ],
)
def test_reminders_fall_on_the_campaigns_days(today, expected):
    assert reminder_due(today, OPENS, CLOSES, [15, 7]) is expected


def test_no_reminder_before_opening_even_on_a_listed_day():
    assert not reminder_due(datetime.date(2026, 1, 14), OPENS, CLOSES, [76])
    assert reminder_due(datetime.date(2026, 1, 15), OPENS, CLOSES, [75])


def test_reminder_days_are_parsed_or_explained():
    assert parse_reminder_days("7, 30 ;15 15") == [30, 15, 7]
    assert parse_reminder_days("") == []
    with pytest.raises(ValueError, match="n'est pas un nombre de jours"):
        parse_reminder_days("30, J-7")
    with pytest.raises(ValueError, match="365"):
        parse_reminder_days("400")


C2026 = (2026, datetime.date(2026, 1, 15), datetime.date(2026, 3, 31))
C2027 = (2027, datetime.date(2027, 1, 15), datetime.date(2027, 3, 31))
C2027_EARLY = (2027, datetime.date(2026, 12, 1), datetime.date(2027, 2, 28))
C2028 = (2028, datetime.date(2028, 1, 15), datetime.date(2028, 3, 31))


@pytest.mark.parametrize(
    ("campaigns", "today", "expected"),
    [
        ([], datetime.date(2026, 6, 1), None),
        ([C2026], datetime.date(2026, 1, 2), 2026),  # not open yet: said, and refused
        ([C2026], datetime.date(2026, 2, 1), 2026),
        ([C2026, C2027], datetime.date(2026, 12, 10), 2026),  # closed: late ones still taken
        ([C2026, C2027], datetime.date(2027, 1, 5), 2027),  # its year began: « ouvre le … »
        ([C2026, C2027], datetime.date(2027, 1, 20), 2027),
        ([C2026, C2027_EARLY], datetime.date(2026, 12, 2), 2027),  # opened early: the new one
        ([C2027], datetime.date(2026, 6, 1), 2027),  # nothing opened yet: the next one
        # Boundaries, each day on both sides (found by `make mutate`):
        ([C2026, C2027], datetime.date(2026, 12, 31), 2026),  # the new year has not begun
        ([C2026, C2027], datetime.date(2027, 1, 1), 2027),  # ...it has
        ([C2026, C2027_EARLY], datetime.date(2026, 11, 30), 2026),  # opens tomorrow
        ([C2026, C2027_EARLY], datetime.date(2026, 12, 1), 2027),  # its opening day
        ([C2026, C2027, C2028], datetime.date(2027, 1, 1), 2027),  # the nearest, not the last
        ([C2028, C2026, C2027], datetime.date(2027, 1, 20), 2027),  # in any order
        ([C2026], datetime.date(2026, 1, 14), 2026),  # the eve of the opening
        ([C2026], datetime.date(2026, 4, 1), 2026),  # closed: still the year of late ones
    ],
)
def test_the_current_campaign(campaigns, today, expected):
    assert current_campaign_year(campaigns, today) == expected
