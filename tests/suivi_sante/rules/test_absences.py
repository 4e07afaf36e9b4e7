"""Reprise (R4624-31, décret 2022-372) and pré-reprise (R4624-29)."""

import pytest

from suivi_sante.rules.kinds import Performer
from tests.suivi_sante.rules import absence, d, due_of, only, schedule_for, visit

EITHER = (Performer.PHYSICIAN, Performer.NURSE)


def reprises(*absences, history=(), today="2026-06-01", end=None):
    schedule = schedule_for(
        today=today, start="2020-01-06", end=end, absences=absences, history=history
    )
    return due_of(schedule, "REPRISE")


@pytest.mark.parametrize(
    ("cause", "start", "last_day", "length", "due"),
    [
        ("accident_travail", "2026-03-01", "2026-03-29", 29, False),
        ("accident_travail", "2026-03-01", "2026-03-30", 30, True),
        ("accident_travail", "2026-03-01", "2026-03-31", 31, True),
        ("maladie", "2026-01-01", "2026-02-28", 59, False),
        ("maladie", "2026-01-01", "2026-03-01", 60, True),
        ("maladie", "2026-01-01", "2026-03-02", 61, True),
        # décret 2022-372: the 60-day threshold for absences starting after 31 March 2022
        ("maladie", "2022-03-15", "2022-04-28", 45, True),  # started before: 30 days
        ("maladie", "2022-03-31", "2022-04-29", 30, True),
        ("maladie", "2022-03-31", "2022-04-28", 29, False),
        ("maladie", "2022-04-01", "2022-05-15", 45, False),  # started after: 60 days
        ("maternite", "2026-01-01", "2026-01-01", 1, True),  # any length
        ("maladie_professionnelle", "2026-01-01", "2026-01-03", 3, True),  # any length
    ],
)
def test_reprise_thresholds(cause, start, last_day, length, due):
    assert (d(last_day) - d(start)).days + 1 == length  # the table says what it tests
    found = reprises(absence(start, last_day, cause))
    assert bool(found) is due
    if due:
        assert f"{length} jour" in found[0].reason


def test_reprise_on_the_return_day_and_at_the_latest_the_8th_day_after():
    (reprise,) = reprises(absence("2026-03-01", "2026-03-30", "accident_travail"))
    assert reprise.due_date == d("2026-04-08")  # return on 31/03, + 8 days
    assert reprise.performers == EITHER
    assert reprise.legal_reference == "R4624-31"
    assert reprise.reason == (
        "Visite de reprise le jour de la reprise du travail, le 31/03/2026, et au plus tard le "
        "08/04/2026 : arrêt pour accident du travail du 01/03/2026 au 30/03/2026, 30 jours, "
        "seuil de 30 jours (art. R4624-31, décret 2022-372)"
    )


@pytest.mark.parametrize(
    ("held_on", "satisfied"),
    [
        ("2026-03-30", False),  # the absence's last day: not a return visit
        ("2026-03-31", True),  # the return day
        ("2026-04-08", True),  # the 8th day after the return
        ("2026-04-20", True),  # late, but held
    ],
)
def test_a_reprise_counts_from_the_return_day(held_on, satisfied):
    found = reprises(
        absence("2026-03-01", "2026-03-30", "accident_travail"),
        history=[visit("REPRISE", held_on, "nurse")],
    )
    assert (found == []) is satisfied


def test_an_overdue_reprise_stays_listed():
    (reprise,) = reprises(absence("2025-01-01", "2025-03-15", "maladie"), today="2026-06-01")
    assert reprise.due_date == d("2025-03-24")


def test_no_reprise_while_the_absence_lasts_and_one_for_a_planned_return():
    assert reprises(absence("2026-03-01", None, "accident_travail")) == []
    (planned,) = reprises(absence("2026-05-01", "2026-07-31", "maladie"), today="2026-06-01")
    assert planned.due_date == d("2026-08-09")


def test_no_reprise_when_the_worker_does_not_come_back_to_the_post():
    absent = absence("2026-03-01", "2026-04-30", "maladie_professionnelle")
    assert reprises(absent, end="2026-04-30") == []
    (reprise,) = reprises(absent, end="2026-05-05")
    assert reprise.due_date == d("2026-05-05")  # brought to the last day of employment
    assert "échéance ramenée au dernier jour d'emploi" in reprise.reason


def test_an_absence_before_the_post_began_is_ignored():
    schedule = schedule_for(
        start="2026-01-05", absences=[absence("2025-06-01", "2025-12-31", "maladie")]
    )
    assert due_of(schedule, "REPRISE") == []


def test_old_illness_threshold_is_explained():
    (reprise,) = reprises(absence("2022-03-15", "2022-04-28", "maladie"))
    assert "seuil de 30 jours pour un arrêt commencé avant le 01/04/2022" in reprise.reason


# --- pré-reprise ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("start", "end", "today", "due"),
    [
        ("2026-05-03", None, "2026-06-01", False),  # 30 days so far
        ("2026-05-02", None, "2026-06-01", True),  # 31 days so far: more than 30
        ("2026-05-01", None, "2026-06-01", True),  # 32 days so far
        ("2026-05-20", "2026-07-31", "2026-06-01", True),  # planned 73 days
        ("2026-05-20", "2026-06-10", "2026-06-01", False),  # planned 22 days
        ("2026-04-01", "2026-06-01", "2026-06-01", True),  # last day of absence is today
        ("2026-04-01", "2026-05-31", "2026-06-01", False),  # back today: reprise instead
        ("2026-06-02", "2026-09-30", "2026-06-01", False),  # not begun yet
    ],
)
def test_pre_reprise_during_an_absence_of_more_than_30_days(start, end, today, due):
    schedule = schedule_for(
        today=today, start="2020-01-06", absences=[absence(start, end, "maladie")]
    )
    found = due_of(schedule, "PRE_REPRISE")
    assert bool(found) is due
    if due:
        assert found[0].due_date == d(today)
        assert found[0].performers == EITHER
        assert found[0].legal_reference == "R4624-29"


def test_pre_reprise_boundary_is_more_than_30_days_on_today():
    def listed(start: str) -> bool:
        schedule = schedule_for(
            today="2026-06-30", start="2020-01-06", absences=[absence(start, None, "maladie")]
        )
        return bool(due_of(schedule, "PRE_REPRISE"))

    assert not listed("2026-06-01")  # 30 days on 30/06
    assert listed("2026-05-31")  # 31 days on 30/06


def test_pre_reprise_reason_names_who_may_ask():
    schedule = schedule_for(
        today="2026-06-30",
        start="2020-01-06",
        absences=[absence("2026-05-31", None, "accident_travail")],
    )
    assert only(schedule, "PRE_REPRISE").reason == (
        "Visite de pré-reprise possible dès maintenant, à la demande du salarié, du médecin "
        "traitant, du médecin-conseil de l'assurance maladie ou du médecin du travail : arrêt "
        "pour accident du travail depuis le 31/05/2026, 31 jours au 30/06/2026, plus de 30 jours "
        "(art. R4624-29)"
    )


@pytest.mark.parametrize(("held_on", "satisfied"), [("2026-04-30", False), ("2026-05-20", True)])
def test_a_pre_reprise_held_during_the_absence_is_not_due_again(held_on, satisfied):
    schedule = schedule_for(
        today="2026-06-30",
        start="2020-01-06",
        absences=[absence("2026-05-01", None, "maladie")],
        history=[visit("PRE_REPRISE", held_on, "nurse")],
    )
    assert (due_of(schedule, "PRE_REPRISE") == []) is satisfied


def test_no_pre_reprise_once_the_employment_has_ended():
    schedule = schedule_for(
        today="2026-06-30",
        start="2020-01-06",
        end="2026-06-29",
        absences=[absence("2026-05-01", None, "maladie")],
    )
    assert due_of(schedule, "PRE_REPRISE") == []
