"""Mid-career (L4624-2-2) and end-of-career / post-exposure visits (L4624-2-1)."""

import pytest

from suivi_sante.rules.kinds import AptitudeJob, Performer, SirRisk
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
    # 45 in 2023, after the visit came into force (31/03/2022, loi 2021-1018): still owed.
    schedule = schedule_for(today="2026-06-01", birth="1978-04-04", start="2010-09-01")
    assert only(schedule, "MI_CARRIERE").due_date == d("2023-12-31")


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


@pytest.mark.parametrize(
    ("birth", "due"),
    [
        # L4624-2-2 in force on 31/03/2022 (loi 2021-1018): a 45th year ended before owes nothing
        ("1962-07-01", None),  # 45 in 2007
        ("1976-12-31", None),  # 45 on 31/12/2021, the last day before the reform's year
        ("1977-01-01", "2022-12-31"),  # 45 on 01/01/2022: the year runs past 31/03/2022
        ("1977-12-31", "2022-12-31"),  # 45 on 31/12/2022
    ],
)
def test_mid_career_visit_only_for_a_45th_year_ending_after_31_march_2022(birth, due):
    schedule = schedule_for(today="2026-06-01", birth=birth, start="2000-09-01")
    found = due_of(schedule, "MI_CARRIERE")
    assert [item.due_date for item in found] == ([] if due is None else [d(due)])


@pytest.mark.parametrize(
    ("facts", "ground"),
    [
        # R4624-23 II: posts conditioned by a specific aptitude check are SIR posts too
        ({"aptitude_jobs": {AptitudeJob.CHARGES_55KG}}, "charges de plus de 55 kg (art. R4541-9)"),
        (
            {"aptitude_jobs": {AptitudeJob.JEUNE_TRAVAUX_INTERDITS}},
            "travaux interdits susceptibles de dérogation (art. R4153-40)",
        ),
        # a CACES post held before 01/10/2025 was under SIR (décret 2025-355)
        ({"aptitude_jobs": {AptitudeJob.CACES}}, "(CACES) jusqu'au 30/09/2025"),
        ({"sir_risks": {SirRisk.HYPERBARE}}, "milieu hyperbare"),  # R4624-23 I
    ],
)
def test_end_of_exposure_visit_for_every_post_held_under_sir_i_or_ii(facts, ground):
    schedule = schedule_for(start="2015-03-02", end="2026-09-30", **facts)
    end = only(schedule, "FIN_CARRIERE")
    assert end.due_date == d("2026-09-30")
    assert ground in end.reason
    assert "R4624-28-1" in end.reason


@pytest.mark.parametrize(
    ("start", "owed"),
    [("2025-09-30", True), ("2025-10-01", False)],  # CACES left the SIR on 01/10/2025
)
def test_caces_post_owes_an_end_of_exposure_visit_only_if_held_under_the_sir(start, owed):
    schedule = schedule_for(start=start, end="2026-09-30", aptitude_jobs={AptitudeJob.CACES})
    assert len(due_of(schedule, "FIN_CARRIERE")) == (1 if owed else 0)


# L4624-2-1: "ou, le cas échéant, avant leur départ à la retraite". The audit's example: an SI
# post from 01/07/2020, after an earlier SIR post (EMAE 05/01/2015, renewal 05/01/2019).
EARLIER_SIR = [visit("EMAE", "2015-01-05"), visit("SIR_PERIODIQUE", "2019-01-05")]


def retiring(history=EARLIER_SIR, **facts):
    return schedule_for(
        start="2020-07-01", end="2026-06-30", retirement=True, history=history, **facts
    )


def test_end_of_career_visit_before_retirement_after_sir_earlier_in_the_career():
    end = only(retiring(), "FIN_CARRIERE")
    assert end.due_date == d("2026-06-30")
    assert end.performers == (Performer.PHYSICIAN,)
    assert end.legal_reference == "L4624-2-1"
    assert "avant le départ à la retraite" in end.reason
    assert "examen d'aptitude du 05/01/2019" in end.reason
    assert "L4624-2-1" in end.reason


def test_no_end_of_career_visit_for_a_departure_other_than_retirement():
    schedule = schedule_for(start="2020-07-01", end="2026-06-30", history=EARLIER_SIR)
    assert due_of(schedule, "FIN_CARRIERE") == []


def test_no_end_of_career_visit_at_retirement_without_sir_exam_in_the_career():
    # a VIP and a mid-career visit are not the SIR's aptitude exams
    history = [visit("VIP", "2020-07-15"), visit("MI_CARRIERE", "2025-03-01", "nurse")]
    assert due_of(retiring(history), "FIN_CARRIERE") == []


@pytest.mark.parametrize(
    ("held_on", "owed"),
    [
        ("2018-12-01", True),  # before the last SIR exam: a later exposure is not covered
        ("2019-01-05", False),  # the day of the last SIR exam
        ("2020-03-10", False),  # after it: the post-exposure visit is done
    ],
)
def test_a_fin_carriere_held_after_the_last_sir_exam_counts_at_retirement(held_on, owed):
    schedule = retiring([*EARLIER_SIR, visit("FIN_CARRIERE", held_on)])
    assert len(due_of(schedule, "FIN_CARRIERE")) == (1 if owed else 0)


def test_a_sir_post_ending_with_retirement_owes_one_end_of_career_visit():
    schedule = retiring(
        [visit("EMAE", "2020-06-15"), visit("SIR_PERIODIQUE", "2024-06-10")],
        sir_risks={SirRisk.AMIANTE},
    )
    end = only(schedule, "FIN_CARRIERE")  # one visit, not two
    assert end.due_date == d("2026-06-30")
    assert "avant le départ à la retraite" in end.reason
    assert "salarié en SIR (amiante)" in end.reason
