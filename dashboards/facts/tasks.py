"""The nightly facts (beat: spsti.celery) and the recompute asked from the cockpit."""

import datetime

from celery import shared_task

from dashboards.facts import services
from dashboards.rules.periods import month_range


@shared_task(name="dashboards.facts.tasks.compute_recent_facts")
def compute_recent_facts() -> int:
    """Every night: the current month and the twelve before it, for every centre."""
    return services.compute_recent_facts().rows


@shared_task(name="dashboards.facts.tasks.compute_facts_between")
def compute_facts_between(first: str, last: str) -> int:
    """On demand (the direction's "recalculer", `manage.py compute_facts`): any months."""
    months = month_range(datetime.date.fromisoformat(first), datetime.date.fromisoformat(last))
    return services.compute_facts(months).rows
