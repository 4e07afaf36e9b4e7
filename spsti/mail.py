"""E-mails that a redelivered task must never send twice (digests, reminders, notices)."""

from __future__ import annotations

import datetime

from django.core.cache import cache
from django.core.mail import EmailMessage

WEEK_KEY_TTL = 8 * 24 * 3600  # a little more than a week: a week's key outlives its ISO week


def iso_week(day: datetime.date) -> str:
    """The ISO week of a day, as "2026-W48": weekly mails are sent once per such week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def send_once(message: EmailMessage, *, key: str, ttl: int = WEEK_KEY_TTL) -> bool:
    """Send unless `key` is already taken in the cache (Redis); False when it was.

    The key is taken before sending and released if sending fails, so a retry may send it:
    with `acks_late`, a task delivered twice still mails once.
    """
    if not cache.add(key, 1, ttl):
        return False
    try:
        message.send()
    except Exception:
        cache.delete(key)
        raise
    return True
