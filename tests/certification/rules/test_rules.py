"""The pure rules of certification, with concrete dates and boundaries."""

import datetime

import pytest

from certification.rules import documents, levels, nonconformities, processes, readiness
from certification.rules.dates import add_months

D = datetime.date


@pytest.mark.parametrize(
    ("level", "certified_on", "until", "renewable"),
    [
        (1, D(2025, 4, 30), D(2027, 4, 29), False),  # 2 years
        (2, D(2025, 4, 30), D(2028, 4, 29), False),  # 3 years
        (3, D(2025, 4, 30), D(2030, 4, 29), True),  # 5 years, the only renewable level
        (3, D(2024, 2, 29), D(2029, 2, 27), True),  # no 29 Feb in 2029: 28 Feb is the anniversary
    ],
)
def test_validity_by_level(level, certified_on, until, renewable):
    validity = levels.validity(level, certified_on)
    assert (validity.valid_until, validity.is_renewable) == (until, renewable)
    assert "27 juillet 2023" in validity.article


@pytest.mark.parametrize(
    ("previous", "level", "allowed"),
    [
        (None, 1, True),  # a first certificate: any level
        (None, 2, True),
        (None, 3, True),
        (1, 1, False),  # level 1 is not renewable
        (1, 2, True),
        (1, 3, True),
        (2, 1, False),
        (2, 2, False),  # level 2 is not renewable
        (2, 3, True),
        (3, 3, True),  # only level 3 is renewable
    ],
)
def test_only_level_3_is_renewable(previous, level, allowed):
    result = levels.may_follow(previous, level)
    assert result.allowed == allowed
    assert "27 juillet 2023" in result.article
    if not allowed:
        assert "D4622-47-1" in result.reason
        assert "27 juillet 2023" in result.reason
        assert "n'est pas renouvelable" in result.reason


def test_the_level_after_a_level_1_is_named():
    assert "niveau 2 ou 3, pas de niveau 1" in levels.may_follow(1, 1).reason
    assert "niveau 3, pas de niveau 2" in levels.may_follow(2, 2).reason
    with pytest.raises(ValueError, match="Niveau"):
        levels.may_follow(0, 1)
    with pytest.raises(ValueError, match="Niveau"):
        levels.may_follow(1, 4)


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError, match="Niveau"):
        levels.validity(4, D(2025, 1, 1))


@pytest.mark.parametrize(
    ("today", "sent", "due"),
    [
        (D(2026, 4, 28), set(), []),  # the day before the 12-month alert
        (D(2026, 4, 29), set(), [12]),  # 12 months before 29/04/2027
        (D(2026, 4, 29), {12}, []),  # already sent
        (D(2026, 10, 29), {12}, [6]),
        (D(2026, 11, 5), set(), [12, 6]),  # both missed: both go
        (D(2027, 4, 30), set(), []),  # expired: nothing
    ],
)
def test_expiry_alerts_12_and_6_months_ahead(today, sent, due):
    assert levels.alerts_due(D(2027, 4, 29), today, sent) == due


@pytest.mark.parametrize(
    ("severity", "detected_on", "due"),
    [
        ("minor", D(2025, 8, 31), D(2026, 2, 28)),  # 6 months, clamped at the month's end
        ("major", D(2025, 11, 30), D(2026, 2, 28)),  # 3 months
        ("major", D(2024, 11, 30), D(2025, 2, 28)),
    ],
)
def test_due_dates_by_severity_are_the_stand_in_rules(severity, detected_on, due):
    result = nonconformities.due_on(severity, detected_on)
    assert result.on == due
    assert "à confirmer" in result.source


@pytest.mark.parametrize(
    ("severity", "today", "closed", "late"),
    [
        ("minor", D(2026, 2, 28), False, False),  # the due day itself is on time
        ("minor", D(2026, 3, 1), False, True),  # late: told, still minor (no audit yet)
        ("major", D(2026, 3, 1), False, True),
        ("minor", D(2026, 3, 1), True, False),  # closed: nothing
    ],
)
def test_lateness_is_an_alert_never_a_change_of_severity(severity, today, closed, late):
    # Minor detected 31/08/2025, due 28/02/2026 (6 months, clamped).
    result = nonconformities.lateness(severity, D(2026, 2, 28), today, is_closed=closed)
    assert result.is_late == late
    assert not hasattr(result, "new_severity")
    if late and severity == "minor":
        assert "reste mineure" in result.reason


@pytest.mark.parametrize(
    ("severity", "closed_on", "kind", "starts_on", "checks", "new"),
    [
        # Minor detected 31/08/2025, due 28/02/2026, still open at the certification audit
        # that begins 10/03/2026: major at that audit.
        ("minor", None, "external", D(2026, 3, 10), True, "major"),
        # Late for months, it stays minor until an audit; an audit begun before its due date
        # checks it too (the next audit after its detection, TO VERIFY).
        ("minor", None, "external", D(2025, 12, 1), True, "major"),
        # Closed before the audit's first day: stays minor.
        ("minor", D(2026, 3, 9), "external", D(2026, 3, 10), True, "minor"),
        # Closed on the audit's first day: it was open when the audit began.
        ("minor", D(2026, 3, 10), "external", D(2026, 3, 10), True, "major"),
        # Closed after the audit began (the audit recorded afterwards): open at the audit.
        ("minor", D(2026, 4, 1), "external", D(2026, 3, 10), True, "major"),
        # An audit begun before its detection, or on that very day, does not check it.
        ("minor", None, "external", D(2025, 6, 2), False, "minor"),
        ("minor", None, "external", D(2025, 8, 31), False, "minor"),
        ("minor", None, "external", D(2025, 9, 1), True, "major"),
        # Internal and cross audits grade nothing (CHECKING_AUDIT_KINDS, TO VERIFY).
        ("minor", None, "internal", D(2026, 3, 10), False, "minor"),
        ("minor", None, "cross", D(2026, 3, 10), False, "minor"),
        # A major one stays major.
        ("major", None, "external", D(2026, 3, 10), True, "major"),
    ],
)
def test_a_minor_nonconformity_open_at_the_next_audit_becomes_major(
    severity, closed_on, kind, starts_on, checks, new
):
    result = nonconformities.at_audit(
        severity, D(2025, 8, 31), closed_on, audit_kind=kind, audit_starts_on=starts_on
    )
    assert (result.checks, result.new_severity) == (checks, new)
    if new != severity:
        assert starts_on.strftime("%d/%m/%Y") in result.reason
        assert "à confirmer" in result.reason


def test_action_lateness():
    assert nonconformities.action_is_late(D(2026, 1, 1), None, D(2026, 1, 2))
    assert not nonconformities.action_is_late(D(2026, 1, 1), None, D(2026, 1, 1))
    assert not nonconformities.action_is_late(D(2026, 1, 1), D(2026, 1, 5), D(2026, 2, 1))


def test_readiness_leaves_not_applicable_out_and_compares():
    figures = readiness.readiness(
        [("1", "met"), ("1", "not_applicable"), ("1", "in_progress"), ("2", "not_addressed")]
    )
    assert figures["1"].applicable == 2
    assert figures["1"].percent == 50
    assert figures["2"].percent == 0
    only_na = readiness.readiness([("3", "not_applicable")])["3"]
    assert only_na.percent is None
    assert readiness.delta(figures["1"], figures["2"]) == 50
    assert readiness.delta(figures["1"], None) is None


def test_document_life():
    assert documents.may_move("draft", "review")
    assert documents.may_move("review", "approved")
    assert not documents.may_move("draft", "approved")
    assert not documents.may_move("obsolete", "draft")
    assert documents.review_due_on(D(2025, 1, 31), 1) == D(2025, 2, 28)
    assert documents.review_is_due(D(2026, 2, 1), D(2026, 1, 2))
    assert not documents.review_is_due(D(2026, 2, 2), D(2026, 1, 2))


def test_process_review_yearly():
    assert processes.next_review_on(None, D(2024, 2, 29)) == D(2025, 2, 28)
    assert processes.next_review_on(D(2025, 6, 1), D(2024, 1, 1)) == D(2026, 6, 1)
    assert processes.review_is_late(D(2026, 6, 1), D(2026, 6, 2))
    assert add_months(D(2026, 1, 31), -2) == D(2025, 11, 30)
