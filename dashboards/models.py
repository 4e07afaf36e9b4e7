"""Every model of the dashboards app (the one entry point for Django and other apps)."""

from dashboards.facts.models import Fact, FactRun

__all__ = ["Fact", "FactRun"]
