import datetime

import pytest

from pdp.rules import caseload, cases, measures, outcomes


@pytest.mark.parametrize(
    ("current", "target", "ok"),
    [
        ("received", "consent_recorded", True),
        ("received", "cell_review", True),  # a step may be skipped forward
        ("plan", "cell_review", True),  # back one step
        ("plan", "first_contact", False),  # never back more than one
        ("received", "closed", False),  # closing takes an outcome: close_case
        ("closed", "plan", False),
        ("plan", "plan", False),
        ("plan", "nowhere", False),
    ],
)
def test_transitions(current, target, ok):
    assert (cases.transition_error(current, target) == "") is ok


def test_allowed_targets_never_offer_closing_or_the_current_step():
    assert cases.allowed_targets("received") == list(cases.OPEN_STATUSES[1:])
    assert "closed" not in cases.allowed_targets("follow_up")


@pytest.mark.parametrize(
    ("closed_on", "six", "twelve"),
    [
        (datetime.date(2026, 3, 15), datetime.date(2026, 9, 15), datetime.date(2027, 3, 15)),
        (datetime.date(2026, 8, 31), datetime.date(2027, 2, 28), datetime.date(2027, 8, 31)),
        (datetime.date(2027, 8, 31), datetime.date(2028, 2, 29), datetime.date(2028, 8, 31)),
        (datetime.date(2026, 12, 1), datetime.date(2027, 6, 1), datetime.date(2027, 12, 1)),
    ],
)
def test_follow_ups_fall_at_six_and_twelve_months(closed_on, six, twelve):
    assert cases.follow_up_dates(closed_on) == {6: six, 12: twelve}


def test_follow_ups_due_on_their_day_not_before():
    closed_on = datetime.date(2026, 3, 15)
    assert cases.follow_ups_due(closed_on, datetime.date(2026, 9, 14)) == []
    assert cases.follow_ups_due(closed_on, datetime.date(2026, 9, 15)) == [6]
    assert cases.follow_ups_due(closed_on, datetime.date(2027, 3, 15)) == [6, 12]


def test_first_contact_between_referral_and_today():
    received, today = datetime.date(2026, 9, 1), datetime.date(2026, 9, 10)
    assert cases.first_contact_error(received, datetime.date(2026, 8, 31), today)
    assert cases.first_contact_error(received, datetime.date(2026, 9, 11), today)
    assert cases.first_contact_error(received, received, today) == ""


def test_outcomes_carry_their_source_and_cite_articles():
    assert outcomes.source_of("internal_redeployment") == "L1226-2, L1226-10"
    assert "lost" in outcomes.OUTCOME_CODES
    assert "refused" in outcomes.OUTCOME_CODES
    assert {
        "kept_in_post",
        "kept_with_adjustment",
        "internal_redeployment",
    } == outcomes.IN_EMPLOYMENT


def test_measure_kinds_have_their_legal_basis_and_mark_what_is_to_verify():
    assert measures.legal_basis("liaison_meeting") == "L1226-1-3, D1226-8-1"
    assert measures.legal_basis("supervised_trial").endswith("(à confirmer)")
    assert measures.legal_basis("skills_assessment") == "à confirmer"


@pytest.mark.parametrize(
    ("days", "used", "ok"),
    [(14, 0, True), (15, 0, False), (14, 14, True), (1, 28, False), (0, 0, False)],
)
def test_supervised_trial_length(days, used, ok):
    assert (measures.supervised_trial_days_error(days, used) == "") is ok


@pytest.mark.parametrize(
    ("count", "threshold", "level"),
    [
        (0, 40, "ok"),
        (31, 40, "ok"),
        (32, 40, "warning"),
        (39, 40, "warning"),
        (40, 40, "saturated"),
        (1, 0, "saturated"),
    ],
)
def test_load_level_warns_before_the_threshold(count, threshold, level):
    assert caseload.load_level(count, threshold) == level


def test_median_delay():
    assert caseload.median_days([]) is None
    assert caseload.median_days([1, 3, 10]) == 3
