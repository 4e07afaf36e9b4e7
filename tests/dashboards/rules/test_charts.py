"""The charts' geometry and French wording (dashboards.rules.charts)."""

from datetime import date
from decimal import Decimal

import pytest

from dashboards.rules import charts

NB = "\u00a0"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (Decimal("47.25"), "percent", f"47,3{NB}%"),
        (Decimal("47.0"), "percent", f"47{NB}%"),
        (50, "percent", f"50{NB}%"),
        (12345, "euros", f"12{NB}345{NB}€"),
        (Decimal("1234567.5"), "euros", f"1{NB}234{NB}567,50{NB}€"),
        (7, "count", "7"),
        (Decimal("-1500"), "count", f"-1{NB}500"),
        (Decimal("3.5"), "days", f"3,5{NB}j"),
        (None, "percent", "–"),
    ],
)
def test_numbers_are_written_the_french_way(value, unit, expected):
    assert charts.format_number(value, unit) == expected


def test_month_labels_are_french_abbreviations():
    assert charts.month_label(date(2026, 1, 1)) == "janv. 2026"
    assert charts.month_label(date(2025, 8, 1)) == "août 2025"
    assert charts.month_label(date(2025, 12, 1)) == "déc. 2025"


@pytest.mark.parametrize(
    ("value", "unit", "expected"),
    [
        (Decimal("47.2"), "percent", Decimal(50)),
        (Decimal("87"), "percent", Decimal(100)),  # 87 → 100 (not 200)
        (Decimal("100"), "percent", Decimal(100)),
        (0, "count", Decimal(1)),
        (0, "percent", Decimal(100)),
        (130, "count", Decimal(200)),
        (Decimal("0.3"), "count", Decimal("0.5")),
        (Decimal("21"), "count", Decimal(25)),
        (5000, "euros", Decimal(5000)),
    ],
)
def test_the_axis_top_is_a_round_number_at_least_the_largest_value(value, unit, expected):
    assert charts.nice_max(value, unit) == expected


def test_trend_reads_the_least_squares_slope():
    assert charts.trend([Decimal(40), Decimal(42), None, Decimal(45), Decimal(47)]) == "en hausse"
    assert charts.trend([Decimal(47), Decimal(45), Decimal(40)]) == "en baisse"
    # 50 → 50.5 over the period: 1 % of 50.5, under the 2 % threshold
    assert charts.trend([Decimal(50), Decimal("50.5"), Decimal(50), Decimal("50.5")]) == "stable"
    assert charts.trend([None, Decimal(3)]) == ""


def test_line_geometry_places_points_and_breaks_the_line_at_gaps():
    frame = charts.Frame(width=200, height=120, left=20, right=30, top=10, bottom=10)
    # plot 150 × 100; baseline y = 110; 4 points: x = 20, 70, 120, 170
    points = [("a", Decimal(25)), ("b", Decimal(50)), ("c", None), ("d", Decimal(100))]
    g = charts.line_geometry(points, unit="count", frame=frame)
    assert g.top == Decimal(100)
    assert [(p.x, p.y) for p in g.points] == [
        ("20", "85"),
        ("70", "60"),
        ("120", None),
        ("170", "10"),
    ]
    # the gap at "c" ends the first run; "d" alone draws no line
    assert g.paths == ["M20 85 L70 60"]
    assert g.target_y is None
    assert g.target_paths == []


def test_a_single_target_is_a_horizontal_line_and_counts_in_the_scale():
    frame = charts.Frame(width=200, height=120, left=20, right=30, top=10, bottom=10)
    g = charts.line_geometry(
        [("a", Decimal(30)), ("b", Decimal(35))], unit="percent", target=Decimal(80), frame=frame
    )
    assert g.top == Decimal(100)  # the target (80) sets the top, not the values
    assert g.target_y == "30"  # 110 - 0.8 × 100
    assert g.target_label_y == "30"
    assert [p.target_text for p in g.points] == [f"80{NB}%", f"80{NB}%"]


def test_per_point_targets_are_a_dashed_path_with_gaps():
    frame = charts.Frame(width=200, height=120, left=20, right=30, top=10, bottom=10)
    points = [("a", Decimal(10)), ("b", Decimal(20)), ("c", Decimal(30)), ("d", Decimal(40))]
    g = charts.line_geometry(
        points, unit="percent", target=[Decimal(40), Decimal(45), None, Decimal(50)], frame=frame
    )
    assert g.top == Decimal(50)
    # y = 110 - t/50 × 100: 40 → 30, 45 → 20; 50 → 10 alone after the gap
    assert g.target_y is None
    assert g.target_paths == ["M20 30 L70 20"]
    assert g.target_label_y == "10"  # the last target given


def test_x_labels_are_thinned_to_six_keeping_the_last_month():
    points = [(f"m{i}", Decimal(i)) for i in range(12)]
    shown = [p.label for p in charts.line_geometry(points).points if p.show_label]
    assert shown == ["m1", "m3", "m5", "m7", "m9", "m11"]


def test_the_line_summary_says_last_value_target_and_trend():
    points = [(f"m{i}", Decimal(40) + i) for i in range(12)]
    assert charts.line_summary(points, unit="percent", target=Decimal(50)) == (
        f"Dernier mois : 51{NB}% ; cible 50{NB}% ; tendance en hausse sur 12 mois"
    )
    gap_at_end = [("nov. 2025", Decimal("47.2")), ("déc. 2025", None)]
    assert charts.line_summary(gap_at_end, unit="percent") == (
        f"Dernière valeur (nov. 2025) : 47,2{NB}%"
    )
    assert charts.line_summary([("a", None), ("b", None)]) == "Aucune donnée sur 2 mois."


def test_bars_are_scaled_on_a_common_axis():
    g = charts.bar_geometry(
        [("Nord", 120, "/n"), ("Sud", 40, None), ("Est", None, None)],
        width=500,
        label_width=100,
        value_width=100,
    )
    # axis top 200 (nice max of 120); room 300 px: 120 → 180, 40 → 60, None → 0
    assert g.top == Decimal(200)
    assert [(b.width, b.href, b.text) for b in g.bars] == [
        ("180", "/n", "120"),
        ("60", None, "40"),
        ("0", None, "–"),
    ]
    assert g.height == 10 + 3 * 30


def test_the_bar_summary_names_the_highest_and_the_lowest():
    bars = [("Nord", 120, None), ("Sud", 40, None), ("Est", 75, None)]
    assert charts.bar_summary(bars) == (
        "3 barres ; la plus haute : Nord (120) ; la plus basse : Sud (40)"
    )
    assert charts.bar_summary([("Nord", Decimal("12.5"), None)], unit="percent") == (
        f"1 barre ; Nord : 12,5{NB}%"
    )
    assert charts.bar_summary([]) == "Aucune donnée."
