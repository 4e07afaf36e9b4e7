"""Calendar helpers of the weekly mails (digests, reminders).

E-mails themselves go through the outbox (spsti.outbox): a row written in the business
transaction, sent once by an idempotent task; its unique key replaced the Redis keys.
"""

from __future__ import annotations

import datetime


def iso_week(day: datetime.date) -> str:
    """The ISO week of a day, as "2026-W48": weekly mails are queued once per such week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"
