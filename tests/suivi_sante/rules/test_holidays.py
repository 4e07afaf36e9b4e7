"""French public holidays: fixed ones, those computed from Easter, Alsace-Moselle's two more."""

from datetime import date

import pytest

from suivi_sante.rules.holidays import easter_sunday, is_public_holiday, public_holidays


@pytest.mark.parametrize(
    ("year", "easter"),
    [
        (2024, date(2024, 3, 31)),
        (2025, date(2025, 4, 20)),
        (2026, date(2026, 4, 5)),
        (2027, date(2027, 3, 28)),
        (2038, date(2038, 4, 25)),  # the latest possible date
        (2285, date(2285, 3, 22)),  # the earliest possible date
    ],
)
def test_easter_sunday(year, easter):
    assert easter_sunday(year) == easter


def test_the_eleven_holidays_of_2026():
    assert public_holidays(2026) == {
        date(2026, 1, 1): "Jour de l'an",
        date(2026, 4, 6): "Lundi de Pâques",
        date(2026, 5, 1): "Fête du travail",
        date(2026, 5, 8): "Victoire 1945",
        date(2026, 5, 14): "Ascension",
        date(2026, 5, 25): "Lundi de Pentecôte",
        date(2026, 7, 14): "Fête nationale",
        date(2026, 8, 15): "Assomption",
        date(2026, 11, 1): "Toussaint",
        date(2026, 11, 11): "Armistice 1918",
        date(2026, 12, 25): "Noël",
    }


def test_2025_moving_holidays():
    days = public_holidays(2025)
    assert date(2025, 4, 21) in days  # Easter Monday
    assert date(2025, 5, 29) in days  # Ascension
    assert date(2025, 6, 9) in days  # Whit Monday
    assert len(days) == 11


def test_alsace_moselle_adds_good_friday_and_saint_stephen():
    local = public_holidays(2026, alsace_moselle=True)
    assert len(local) == 13
    assert local[date(2026, 4, 3)] == "Vendredi saint"
    assert local[date(2026, 12, 26)] == "Saint-Étienne"
    assert not is_public_holiday(date(2026, 4, 3))
    assert is_public_holiday(date(2026, 4, 3), alsace_moselle=True)


def test_ordinary_days_are_not_holidays():
    assert not is_public_holiday(date(2026, 4, 7))  # the Tuesday after Easter Monday
    assert not is_public_holiday(date(2026, 5, 15))  # the Friday after Ascension
    assert is_public_holiday(date(2026, 5, 25))
