"""Making a monthly report: render, store in the documents storage, record a new version (an
earlier version is never replaced: a database trigger refuses to change a stored file)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.utils import timezone

from accounts.models import HealthCenter
from dashboards.report import pdf
from dashboards.report.models import MonthlyReport
from dashboards.rules.periods import add_months
from spsti import documents_storage


def last_month(today: datetime.date) -> datetime.date:
    return add_months(today.replace(day=1), -1)


def generate_report(
    month: datetime.date,
    center: HealthCenter | None = None,
    *,
    team_ids: frozenset[int] | None = None,
    targets: Mapping[str, Decimal] | None = None,
    actor=None,
) -> MonthlyReport:
    """The report of `month` for one centre, or the whole service (`center` None), as a new
    version after the ones already made."""
    month = month.replace(day=1)
    if center is None:
        center_ids = frozenset(HealthCenter.objects.values_list("pk", flat=True))
        scope_label = "Tout le service (tous les centres)"
    else:
        center_ids = frozenset({center.pk})
        scope_label = center.name
    content = pdf.report_pdf(
        month, center_ids=center_ids, scope_label=scope_label, team_ids=team_ids, targets=targets
    )
    stored = documents_storage.store(
        content, app="dashboards", kind="monthly_report", extension="pdf"
    )
    for attempt in range(3):
        try:
            with transaction.atomic():
                last = (
                    MonthlyReport.objects.select_for_update()
                    .filter(month=month, center=center)
                    .order_by("-version")
                    .first()
                )
                return MonthlyReport.objects.create(
                    month=month,
                    center=center,
                    version=last.version + 1 if last else 1,
                    file=stored.name,
                    sha256=stored.sha256,
                    created_by=actor,
                )
        except IntegrityError:  # the same version made at the same moment: take the next
            if attempt == 2:
                raise
    raise AssertionError("unreachable")


def generate_last_month(today: datetime.date | None = None) -> list[MonthlyReport]:
    """The 2nd of each month (beat): last month's report for the service and for each centre."""
    month = last_month(today or timezone.localdate())
    reports = [generate_report(month)]
    for center in HealthCenter.objects.order_by("name"):
        reports.append(generate_report(month, center))
    return reports
