"""The monthly management report as a PDF: WeasyPrint over the same SVG charts as the pages."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import timezone

from dashboards.facts.selectors import last_run
from dashboards.report.selectors import report_sections
from dashboards.rules.charts import month_label
from spsti.pdf import html_to_pdf

TEMPLATE = "dashboards/report/pdf/monthly.html"


def report_context(
    month: datetime.date,
    *,
    center_ids: frozenset[int],
    scope_label: str,
    team_ids: frozenset[int] | None = None,
    targets: Mapping[str, Decimal] | None = None,
) -> dict:
    run = last_run()
    return {
        "month_label": month_label(month),
        "scope_label": scope_label,
        "sections": report_sections(month, center_ids, team_ids, targets),
        "generated_at": timezone.localtime(),
        "facts_at": timezone.localtime(run.finished_at) if run else None,
    }


def report_html(month: datetime.date, **kwargs) -> str:
    return render_to_string(TEMPLATE, report_context(month, **kwargs))


def report_pdf(month: datetime.date, **kwargs) -> bytes:
    return html_to_pdf(TEMPLATE, report_context(month, **kwargs))
