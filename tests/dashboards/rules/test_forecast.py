"""The forecast's arithmetic, on counts made by hand (dashboards.rules.forecast)."""

from datetime import date
from decimal import Decimal

import pytest

from dashboards.rules.forecast import (
    DueCount,
    FicheCount,
    Scenario,
    fiche_due_month,
    forecast,
    split_kind,
    visit_minutes,
)

MONTHS = [date(2027, 1, 1), date(2027, 2, 1), date(2027, 3, 1)]
MINUTES = {"VIP": {"physician": 20, "nurse": 30}, "EMAE": {"physician": 30}}
DUE = [
    DueCount(date(2026, 11, 1), "VIP", True, 2),  # overdue: counts in January
    DueCount(date(2027, 1, 1), "VIP", True, 10),
    DueCount(date(2027, 1, 1), "VIP", False, 1),  # a CACES post: the physician's
    DueCount(date(2027, 1, 1), "EMAE", False, 3),
    DueCount(date(2027, 2, 1), "VIP", True, 4),
    DueCount(date(2027, 5, 1), "VIP", True, 5),  # beyond the horizon
]
# The protocol delegating VIPs ends in January.
NURSE_KINDS = {date(2027, 1, 1): frozenset({"VIP"})}
FICHES = [
    FicheCount(date(2023, 2, 1), date(2020, 5, 1), 2),  # sent Feb 2023: due Feb 2027 (4 years)
    FicheCount(None, date(2026, 6, 1), 1),  # never sent, first due June 2026: overdue
    FicheCount(date(2024, 1, 1), date(2021, 1, 1), 7),  # due Jan 2028: beyond
]
OFFERED = {(date(2027, 1, 1), "physician"): Decimal(10), (date(2027, 1, 1), "nurse"): Decimal(5)}


def _scenario(delegation=50, tele=0, cadence=4):
    return Scenario(
        delegation_percent=delegation,
        teleconsultation_percent=tele,
        fe_cadence_years=cadence,
        teleconsultation_factor=Decimal("0.8"),
        fe_hours={"physician": Decimal(1), "nurse": Decimal(0)},
    )


def _run(scenario):
    return forecast(
        months=MONTHS,
        due=DUE,
        nurse_kinds=NURSE_KINDS,
        fiches=FICHES,
        offered=OFFERED,
        minutes=MINUTES,
        scenario=scenario,
    )


def test_january_splits_by_protocol_and_delegation_share():
    january = _run(_scenario()).months[0]
    # VIP: 2 overdue + 10 + 1 (CACES) = 13; EMAE 3 → 16 visits, 2 overdue.
    assert (january.visits, january.overdue) == (16, 2)
    # Nurse-eligible: the 12 VIPs whose post allows a nurse; physician-only: 1 VIP + 3 EMAE.
    assert (january.nurse_eligible, january.physician_only) == (12, 4)
    vip = next(k for k in january.kinds if k.kind == "VIP")
    assert (vip.to_nurse, vip.to_physician) == (Decimal(6), Decimal(7))
    # Physician: 7 VIP × 20 + 3 EMAE × 30 = 230 min + 1 FE overdue × 60 = 290 min = 4.83 h.
    # Nurse: 6 VIP × 30 = 180 min = 3 h.
    assert january.fiches == 1
    assert january.needed == {"physician": Decimal("4.8"), "nurse": Decimal("3.0")}
    assert january.gap == {"physician": Decimal("5.2"), "nurse": Decimal("2.0")}


def test_a_month_without_protocol_leaves_everything_to_the_physician():
    february = _run(_scenario(delegation=100)).months[1]
    # 4 VIPs, no protocol in force: physician-only; 2 FE renewed (sent Feb 2023, every 4 years).
    assert (february.visits, february.nurse_eligible, february.physician_only) == (4, 0, 4)
    # 4 × 20 = 80 min + 2 × 60 = 200 min = 3.33 h; nothing offered: 3.3 h missing.
    assert february.needed == {"physician": Decimal("3.3"), "nurse": Decimal("0.0")}
    assert february.gap == {"physician": Decimal("-3.3"), "nurse": Decimal("0.0")}
    march = _run(_scenario()).months[2]
    assert (march.visits, march.fiches, march.needed["physician"]) == (0, 0, Decimal("0.0"))


def test_totals_add_the_unrounded_hours():
    total = _run(_scenario()).total
    assert (total.visits, total.overdue, total.fiches) == (20, 2, 3)
    # Physician 290 + 200 = 490 min = 8.17 h; nurse 3 h; offered 10 and 5.
    assert total.needed == {"physician": Decimal("8.2"), "nurse": Decimal("3.0")}
    assert total.offered == {"physician": Decimal("10.0"), "nurse": Decimal("5.0")}
    assert total.gap == {"physician": Decimal("1.8"), "nurse": Decimal("2.0")}


def test_teleconsultation_shortens_visits_not_fiches():
    january = _run(_scenario(tele=50)).months[0]
    # Mean duration × (1 − 0.5 + 0.5 × 0.8) = 0.9: physician 230 × 0.9 = 207 + 60 = 267 min
    # = 4.45 h → 4.5 (half up); nurse 180 × 0.9 = 162 min = 2.7 h.
    assert january.needed == {"physician": Decimal("4.5"), "nurse": Decimal("2.7")}


def test_full_delegation_and_none():
    all_to_nurse = _run(_scenario(delegation=100)).months[0]
    # Nurse: 12 × 30 = 360 min = 6 h; physician: 1 × 20 + 3 × 30 + 60 = 170 min = 2.83 h.
    assert all_to_nurse.needed == {"physician": Decimal("2.8"), "nurse": Decimal("6.0")}
    none = _run(_scenario(delegation=0)).months[0]
    # Physician: 13 × 20 + 90 + 60 = 410 min = 6.83 h.
    assert none.needed == {"physician": Decimal("6.8"), "nurse": Decimal("0.0")}


def test_a_shorter_fe_cadence_brings_renewals_forward():
    # Every 3 years, the FE sent in Feb 2023 was due in Feb 2026: overdue, counted in January;
    # the one of Jan 2024 falls due in Jan 2027.
    months = _run(_scenario(cadence=3)).months
    assert [m.fiches for m in months] == [1 + 2 + 7, 0, 0]
    assert fiche_due_month(FICHES[0], 3) == date(2026, 2, 1)
    assert fiche_due_month(FICHES[1], 3) == date(2026, 6, 1)


def test_split_and_durations():
    line = split_kind("VIP", allowed=5, not_allowed=2, delegated=True, delegation_percent=40)
    assert (line.nurse_eligible, line.physician_only, line.to_nurse) == (5, 2, Decimal(2))
    assert line.to_physician == Decimal(5)
    assert visit_minutes({"DEMANDE": {"physician": 30}}, "DEMANDE", "nurse") == 30


@pytest.mark.parametrize(
    ("values", "message"),
    [
        (dict(delegation=101), "delegation_percent"),
        (dict(tele=-1), "teleconsultation_percent"),
        (dict(cadence=0), "fe_cadence_years"),
    ],
)
def test_a_scenario_out_of_bounds_is_refused(values, message):
    with pytest.raises(ValueError, match=message):
        _scenario(**values)
