"""The outbox's two tasks: send one row, and pick up what was lost or failed (beat)."""

from celery import shared_task


@shared_task(acks_late=True)
def send_outgoing_email(pk: int) -> bool:
    """Send one outbox row if still pending; a redelivered or twin task sends nothing."""
    from spsti import outbox

    return outbox.send(pk)


@shared_task(acks_late=True)
def retry_outgoing_emails() -> int:
    """Every two minutes: queue again the pending rows whose next attempt is due (an enqueue
    lost at commit time, a send that failed and waits its backoff); returns how many."""
    from spsti import outbox

    pks = outbox.due_for_retry()
    for pk in pks:
        send_outgoing_email.delay(pk)
    return len(pks)


@shared_task(ignore_result=True)
def heartbeat() -> None:
    """Every minute (beat): a worker notes that it runs the scheduled tasks; `/health/` reports
    it stale after SPSTI_HEARTBEAT_STALE_MINUTES (spsti/health.py)."""
    from spsti import health

    health.beat(health.WORKER)
