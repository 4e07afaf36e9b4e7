"""Celery tasks of prevention: thin, idempotent interfaces over the services."""

from __future__ import annotations

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def alert_fiche_deadlines() -> int:
    """Weekly: each team's prevention assistants get the FEs to establish or to renew."""
    from prevention.fiche import services as fiche

    return fiche.send_deadline_alerts()


# The DUERP's tasks live in their own module; importing it registers them with the worker.
