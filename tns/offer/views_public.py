"""The public offer page and its price grid (art. D4622-27-2: offer and grid are public)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from tns.offer.selectors import price_grid


@require_safe
def offer(request: HttpRequest) -> HttpResponse:
    year = timezone.localdate().year
    return render(request, "tns/offer/public/offer.html", {"grid": price_grid(year), "year": year})
