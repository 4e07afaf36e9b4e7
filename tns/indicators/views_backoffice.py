"""The offer's indicators in the back office."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.gates import backoffice_view
from spsti.params import parse_int
from tns import perms
from tns.indicators.selectors import indicators


@require_safe
@backoffice_view(perms.REPORT)
def indicator_page(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    year = parse_int(request.GET.get("annee"), today.year, max_value=2199, clamp=True) or 1
    year = max(year, 2000)
    return render(
        request,
        "tns/indicators/backoffice/indicators.html",
        {"data": indicators(request.ctx, year, today), "today": today},
    )
