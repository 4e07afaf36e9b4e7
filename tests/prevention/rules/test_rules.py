"""Pure prevention rules with concrete dates: cadences, criticity, CMR, DUERP thresholds."""

import subprocess
import sys
from datetime import date

import pytest

from prevention.rules import cadence, chemicals, duerp, evaluation
from prevention.rules.dates import add_months, add_years

BANDS = [[3, "Faible"], [8, "Modérée"], [16, "Élevée"]]


@pytest.mark.parametrize(
    ("joined", "due"),
    [
        (date(2026, 3, 15), date(2027, 3, 15)),
        (date(2024, 2, 29), date(2025, 2, 28)),  # no 29 February in 2025
        (date(2025, 12, 31), date(2026, 12, 31)),
    ],
)
def test_the_first_fe_is_due_within_the_year_after_joining(joined, due):
    deadline = cadence.first_fiche_due(joined)
    assert deadline.due_on == due
    assert deadline.reference == "R4624-47"
    assert f"{due:%d/%m/%Y}" in deadline.reason


def test_the_fe_renewal_is_a_service_target_counted_from_the_last_sent_fe():
    deadline = cadence.fiche_renewal_due(date(2026, 11, 23), years=4)
    assert deadline.due_on == date(2030, 11, 23)
    assert "pas une échéance légale" in deadline.reason
    assert cadence.is_overdue(deadline, date(2030, 11, 24))
    assert not cadence.is_overdue(deadline, date(2030, 11, 23))


@pytest.mark.parametrize(
    ("last", "due", "overdue_on_2026_11_23"),
    [
        (None, date(2024, 1, 10), True),  # joined 10/01/2020, never an action
        (date(2023, 5, 2), date(2027, 5, 2), False),
        (date(2022, 11, 23), date(2026, 11, 23), False),  # due today: not yet late
        (date(2022, 11, 22), date(2026, 11, 22), True),
    ],
)
def test_one_primary_prevention_action_every_four_years(last, due, overdue_on_2026_11_23):
    deadline = cadence.primary_action_due(last, date(2020, 1, 10), years=4)
    assert deadline.due_on == due
    assert cadence.is_overdue(deadline, date(2026, 11, 23)) is overdue_on_2026_11_23


@pytest.mark.parametrize(
    ("severity", "probability", "score", "band"),
    [
        (1, 1, 1, "Faible"),
        (1, 3, 3, "Faible"),
        (2, 2, 4, "Modérée"),
        (2, 4, 8, "Modérée"),
        (3, 3, 9, "Élevée"),
        (4, 4, 16, "Élevée"),
    ],
)
def test_criticity_is_severity_times_probability_in_its_band(severity, probability, score, band):
    result = evaluation.criticity(
        severity, probability, severity_levels=4, probability_levels=4, bands=BANDS
    )
    assert (result.score, result.band) == (score, band)


@pytest.mark.parametrize(
    ("severity", "probability", "message"),
    [
        (0, 2, "La gravité doit être comprise entre 1 et 4."),
        (5, 2, "La gravité doit être comprise entre 1 et 4."),
        (2, 5, "La probabilité doit être comprise entre 1 et 4."),
    ],
)
def test_an_evaluation_outside_the_grid_is_refused_in_french(severity, probability, message):
    with pytest.raises(evaluation.EvaluationError, match=message):
        evaluation.criticity(
            severity, probability, severity_levels=4, probability_levels=4, bands=BANDS
        )


def test_bands_must_ascend_and_cover_the_highest_score():
    assert evaluation.check_bands(BANDS, highest_score=16) == []
    assert evaluation.check_bands([[8, "a"], [3, "b"], [16, "c"]], highest_score=16) == [
        "Les bandes doivent être rangées par score maximal croissant."
    ]
    assert evaluation.check_bands([[3, "a"], [8, "b"]], highest_score=16) == [
        "La dernière bande doit couvrir le score maximal (16)."
    ]


@pytest.mark.parametrize(
    ("typed", "normalised"), [("h350", "H350"), ("H350 i", "H350i"), (" H360FD", "H360FD")]
)
def test_hazard_statements_are_normalised(typed, normalised):
    assert chemicals.normalise_statement(typed.strip()) == normalised


@pytest.mark.parametrize("typed", ["X12", "H3", "350", "Hxyz", "H350xyz", "H3501"])
def test_malformed_hazard_statements_are_refused_in_french(typed):
    with pytest.raises(ValueError, match="Mention de danger invalide"):
        chemicals.normalise_statement(typed)


@pytest.mark.parametrize(
    ("statements", "cmr"),
    [
        (["H350"], True),
        (["H225", "H360Fd"], True),
        (["H340"], True),
        (["H351"], False),
        (["H341", "H361"], False),
        ([], False),
    ],
)
def test_cmr_means_a_category_1a_or_1b_statement(statements, cmr):
    assert chemicals.is_cmr(statements) is cmr


@pytest.mark.parametrize(
    ("sds_date", "outdated"),
    [(date(2023, 11, 22), True), (date(2023, 11, 23), False), (None, True)],
)
def test_a_safety_data_sheet_older_than_three_years_is_flagged(sds_date, outdated):
    assert chemicals.sds_outdated(sds_date, date(2026, 11, 23), max_age_years=3) is outdated


@pytest.mark.parametrize(
    ("headcount", "papripact", "yearly"),
    [(10, False, False), (11, False, True), (49, False, True), (50, True, True)],
)
def test_duerp_obligations_by_headcount(headcount, papripact, yearly):
    assert duerp.needs_papripact(headcount) is papripact
    assert duerp.yearly_update_required(headcount) is yearly


def test_duerp_versions_are_kept_forty_years_and_updated_yearly_from_eleven():
    assert duerp.keep_until(date(2026, 11, 23)) == date(2066, 11, 23)
    assert duerp.update_due(date(2025, 10, 1), 11) == date(2026, 10, 1)
    assert duerp.update_due(date(2025, 10, 1), 10) is None
    assert duerp.update_due(None, 30) is None


def test_the_rules_import_no_django():
    code = (
        "import sys, prevention.rules.cadence, prevention.rules.chemicals, "
        "prevention.rules.duerp, prevention.rules.evaluation; "
        "assert not [m for m in sys.modules if m.split('.')[0] == 'django']"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


@pytest.mark.parametrize(
    ("joined", "due"),
    [
        (date(2026, 3, 15), date(2026, 9, 15)),
        (date(2026, 8, 31), date(2027, 2, 28)),
        (date(2027, 8, 31), date(2028, 2, 29)),
    ],
)
def test_the_prevention_visit_is_due_within_six_months_of_joining(joined, due):
    assert cadence.first_prevention_visit_due(joined).due_on == due


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (date(2026, 7, 15), 6, date(2027, 1, 15)),  # across the year end
        (date(2026, 6, 30), 6, date(2026, 12, 30)),  # into December (last day: 31)
        (date(2026, 1, 31), 11, date(2026, 12, 31)),
        (date(2026, 5, 31), 6, date(2026, 11, 30)),  # clamped to a 30-day month
        (date(2026, 8, 31), 6, date(2027, 2, 28)),  # clamped to February
        (date(2027, 8, 31), 6, date(2028, 2, 29)),  # ...of a leap year
        (date(2026, 12, 31), 2, date(2027, 2, 28)),  # from December
        (date(2026, 3, 10), 0, date(2026, 3, 10)),
        (date(2026, 3, 10), 24, date(2028, 3, 10)),
    ],
)
def test_months_are_added_on_the_calendar_and_clamped_to_the_months_end(day, months, expected):
    """The six months of the first prevention visit (seed 002) fall on a real calendar day."""
    assert add_months(day, months) == expected


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2026, 3, 10), 4, date(2030, 3, 10)),
        (date(2024, 2, 29), 4, date(2028, 2, 29)),  # leap to leap
        (date(2024, 2, 29), 1, date(2025, 2, 28)),  # leap day in a common year
    ],
)
def test_years_are_added_on_the_calendar(day, years, expected):
    assert add_years(day, years) == expected
