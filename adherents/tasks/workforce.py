"""Celery tasks of the membership area: workforce."""
