"""Celery tasks of the membership area: trajectory (thin, idempotent, over the services)."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def open_yearly_cycle(year: int | None = None) -> int:
    """Early January: open the established members' yearly steps (idempotent, run again safely)."""
    from django.utils import timezone

    from adherents.trajectory import services as trajectory

    return trajectory.open_yearly_cycle(year=year or timezone.localdate().year)


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_overdue_digests() -> int:
    """Weekly: each staff member gets its overdue steps, once per ISO week."""
    from adherents.trajectory import services as trajectory

    return trajectory.send_overdue_digests()
