"""Celery tasks of the membership area, one module per area (autodiscovered from here)."""

from adherents.tasks import billing, events, imports, requests, trajectory, workforce

__all__ = ["billing", "events", "imports", "requests", "trajectory", "workforce"]
