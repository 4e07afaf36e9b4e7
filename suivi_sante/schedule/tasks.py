"""Celery tasks of individual follow-up: recompute what is due, send the weekly digests.

Thin and idempotent (acks_late may deliver twice): a recomputation writes only what differs
from the rows stored (a second delivery writes nothing), a digest is remembered per member and
ISO week. Each pass fans out in chunks of services.CHUNK_SIZE ids, read by keyset
(``id > last``), never by OFFSET: one independent task per chunk, so every worker process takes
its share.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator

from celery import group, shared_task

from suivi_sante.schedule.services import CHUNK_SIZE


def id_chunks(next_ids: Callable[..., list[int]], size: int = CHUNK_SIZE) -> Iterator[list[int]]:
    """Walk ids by keyset: ``next_ids(after, limit=size)`` until it returns nothing."""
    after = 0
    while ids := next_ids(after, limit=size):
        yield ids
        after = ids[-1]


def recompute_group(chunks: Iterable[list[int]]) -> group:
    """One ``recompute_due_chunk`` per chunk of ids, to run side by side."""
    return group([recompute_due_chunk.s(list(ids)) for ids in chunks])


def _fan_out(task, signatures: group) -> int:
    """Send the chunks to the queue the parent came from (a dedicated queue stays dedicated)."""
    count = len(signatures.tasks)
    if count:
        queue = (task.request.delivery_info or {}).get("routing_key")
        signatures.apply_async(**({"queue": queue} if queue else {}))
    return count


@shared_task(acks_late=True)
def recompute_due_chunk(worker_ids: list[int]) -> int:
    """Recompute what is due for these workers (one transaction); returns how many."""
    from suivi_sante.schedule import services as schedule

    return schedule.refresh_due_visits(worker_ids)


@shared_task(bind=True, acks_late=True)
def recompute_due_visits(self, size: int = CHUNK_SIZE) -> int:
    """Nightly: recompute the workers flagged stale since the last run; returns the chunks."""
    from suivi_sante.schedule import selectors as selectors_due

    return _fan_out(self, recompute_group(id_chunks(selectors_due.stale_worker_ids, size)))


@shared_task(bind=True, acks_late=True)
def recompute_all_due_visits(self, size: int = CHUNK_SIZE) -> int:
    """Weekly: recompute every worker (dates move with time: pré-reprise, ages); the chunks."""
    from suivi_sante.schedule import selectors as selectors_due

    return _fan_out(self, recompute_group(id_chunks(selectors_due.worker_ids, size)))


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_due_digest_chunk(adherent_ids: list[int], week: str) -> int:
    """Send the digests of these members for this ISO week; returns how many were sent."""
    from suivi_sante.schedule import services as schedule

    return schedule.send_due_digest_batch(adherent_ids=adherent_ids, week=week)


@shared_task(bind=True, acks_late=True)
def send_due_digests(self) -> int:
    """Weekly: each member's admins and HR get what is overdue or due within 60 days."""
    from django.utils import timezone

    from spsti import mail
    from suivi_sante.schedule import selectors as selectors_due
    from suivi_sante.schedule import services as schedule

    week = mail.iso_week(timezone.localdate())  # fixed here: a late chunk keeps its week
    chunks = schedule.batched(selectors_due.digest_member_ids(), CHUNK_SIZE)
    return _fan_out(self, group([send_due_digest_chunk.s(list(ids), week) for ids in chunks]))


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_convocation_email(convocation_id: int) -> int:
    """Queue one convocation's mail in the outbox (idempotent: once per convocation and
    audience). Booking now queues it in its own transaction; kept for messages already queued."""
    from suivi_sante.agenda import services_convocations as convocations

    return convocations.send_convocation_email(convocation_id)
