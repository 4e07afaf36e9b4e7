"""Celery tasks of the membership area: events."""
