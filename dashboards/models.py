"""Every model of the dashboards app (the one entry point for Django and other apps)."""

from dashboards.dgt.models import DgtField
from dashboards.facts.models import Fact, FactRun
from dashboards.report.models import MonthlyReport
from dashboards.targets.models import Cpom, CpomTarget

__all__ = ["Cpom", "CpomTarget", "DgtField", "Fact", "FactRun", "MonthlyReport"]
