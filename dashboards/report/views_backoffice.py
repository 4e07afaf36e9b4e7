"""The monthly management reports (issue 16, item 3): the list of PDFs made, each version kept,
and a report made on request for a month. The direction's cover the whole service, a centre
manager's his or her centre ("dashboards.kpi:export")."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import backoffice_view
from dashboards import perms
from dashboards.report import selectors, services, tasks
from dashboards.rules.charts import month_label
from dashboards.scope import scope_for
from spsti.downloads import stored_file_response
from spsti.pagination import paginate_request

PAGE = "backoffice:dashboards:reports"


def _month(value: str, today: datetime.date) -> datetime.date | None:
    """ "2026-01" → date(2026, 1, 1); None for anything else, or a month to come."""
    try:
        month = datetime.date.fromisoformat(f"{value}-01")
    except ValueError:
        return None
    if not datetime.date(2000, 1, 1) <= month <= today.replace(day=1):
        return None
    return month


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(perms.KPI_EXPORT)
def report_list(request: HttpRequest) -> HttpResponse:
    ctx = request.ctx
    if scope_for(ctx) is None:
        raise PermissionDenied("Votre rôle ne donne pas accès aux tableaux de bord.")
    today = timezone.localdate()
    whole = selectors.whole_service(ctx)
    if request.method == "POST":
        month = _month(request.POST.get("mois", ""), today)
        if month is None:
            messages.error(request, "Choisissez un mois écoulé ou le mois en cours.")
            return redirect(PAGE)
        tasks.generate_report.delay(
            month.isoformat(), None if whole else ctx.center_id, request.user.pk
        )
        messages.success(
            request,
            f"Le rapport de {month_label(month)} est en préparation : il apparaîtra dans la liste "
            "d'ici une minute.",
        )
        return redirect(PAGE)
    page = paginate_request(request, selectors.reports_for(ctx))
    return render(
        request,
        "dashboards/report/backoffice/list.html",
        {
            "page": page,
            "whole_service": whole,
            "default_month": services.last_month(today).strftime("%Y-%m"),
            "max_month": today.strftime("%Y-%m"),
        },
    )


@require_safe
@backoffice_view(perms.KPI_EXPORT)
def report_download(request: HttpRequest, pk: int) -> HttpResponse:
    if scope_for(request.ctx) is None:
        raise PermissionDenied("Votre rôle ne donne pas accès aux tableaux de bord.")
    report = get_object_or_404(selectors.reports_for(request.ctx).exclude(file=""), pk=pk)
    return stored_file_response(report.file.name, report.sha256, report.filename)
