"""Periodic housekeeping of the API's tokens."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def purge_idempotency_keys() -> int:
    """Nightly: forget the `Idempotency-Key` answers past their retention; returns how many."""
    from api import services_idempotency

    return services_idempotency.purge_expired_keys()
