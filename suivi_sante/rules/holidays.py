"""French public holidays (jours fériés), for the agenda's weekly patterns.

Code du travail L3133-1 lists the eleven holidays of the whole country; Easter Monday, Ascension
and Whit Monday move with Easter (computed here, Gregorian calendar). In Alsace-Moselle (Bas-Rhin,
Haut-Rhin, Moselle) the local law adds Good Friday and 26 December (L3134-13; TO VERIFY: Good
Friday only in communes with a Protestant or mixed church, ordinance of 16 August 1892).
"""

from datetime import date, timedelta

# (month, day, name) of the fixed holidays (L3133-1).
_FIXED = (
    (1, 1, "Jour de l'an"),
    (5, 1, "Fête du travail"),
    (5, 8, "Victoire 1945"),
    (7, 14, "Fête nationale"),
    (8, 15, "Assomption"),
    (11, 1, "Toussaint"),
    (11, 11, "Armistice 1918"),
    (12, 25, "Noël"),
)


def easter_sunday(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a = year % 19
    b, c = divmod(year, 100)
    d, e = divmod(b, 4)
    f = (b + 8) // 25
    g = (b - f + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    el = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * el) // 451
    month, day = divmod(h + el - 7 * m + 114, 31)
    return date(year, month, day + 1)


def public_holidays(year: int, *, alsace_moselle: bool = False) -> dict[date, str]:
    """The public holidays of ``year`` with their French name, in date order."""
    easter = easter_sunday(year)
    days = {date(year, month, day): name for month, day, name in _FIXED}
    days[easter + timedelta(days=1)] = "Lundi de Pâques"
    days[easter + timedelta(days=39)] = "Ascension"
    days[easter + timedelta(days=50)] = "Lundi de Pentecôte"
    if alsace_moselle:
        days[easter - timedelta(days=2)] = "Vendredi saint"
        days[date(year, 12, 26)] = "Saint-Étienne"
    return dict(sorted(days.items()))


def is_public_holiday(day: date, *, alsace_moselle: bool = False) -> bool:
    return day in public_holidays(day.year, alsace_moselle=alsace_moselle)
