"""Celery tasks of the DUERP: the publication notice to the team, the yearly update reminder.

Thin and idempotent (acks_late may deliver twice): a notice is queued once per version, a
reminder once per member and ISO week (keys of the outbox, spsti.outbox).
"""

from __future__ import annotations

import datetime

from celery import group, shared_task

from spsti.mail import iso_week

CHUNK_SIZE = 500


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def notify_duerp_published(version_id: int) -> int:
    """Mail the team's prevention assistants that a DUERP version was transmitted (L4121-3-1).

    Publication now queues the notice itself, in its transaction; kept for messages queued
    before that change (idempotent: the outbox key queues one notice per version)."""
    from prevention.duerp import services as duerp

    return duerp.send_publication_notice(version_id)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def remind_duerp_update_chunk(adherent_ids: list[int], week: str, today: str) -> int:
    """Send the yearly reminders of these members for this ISO week; returns how many."""
    from prevention.duerp import services as duerp

    return duerp.send_update_reminders(
        adherent_ids=adherent_ids, week=week, today=datetime.date.fromisoformat(today)
    )


def _as_date(today: datetime.date | str | None) -> datetime.date:
    from django.utils import timezone

    if today is None:
        return timezone.localdate()
    if isinstance(today, str):
        return datetime.date.fromisoformat(today)
    return today


@shared_task(bind=True, acks_late=True)
def remind_duerp_updates(self, today: datetime.date | str | None = None) -> int:
    """Weekly: members of 11+ workers whose DUERP is due for its yearly update (R4121-2).

    Fans out in chunks of member ids read by keyset; returns the number of chunks sent.
    """
    from prevention.duerp import selectors as selectors_duerp

    day = _as_date(today)
    week = iso_week(day)  # fixed here: a late chunk keeps its week
    chunks = []
    after = 0
    while ids := selectors_duerp.reminder_member_ids(after, limit=CHUNK_SIZE):
        chunks.append(remind_duerp_update_chunk.s(ids, week, day.isoformat()))
        after = ids[-1]
    if chunks:
        queue = (self.request.delivery_info or {}).get("routing_key")
        group(chunks).apply_async(**({"queue": queue} if queue else {}))
    return len(chunks)
