"""Every model of the dashboards app (the one entry point for Django and other apps)."""

from dashboards.dgt.models import DgtField
from dashboards.facts.models import Fact, FactRun
from dashboards.report.models import MonthlyReport

__all__ = ["DgtField", "Fact", "FactRun", "MonthlyReport"]
