"""The monthly management reports (beat: spsti.celery, the 2nd of each month) and the one asked
for from the reports page."""

import datetime

from celery import shared_task

from accounts.models import HealthCenter
from dashboards.report import services


@shared_task(name="dashboards.report.tasks.generate_monthly_reports")
def generate_monthly_reports() -> int:
    """Last month's reports: the whole service's and each centre's."""
    return len(services.generate_last_month())


@shared_task(name="dashboards.report.tasks.generate_report")
def generate_report(month: str, center_id: int | None = None, user_id: int | None = None) -> int:
    from django.contrib.auth import get_user_model

    center = HealthCenter.objects.get(pk=center_id) if center_id else None
    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    report = services.generate_report(datetime.date.fromisoformat(month), center, actor=actor)
    return report.pk
