import pytest

from suivi_sante.rules.dates import add_months, age_on, days_inclusive, french, parse_iso
from tests.suivi_sante.rules import d


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        ("2026-10-01", 3, "2027-01-01"),  # plain: same day three months later
        ("2026-10-31", 3, "2027-01-31"),  # the 31st to a month with 31 days
        ("2026-03-31", 3, "2026-06-30"),  # June has no 31st: last day of June
        ("2026-11-30", 3, "2027-02-28"),  # February of a common year
        ("2027-11-30", 3, "2028-02-29"),  # February of a leap year
        ("2024-02-29", 60, "2029-02-28"),  # 29/02 five years later
        ("2024-02-29", 48, "2028-02-29"),  # 29/02 four years later exists
        ("2026-06-15", -24, "2024-06-15"),  # backwards, for the waiver windows
        ("2026-03-31", -1, "2026-02-28"),
        ("2026-12-15", 1, "2027-01-15"),  # across the year
    ],
)
def test_add_months_clamps_to_the_last_day_of_the_month(day, months, expected):
    assert add_months(d(day), months) == d(expected)


@pytest.mark.parametrize(
    ("birth", "day", "age"),
    [
        ("2008-06-01", "2026-05-31", 17),  # the day before the 18th birthday
        ("2008-06-01", "2026-06-01", 18),  # the birthday itself
        ("2008-02-29", "2026-02-28", 17),  # born on 29/02: a year older on 01/03
        ("2008-02-29", "2026-03-01", 18),
    ],
)
def test_age_on_counts_whole_years(birth, day, age):
    assert age_on(d(birth), d(day)) == age


def test_days_inclusive_counts_both_ends():
    assert days_inclusive(d("2026-03-01"), d("2026-03-30")) == 30
    assert days_inclusive(d("2026-03-01"), d("2026-03-01")) == 1


def test_french_dates_read_day_month_year():
    assert french(d("2027-01-01")) == "01/01/2027"
    assert french(d("1905-12-09")) == "09/12/1905"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2026-02-28", "2026-02-28"),
        ("2026-02-30", None),  # no 30 February
        ("2026-2-28", None),
        ("20260228", None),  # date.fromisoformat alone would take it
        ("2026-02-28T00:00", None),
        (" 2026-02-28", None),
        ("", None),
    ],
)
def test_parse_iso_takes_only_yyyy_mm_dd(text, expected):
    assert parse_iso(text) == (None if expected is None else d(expected))
