"""Celery tasks of the non-conformity register: lateness alerts, and the minor ones still open
when a certification audit begins (stand-in rules, TO VERIFY)."""

from celery import shared_task
from django.utils import timezone


@shared_task(acks_late=True)
def check_open_nonconformities() -> dict:
    """Every day: a minor NC still open when a certification audit held after its detection
    began becomes major at that audit (for an audit recorded before its first day; one
    recorded on or after it does so in its own transaction); late NCs are told to quality and
    direction once each, their severity unchanged. Idempotent."""
    from certification.nonconformities import services

    today = timezone.localdate()
    return {
        "major_at_audit": len(services.escalate_at_audits(today=today)),
        "late": len(services.alert_late(today=today)),
    }
