"""Celery tasks of audits: certificate expiry alerts 12 and 6 months ahead."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def send_certification_expiry_alerts() -> int:
    """Mail quality and direction when a certificate ends in 12 or 6 months (idempotent)."""
    from certification.audits import services

    return services.send_expiry_alerts(today=timezone.localdate())
