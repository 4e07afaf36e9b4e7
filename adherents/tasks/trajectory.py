"""Celery tasks of the membership area: trajectory."""
