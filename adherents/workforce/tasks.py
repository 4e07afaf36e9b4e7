"""Celery tasks of the membership area: workforce."""

from celery import shared_task


@shared_task(acks_late=True, autoretry_for=(OSError,), retry_backoff=True, max_retries=5)
def send_workforce_reminders() -> int:
    """Daily: remind the members that still have establishments to declare, on the campaign's
    J-n days (once per campaign, member and day); returns how many e-mails were sent."""
    from adherents.workforce import services as workforce

    return workforce.send_reminders()
