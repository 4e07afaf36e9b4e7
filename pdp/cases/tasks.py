"""Celery tasks of the cases area: the 6- and 12-month follow-ups after closing."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True)
def create_follow_ups() -> int:
    """Every night: create the follow-ups whose date has come (idempotent)."""
    from django.utils import timezone

    from pdp.cases import services

    return services.create_due_follow_ups(today=timezone.localdate())
