"""Life of a controlled document version (informations documentées, SPEC 2217 §4/ISO 9001 7.5):
draft -> review -> approved -> obsolete; a document is reviewed every N months."""

from __future__ import annotations

import datetime

from certification.rules.dates import add_months

DRAFT, REVIEW, APPROVED, OBSOLETE = "draft", "review", "approved", "obsolete"
TRANSITIONS = {
    DRAFT: {REVIEW},
    REVIEW: {APPROVED, DRAFT},
    APPROVED: {OBSOLETE},
    OBSOLETE: set(),
}


def may_move(current: str, target: str) -> bool:
    """Whether a version may go from `current` to `target`."""
    return target in TRANSITIONS.get(current, set())


def review_due_on(approved_on: datetime.date, every_months: int) -> datetime.date:
    """When an approved document is due for review."""
    return add_months(approved_on, every_months)


def review_is_due(
    due: datetime.date | None, today: datetime.date, *, within_days: int = 30
) -> bool:
    """A review reminder: due within `within_days` or already past."""
    return due is not None and (due - today).days <= within_days
