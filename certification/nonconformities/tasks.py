"""Celery tasks of the non-conformity register: escalation of late ones."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def escalate_late_nonconformities() -> int:
    """Late open NCs: minor becomes major (stand-in rule, TO VERIFY); quality and direction
    are told once per non-conformity (through the outbox, in the escalation's transaction)."""
    from certification.nonconformities import services

    return len(services.escalate_late(today=timezone.localdate()))
