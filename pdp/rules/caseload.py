"""Load of the cell's members: saturation warning and the median delay to first contact.

Seed 001: "maîtriser la montée en charge sans saturation" — a steering threshold per member,
not a legal one.
"""

from __future__ import annotations

import statistics

WARNING_RATIO = 0.8  # warn at 80 % of the member's threshold, before it is reached


def load_level(open_count: int, threshold: int) -> str:
    """ "ok", "warning" (≥ 80 % of the threshold) or "saturated" (threshold reached)."""
    if threshold <= 0 or open_count >= threshold:
        return "saturated"
    if open_count >= threshold * WARNING_RATIO:
        return "warning"
    return "ok"


def median_days(delays: list[int]) -> float | None:
    """Median of delays in days (referral → first contact); None without any."""
    return statistics.median(delays) if delays else None
