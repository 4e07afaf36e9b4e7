"""Pure rules of the requests inbox (seed 000: toll-free line, first level by the service,
second level by a partner network, "délais à respecter", quantitative and qualitative follow-up).

No deadline here is legal: the delays are the service's own commitments, set in its contract of
service ("contrat de services ... les délais à respecter", seed 000) and made configurable
(SPSTI_REQUEST_ANSWER_DAYS, Partner.response_days).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Mapping, Sequence

# TO VERIFY with the service: its commitment (SPSTI_REQUEST_ANSWER_DAYS, default 5) is counted
# in calendar days from the moment the request is received (not in working days); change
# `answer_due_at` if the contract says so.
SATISFACTION_SCORES = (1, 2, 3, 4, 5)


def answer_due_at(received_at: datetime.datetime, days: int) -> datetime.datetime:
    """The moment the first answer is due: `days` calendar days after reception."""
    return received_at + datetime.timedelta(days=days)


def portal_requester_kind(via_firm: bool) -> str:
    """Who asks through the portal: the employer, or its accounting firm acting by mandate
    (the « Demandes au service » scope of its mandate)."""
    return "accounting_firm" if via_firm else "employer"


# What an accounting firm reads of a member's requests under the « Demandes au service » scope:
# the employer's and the firms' own. A request an employee or a staff representative made
# (logged by the service, seed 000) may speak of a person's health or of a conflict at work:
# the firm, a third party mandated for the member's paperwork, never sees it, even though the
# member's admin does.
FIRM_VISIBLE_REQUESTERS = ("employer", "accounting_firm")


def firm_sees_requester(requester_kind: str) -> bool:
    """Whether a firm acting by mandate may read a request made by this kind of requester."""
    return requester_kind in FIRM_VISIBLE_REQUESTERS


def late_threshold(now: datetime.datetime, days: int) -> datetime.datetime:
    """Requests received before this moment and still without a first answer are late."""
    return now - datetime.timedelta(days=days)


def is_answer_late(
    received_at: datetime.datetime,
    first_answered_at: datetime.datetime | None,
    now: datetime.datetime,
    days: int,
) -> bool:
    """Late: answered after the due moment, or not answered and the due moment has passed."""
    due = answer_due_at(received_at, days)
    return (first_answered_at or now) > due


def referral_due_on(sent_on: datetime.date, response_days: int) -> datetime.date:
    """Default date a partner's answer is expected: its response delay after sending."""
    return sent_on + datetime.timedelta(days=response_days)


def due_on_error(due_on: datetime.date, today: datetime.date) -> str | None:
    """Why an edited due date is refused (French), or None when it is acceptable."""
    if due_on < today:
        return (
            f"La date de réponse attendue ({due_on:%d/%m/%Y}) ne peut pas être antérieure à "
            f"aujourd'hui ({today:%d/%m/%Y})."
        )
    return None


def is_referral_overdue(
    due_on: datetime.date, answered_on: datetime.date | None, today: datetime.date
) -> bool:
    """A referral without answer once its due date has passed (the due day itself is on time)."""
    return answered_on is None and today > due_on


def is_referral_on_time(due_on: datetime.date, answered_on: datetime.date) -> bool:
    """An answer given on or before its due date."""
    return answered_on <= due_on


def can_rate(status: str, already_rated: bool) -> bool:
    """The member rates once, after an answer (answered or closed request)."""
    return status in {"answered", "closed"} and not already_rated


def share(part: int, total: int) -> float | None:
    """`part` out of `total`, in percent with one decimal; None when there is nothing to count."""
    if not total:
        return None
    return round(100 * part / total, 1)


def median(values: Sequence[float]) -> float | None:
    """The median of a list of numbers (mean of the two middle ones for an even count)."""
    if not values:
        return None
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return float(ordered[middle])
    return (ordered[middle - 1] + ordered[middle]) / 2


def median_of_counts(counts: Mapping[float, int]) -> float | None:
    """The median of values given as {value: how many times}, e.g. a database histogram.

    Walks the distinct values only, never the rows: the same result as `median` on the
    expanded list.
    """
    total = sum(n for n in counts.values() if n > 0)
    if not total:
        return None
    # 0-based ranks of the middle element(s) of the expanded sorted list.
    low_rank, high_rank = (total - 1) // 2, total // 2
    low = high = None
    seen = 0
    for value in sorted(counts):
        n = counts[value]
        if n <= 0:
            continue
        if low is None and low_rank < seen + n:
            low = value
        if high_rank < seen + n:
            high = value
            break
        seen += n
    return (low + high) / 2


def distribution(
    counts: Mapping[int, int], scores: Iterable[int] = SATISFACTION_SCORES
) -> list[tuple[int, int, float | None]]:
    """Each score with its count and share of the total, zeros included, in score order."""
    total = sum(counts.get(score, 0) for score in scores)
    return [(score, counts.get(score, 0), share(counts.get(score, 0), total)) for score in scores]


def weighted_average(counts: Mapping[int, int]) -> float | None:
    """Average of scores given as {score: count}, one decimal; None without any score."""
    total = sum(counts.values())
    if not total:
        return None
    return round(sum(score * n for score, n in counts.items()) / total, 1)
