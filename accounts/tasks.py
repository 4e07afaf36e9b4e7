"""Periodic housekeeping of accounts."""

from celery import shared_task


@shared_task
def purge_expired_sessions() -> int:
    """Delete expired sessions; returns how many were removed."""
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    deleted, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
    return deleted


@shared_task
def ping(value: int) -> dict:
    """Round-trip check used by the health page and the worker integration test."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT %s + 1", [value])
        (result,) = cursor.fetchone()
    return {"value": result}
