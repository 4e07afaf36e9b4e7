"""Pure rules of meetings, surveys and complaints (adherents/rules/events.py)."""

import datetime

import pytest

from adherents.rules import events as rules

NOW = datetime.datetime(2026, 3, 10, 9, 0, tzinfo=datetime.UTC)
LATER = NOW + datetime.timedelta(days=2)


def refusal(**overrides):
    values = {
        "capacity": 10,
        "taken": 3,
        "already_registered": False,
        "cancelled": False,
        "starts_at": LATER,
        "now": NOW,
        **overrides,
    }
    return rules.registration_refusal(**values)


def test_registration_refusals():
    assert refusal() is None
    assert refusal(taken=9) is None  # the last place
    assert refusal(taken=10) == "Cette session est complète."
    assert refusal(taken=12) == "Cette session est complète."  # capacity lowered meanwhile
    assert refusal(already_registered=True) == rules.ALREADY_REGISTERED
    assert refusal(cancelled=True) == "Cette session est annulée."
    assert refusal(starts_at=NOW).startswith("Cette session a déjà commencé")


def test_places_and_rates():
    assert rules.remaining_places(10, 3) == 7
    assert rules.remaining_places(2, 5) == 0
    assert rules.response_rate(0, 0) is None
    assert rules.response_rate(3, 2) == 66.7
    assert rules.share(1, 2) == 50.0
    assert rules.yearly_label(2026) == "Enquête annuelle 2026"


QUESTIONS = [
    rules.QuestionSpec(1, "rating", True),
    rules.QuestionSpec(2, "yes_no", False),
    rules.QuestionSpec(3, "text", False),
]


def test_clean_answers_keeps_typed_values():
    answers, errors = rules.clean_answers(QUESTIONS, {1: "5", 2: "non", 3: "  Merci  "})
    assert errors == {}
    assert answers == [
        rules.CleanAnswer(1, rating=5),
        rules.CleanAnswer(2, yes=False),
        rules.CleanAnswer(3, text="Merci"),
    ]
    answers, errors = rules.clean_answers(QUESTIONS, {1: "3"})
    assert (answers, errors) == ([rules.CleanAnswer(1, rating=3)], {})


@pytest.mark.parametrize(
    ("raw", "errors"),
    [
        ({}, {1: rules.REQUIRED_ANSWER}),
        ({1: "6"}, {1: rules.RATING_RANGE}),
        ({1: "-1"}, {1: rules.RATING_RANGE}),
        ({1: "4", 2: "peut-être"}, {2: rules.YES_NO_CHOICE}),
        ({1: "4", 3: "x" * 4001}, {3: "Votre réponse est limitée à 4000 caractères."}),
    ],
)
def test_clean_answers_refuses_in_french(raw, errors):
    assert rules.clean_answers(QUESTIONS, raw)[1] == errors


def test_a_complaint_closes_only_with_its_handling():
    assert rules.close_refusal("  ") == rules.CLOSE_NEEDS_HANDLING
    assert rules.close_refusal("Rappel de l'employeur.") is None
