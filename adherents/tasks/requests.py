"""Celery tasks of the membership area: requests."""
