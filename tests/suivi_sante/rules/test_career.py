"""Mid-career (L4624-2-2) and end-of-career / post-exposure visits (L4624-2-1)."""

import pytest

from suivi_sante.rules.kinds import Performer, SirRisk
from tests.suivi_sante.rules import d, due_of, only, schedule_for, visit


@pytest.mark.parametrize(
    ("birth", "due", "birthday"),
    [
        ("1981-01-01", "2026-12-31", "01/01/2026"),  # 45th birthday on 1 January
        ("1981-12-31", "2026-12-31", "31/12/2026"),  # 45th birthday on 31 December
        ("1980-02-29", "2025-12-31", "28/02/2025"),
    ],
)
def test_mid_career_visit_by_the_end_of_the_year_of_the_45th_birthday(birth, due, birthday):
    visit_due = only(schedule_for(birth=birth, start="2015-03-02"), "MI_CARRIERE")
    assert visit_due.due_date == d(due)
    assert visit_due.performers == (Performer.PHYSICIAN, Performer.NURSE)
    assert visit_due.legal_reference == "L4624-2-2"
    assert f"45 ans le {birthday}" in visit_due.reason


@pytest.mark.parametrize(
    ("held_on", "satisfied"),
    [
        ("2023-12-31", False),  # before 1 January two years before the 45th year
        ("2024-01-01", True),  # combined with a visit of the 2 years before
        ("2026-06-15", True),
        ("2027-02-01", True),  # late, but held
    ],
)
def test_a_mid_career_visit_counts_from_two_years_before(held_on, satisfied):
    schedule = schedule_for(
        birth="1981-01-01", start="2015-03-02", history=[visit("MI_CARRIERE", held_on, "nurse")]
    )
    assert (due_of(schedule, "MI_CARRIERE") == []) is satisfied


def test_no_mid_career_visit_for_a_45th_year_before_the_post():
    assert due_of(schedule_for(birth="1980-06-01", start="2026-01-05"), "MI_CARRIERE") == []
    hired_that_year = schedule_for(birth="1981-06-01", start="2026-01-05")
    assert only(hired_that_year, "MI_CARRIERE").due_date == d("2026-12-31")


def test_an_overdue_mid_career_visit_stays_listed():
    schedule = schedule_for(today="2026-06-01", birth="1975-04-04", start="2010-09-01")
    assert only(schedule, "MI_CARRIERE").due_date == d("2020-12-31")


def test_mid_career_visit_brought_to_the_end_of_a_post_ending_that_year():
    schedule = schedule_for(birth="1981-04-04", start="2015-03-02", end="2026-09-30")
    assert only(schedule, "MI_CARRIERE").due_date == d("2026-09-30")
    ended_before = schedule_for(birth="1981-04-04", start="2015-03-02", end="2025-12-31")
    assert due_of(ended_before, "MI_CARRIERE") == []


def test_end_of_career_visit_when_a_sir_post_ends():
    schedule = schedule_for(
        start="2015-03-02",
        end="2026-09-30",
        sir_risks={SirRisk.AMIANTE, SirRisk.CMR},
        history=[visit("EMAE", "2015-03-02"), visit("SIR_PERIODIQUE", "2025-01-15")],
    )
    end = only(schedule, "FIN_CARRIERE")
    assert end.due_date == d("2026-09-30")
    assert end.performers == (Performer.PHYSICIAN,)
    assert end.legal_reference == "L4624-2-1"
    assert "salarié en SIR (amiante, agents CMR)" in end.reason


def test_no_end_of_career_visit_without_sir_risk_or_end_date_or_when_held():
    assert due_of(schedule_for(start="2015-03-02", end="2026-09-30"), "FIN_CARRIERE") == []
    assert due_of(schedule_for(start="2015-03-02", sir_risks={SirRisk.PLOMB}), "FIN_CARRIERE") == []
    held = schedule_for(
        start="2015-03-02",
        end="2026-09-30",
        sir_risks={SirRisk.PLOMB},
        history=[visit("FIN_CARRIERE", "2026-09-20")],
    )
    assert due_of(held, "FIN_CARRIERE") == []
    before_the_post = schedule_for(
        start="2015-03-02",
        end="2026-09-30",
        sir_risks={SirRisk.PLOMB},
        history=[visit("FIN_CARRIERE", "2014-12-01")],
    )
    assert only(before_the_post, "FIN_CARRIERE").due_date == d("2026-09-30")
