"""What the monthly management report says (issue 16, item 3): per domain, each indicator's
figure for the month, its twelve months and its target; and which reports a reader may list."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import QuerySet

from accounts.enums import StaffRole
from dashboards.catalogue.selectors import DOMAINS, Indicator, by_domain, catalogue
from dashboards.facts.selectors import FactSet, Figure, Selection
from dashboards.report.models import MonthlyReport
from dashboards.rules.charts import format_number, month_label, trend
from dashboards.rules.periods import add_months
from dashboards.targets.selectors import targets_for


@dataclass(frozen=True)
class ReportLine:
    indicator: Indicator
    figure: Figure
    value_text: str
    detail: str  # "15 / 19" for a ratio, "" otherwise
    target: Decimal | None
    target_text: str
    target_met: bool | None
    points: list[tuple[str, Decimal | None]]  # the twelve months, for the chart
    trend: str


@dataclass(frozen=True)
class ReportSection:
    domain: str
    title: str
    lines: list[ReportLine]


def _met(indicator: Indicator, value: Decimal | None, target: Decimal | None) -> bool | None:
    if value is None or target is None:
        return None
    return value >= target if indicator.higher_is_better else value <= target


def report_sections(
    month: datetime.date,
    center_ids: frozenset[int],
    team_ids: frozenset[int] | None = None,
    targets: Mapping[str, Decimal] | None = None,
) -> list[ReportSection]:
    """Every domain with indicators, in the menu's order: one query for every indicator's
    twelve months, the month's figure being the last of them."""
    month = month.replace(day=1)
    if targets is None:  # the CPOM's targets of the month's year (a centre's own CPOM first)
        found_targets = targets_for([i.id for i in catalogue().values()], [month.year], center_ids)
        targets = {indicator_id: t.value for (indicator_id, _), t in found_targets.items()}
    the_year = Selection(center_ids, team_ids, add_months(month, -11), month)
    facts = FactSet.load(list(catalogue().values()), the_year)
    sections = []
    for domain, title in DOMAINS.items():
        lines = []
        for indicator in by_domain(domain):
            months = facts.series(indicator, the_year.months)
            found = months[-1][1]
            points = [(month_label(m), f.value) for m, f in months]
            target = targets.get(indicator.id)
            detail = ""
            if indicator.is_ratio and found.denominator:
                detail = f"{format_number(found.numerator)} / {format_number(found.denominator)}"
            lines.append(
                ReportLine(
                    indicator=indicator,
                    figure=found,
                    value_text=format_number(found.value, indicator.unit),
                    detail=detail,
                    target=target,
                    target_text=format_number(target, indicator.unit) if target is not None else "",
                    target_met=_met(indicator, found.value, target),
                    points=points,
                    trend=trend([value for _, value in points]),
                )
            )
        if lines:
            sections.append(ReportSection(domain, title, lines))
    return sections


def whole_service(ctx) -> bool:
    """The direction reads and makes the service's report (every centre); anyone else with the
    export code, his or her centre's."""
    return StaffRole.DIRECTION in set(ctx.staff_roles)


def reports_for(ctx) -> QuerySet:
    reports = MonthlyReport.objects.select_related("center", "created_by")
    if whole_service(ctx):
        return reports
    return reports.filter(center_id=ctx.center_id)
