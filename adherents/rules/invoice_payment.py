"""An invoice's balance and status, and when it gets a payment reminder. Pure, no Django.

The balance is what the member still owes: total - credit notes - payments (a payment may be
negative: the correction of a mistake). The status is a function of these amounts and of the
due date only, so the list filter (SQL) and the display (here) say the same thing (tested).
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

PAID = "paid"
PARTIAL = "partial"
TO_PAY = "to_pay"
OVERDUE = "overdue"
CANCELLED = "cancelled"

STATUS_LABELS = {
    PAID: "Payée",
    PARTIAL: "Partiellement payée",
    TO_PAY: "À payer",
    OVERDUE: "En retard",
    CANCELLED: "Annulée par avoir",
}

DEFAULT_REMINDER_DAYS = (15, 45)


def balance(total: Decimal, credited: Decimal, paid: Decimal) -> Decimal:
    """What remains due; negative when the member paid more than it owes (to refund)."""
    return total - credited - paid


def status(
    *,
    total: Decimal,
    credited: Decimal,
    paid: Decimal,
    due_on: datetime.date,
    today: datetime.date,
) -> str:
    """Cancelled (fully credited, nothing paid), paid (nothing left), overdue (something left
    after the due date), partially paid (something paid, something left), else to pay."""
    if credited > 0 and total - credited <= 0 and paid == 0:
        return CANCELLED
    if balance(total, credited, paid) <= 0:
        return PAID
    if today > due_on:
        return OVERDUE
    if paid > 0:
        return PARTIAL
    return TO_PAY


@dataclass(frozen=True)
class SentReminder:
    level: int
    sent_on: datetime.date


def next_reminder_level(
    *,
    due_on: datetime.date,
    today: datetime.date,
    sent: Sequence[SentReminder],
    days: Sequence[int] = DEFAULT_REMINDER_DAYS,
) -> int | None:
    """The reminder level to send today for an unpaid invoice, or None.

    Level n is due `days[n-1]` days after the due date, once, and only after level n-1 was sent
    and at least `days[n-1] - days[n-2]` days ago: a member never gets the second reminder
    before the first, nor the two on the same day (an invoice found late gets level 1 first).
    """
    done = {r.level: r.sent_on for r in sent}
    thresholds = sorted(days)
    for index, threshold in enumerate(thresholds):
        level = index + 1
        if level in done:
            continue
        if (today - due_on).days < threshold:
            return None
        if level > 1:
            previous = done.get(level - 1)
            if previous is None:
                return None
            if (today - previous).days < threshold - thresholds[index - 1]:
                return None
        return level
    return None
