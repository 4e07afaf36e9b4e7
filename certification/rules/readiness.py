"""Readiness of a self-assessment: the share of applicable criteria met, per group.

A criterion "not applicable" (with its justification) leaves the denominator; "in progress"
counts as not met. The comparison with the previous campaign matches groups by their key
(chapter code or level), so a new referential version still compares chapter to chapter.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

NOT_ADDRESSED, IN_PROGRESS, MET, NOT_APPLICABLE = (
    "not_addressed",
    "in_progress",
    "met",
    "not_applicable",
)


@dataclass(frozen=True)
class Readiness:
    key: str
    total: int
    applicable: int
    met: int
    in_progress: int

    @property
    def percent(self) -> int | None:
        """Met / applicable, rounded to the unit; None when nothing applies."""
        if not self.applicable:
            return None
        return round(100 * self.met / self.applicable)


def readiness(rows: Iterable[tuple[str, str]]) -> dict[str, Readiness]:
    """Group (key, status) pairs into readiness figures, keys in first-seen order."""
    counts: dict[str, list[int]] = {}
    for key, status in rows:
        total, applicable, met, progress = counts.setdefault(key, [0, 0, 0, 0])
        counts[key] = [
            total + 1,
            applicable + (status != NOT_APPLICABLE),
            met + (status == MET),
            progress + (status == IN_PROGRESS),
        ]
    return {key: Readiness(key, *values) for key, values in counts.items()}


def delta(current: Readiness, previous: Readiness | None) -> int | None:
    """Points gained (or lost) since the previous campaign; None when not comparable."""
    if previous is None or current.percent is None or previous.percent is None:
        return None
    return current.percent - previous.percent
