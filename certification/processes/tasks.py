"""Celery tasks of the process map and controlled documents: late reviews alert."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def remind_quality_reviews() -> int:
    """Tell each centre's quality managers of late process reviews, documents due for review
    and late corrective actions (once a week per centre)."""
    from certification.processes import services

    return services.remind_reviews(today=timezone.localdate())
