"""Celery tasks of the membership area: billing."""
