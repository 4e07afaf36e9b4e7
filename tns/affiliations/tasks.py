"""Celery tasks of the affiliations (daily at 06:30, spsti/celery.py)."""

from celery import shared_task
from django.utils import timezone

from tns.affiliations import services


@shared_task(acks_late=True)
def process_affiliations() -> dict:
    """Reminders 60 and 15 days before the end, then expiry of the periods past their end."""
    today = timezone.localdate()
    return {"reminders": services.send_reminders(today), "expired": services.expire(today)}
