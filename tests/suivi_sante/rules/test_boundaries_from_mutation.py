"""Boundaries that `make mutate` showed no test held (issue 10 item 20): each mutant an operator
changed (< into <=, continue into break, the singular of "jour") survived the rules' tests."""

import pytest

from tests.suivi_sante.rules import absence, due_of, only, schedule_for, visit


def test_a_pre_reprise_is_possible_from_the_first_day_of_a_long_planned_absence():
    schedule = schedule_for(
        today="2026-06-01",
        start="2020-01-06",
        absences=[absence("2026-06-01", "2026-07-31", "maladie")],
    )
    pre = only(schedule, "PRE_REPRISE")
    assert pre.reason == (
        "Visite de pré-reprise possible dès maintenant, à la demande du salarié, du médecin "
        "traitant, du médecin-conseil de l'assurance maladie ou du médecin du travail : arrêt "
        "pour maladie ou accident non professionnels depuis le 01/06/2026, 1 jour au "
        "01/06/2026, fin prévue le 31/07/2026 (61 jours), plus de 30 jours (art. R4624-29)"
    )


@pytest.mark.parametrize(
    ("held_on", "today"),
    [
        ("2026-05-01", "2026-06-15"),  # held on the absence's first day
        ("2026-06-15", "2026-06-15"),  # held today, the absence's planned last day
    ],
)
def test_a_pre_reprise_held_on_the_first_or_last_day_of_the_absence_counts(held_on, today):
    schedule = schedule_for(
        today=today,
        start="2020-01-06",
        absences=[absence("2026-05-01", "2026-06-15", "maladie")],
        history=[visit("PRE_REPRISE", held_on, "nurse")],
    )
    assert due_of(schedule, "PRE_REPRISE") == []


def test_a_one_day_maternity_leave_calls_for_a_reprise_whatever_its_length():
    schedule = schedule_for(
        today="2026-06-01",
        start="2020-01-06",
        absences=[absence("2026-01-01", "2026-01-01", "maternite")],
    )
    assert only(schedule, "REPRISE").reason == (
        "Visite de reprise le jour de la reprise du travail, le 02/01/2026, et au plus tard le "
        "10/01/2026 : congé de maternité du 01/01/2026 au 01/01/2026, 1 jour, quelle que soit "
        "sa durée (art. R4624-31, décret 2022-372)"
    )


def test_an_absence_before_the_hire_does_not_hide_the_later_ones():
    schedule = schedule_for(
        today="2026-06-01",
        start="2026-01-05",
        absences=[
            absence("2025-10-01", "2025-12-31", "maladie"),  # before the post: ignored
            absence("2026-03-01", "2026-03-30", "accident_travail"),
        ],
    )
    (reprise,) = due_of(schedule, "REPRISE")
    assert "du 01/03/2026 au 30/03/2026" in reprise.reason


def test_an_absence_ending_on_the_hire_day_is_an_absence_from_the_post():
    schedule = schedule_for(
        today="2026-06-01",
        start="2026-01-05",
        absences=[absence("2025-12-01", "2026-01-05", "accident_travail")],  # 36 days
    )
    (reprise,) = due_of(schedule, "REPRISE")
    assert "du 01/12/2025 au 05/01/2026, 36 jours" in reprise.reason


@pytest.mark.parametrize(
    ("held_on", "before_the_hire"),
    [("2026-01-04", True), ("2026-01-05", False)],  # hired on 05/01/2026
)
def test_only_a_vip_held_before_the_hire_day_is_called_prior_to_it(held_on, before_the_hire):
    schedule = schedule_for(today="2026-06-01", start="2026-01-05", history=[visit("VIP", held_on)])
    renewal = only(schedule, "VIP")
    assert ("antérieure à l'embauche du 05/01/2026" in renewal.reason) is before_the_hire
