"""Every model of the dashboards app (the one entry point for Django and other apps)."""

from dashboards.facts.models import Fact, FactRun
from dashboards.targets.models import Cpom, CpomTarget

__all__ = ["Cpom", "CpomTarget", "Fact", "FactRun"]
