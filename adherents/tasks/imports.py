"""Celery tasks of the membership area: imports."""
