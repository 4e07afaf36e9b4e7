from datetime import date
from decimal import Decimal

from dashboards.rules.periods import add_months, histogram_median, month_end, month_range, ratio


def test_month_range_covers_both_ends_across_a_year():
    assert month_range(date(2025, 11, 17), date(2026, 2, 3)) == [
        date(2025, 11, 1),
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]
    assert month_range(date(2026, 3, 1), date(2026, 2, 1)) == []


def test_month_end_and_add_months_clamp_to_the_last_day():
    assert month_end(date(2024, 2, 1)) == date(2024, 2, 29)
    assert add_months(date(2025, 10, 31), 4) == date(2026, 2, 28)
    assert add_months(date(2026, 1, 15), -12) == date(2025, 1, 15)


def test_ratio_is_a_percentage_with_one_decimal_and_none_without_denominator():
    assert ratio(1, 3) == Decimal("33.3")
    assert ratio(2, 3) == Decimal("66.7")
    assert ratio(5, 0) is None
    assert ratio(0, None) is None


def test_median_of_a_histogram_odd_and_even_counts():
    assert histogram_median([(10, 1), (3, 2)]) == 3  # 3, 3, 10
    assert histogram_median([(2, 1), (5, 1)]) == Decimal("3.5")  # 2, 5
    assert histogram_median([(1, 2), (4, 2), (9, 1)]) == 4  # 1, 1, 4, 4, 9
    assert histogram_median([(7, 0)]) is None
    assert histogram_median([]) is None
