"""CBI scoring pinned by hand-computed cases (Kristensen et al. 2005, appendix)."""

from decimal import Decimal

import pytest

from tns.rules.cbi import (
    ITEMS,
    Level,
    Scale,
    Thresholds,
    items_of,
    score,
    score_scale,
)


def test_nineteen_items_in_three_scales_and_only_the_work_scales_seventh_is_reversed():
    assert len(ITEMS) == 19
    assert [len(items_of(s)) for s in Scale] == [6, 7, 6]
    assert [item.key for item in ITEMS if item.reversed] == ["work_7"]
    assert "énergie pour votre famille" in items_of(Scale.WORK)[6].text


def test_positions_score_100_75_50_25_0_and_reversed_item_0_25_50_75_100():
    plain, reversed_item = items_of(Scale.WORK)[0], items_of(Scale.WORK)[6]
    assert [plain.points(p) for p in range(5)] == [100, 75, 50, 25, 0]
    assert [reversed_item.points(p) for p in range(5)] == [0, 25, 50, 75, 100]


def test_work_scale_by_hand_with_the_reversed_item():
    # 1,1,2,2,1,1 → 75,75,50,50,75,75; item 7 answered « jamais » (4), reversed → 100
    # (75+75+50+50+75+75+100) / 7 = 500/7 = 71.428… → 71.43, moderate
    result = score_scale(Scale.WORK, [1, 1, 2, 2, 1, 1, 4])
    assert result.score == Decimal("71.43")
    assert result.level is Level.MODERATE
    assert (result.answered, result.items) == (7, 7)


def test_reversed_item_answered_always_lowers_the_work_score():
    # same answers but item 7 « toujours » (0) → 0: 400/7 = 57.142… → 57.14
    assert score_scale(Scale.WORK, [1, 1, 2, 2, 1, 1, 0]).score == Decimal("57.14")


def test_personal_scale_by_hand():
    # 75+75+50+50+25+0 = 275 / 6 = 45.833… → 45.83, low
    result = score_scale(Scale.PERSONAL, [1, 1, 2, 2, 3, 4])
    assert result.score == Decimal("45.83")
    assert result.level is Level.LOW


def test_a_missing_answer_leaves_the_scale_unscored_until_the_minimum_is_confirmed():
    result = score_scale(Scale.WORK, [1, 1, 2, None, 1, 1, 4])
    assert result.score is None
    assert result.level is None
    assert (result.answered, result.items) == (6, 7)


def test_a_missing_answer_with_a_minimum_of_three_scores_the_mean_of_the_answered():
    # 75+75+50+75+75+100 = 450 / 6 = 75.00 → high
    result = score_scale(Scale.WORK, [1, 1, 2, None, 1, 1, 4], Thresholds(min_answered=3))
    assert result.score == Decimal("75.00")
    assert result.level is Level.HIGH
    two = score_scale(Scale.PERSONAL, [0, 0, None, None, None, None], Thresholds(min_answered=3))
    assert two.score is None


@pytest.mark.parametrize(
    ("answers", "expected", "level"),
    [
        ([4, 4, 4, 4, 4, 4], Decimal("0.00"), Level.LOW),
        ([2, 2, 2, 2, 2, 3], Decimal("45.83"), Level.LOW),
        ([2, 2, 2, 2, 2, 2], Decimal("50.00"), Level.MODERATE),
        ([1, 1, 1, 1, 1, 2], Decimal("70.83"), Level.MODERATE),
        ([1, 1, 1, 1, 1, 1], Decimal("75.00"), Level.HIGH),
        ([0, 0, 0, 0, 0, 1], Decimal("95.83"), Level.HIGH),
        ([0, 0, 0, 0, 0, 0], Decimal("100.00"), Level.SEVERE),
    ],
)
def test_levels_on_each_boundary(answers, expected, level):
    result = score_scale(Scale.PERSONAL, answers)
    assert (result.score, result.level) == (expected, level)


def test_trigger_at_50_on_the_work_scale_only():
    # work: 2,2,2,2,2,2 → 50 ×6, item 7 at 2 → 50: exactly 50 → trigger
    at = score({Scale.PERSONAL: [4] * 6, Scale.WORK: [2] * 7, Scale.CLIENT: None})
    assert at.scales[Scale.WORK].score == Decimal("50.00")
    assert at.trigger
    # work 49.99… impossible; 2,2,2,2,2,3 + item 7 at 2 → (250+25+50)/7 = 46.43 → no trigger
    below = score({Scale.PERSONAL: [0] * 6, Scale.WORK: [2, 2, 2, 2, 2, 3, 2], Scale.CLIENT: None})
    assert below.scales[Scale.WORK].score == Decimal("46.43")
    assert not below.trigger  # a severe personal score does not trigger by itself
    assert below.scales[Scale.CLIENT] is None


def test_unscored_work_scale_never_triggers():
    result = score({Scale.PERSONAL: [0] * 6, Scale.WORK: [0, 0, 0, 0, 0, 0, None]})
    assert result.scales[Scale.WORK].score is None
    assert not result.trigger


def test_trigger_and_thresholds_are_settings():
    custom = Thresholds(trigger=Decimal(75))
    result = score({Scale.PERSONAL: [4] * 6, Scale.WORK: [1, 1, 2, 2, 1, 1, 4]}, custom)
    assert not result.trigger


def test_client_scale_by_hand():
    # 100+75+50+25+0+100 = 350 / 6 = 58.33
    result = score({Scale.PERSONAL: [4] * 6, Scale.WORK: [4] * 7, Scale.CLIENT: [0, 1, 2, 3, 4, 0]})
    assert result.scales[Scale.CLIENT].score == Decimal("58.33")


def test_wrong_number_of_answers_is_a_programming_error():
    with pytest.raises(ValueError, match="7 answers expected"):
        score_scale(Scale.WORK, [0] * 6)
