"""SPSTI portal project package: the Celery app is loaded with Django."""

from spsti.celery import app as celery_app

__all__ = ["celery_app"]
