"""Member-portal list of the visits to plan for the member's workers (no medical content)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.gates import portal_view
from spsti.pagination import paginate_keyset_request
from suivi_sante.schedule import selectors as selectors_due


@require_safe
@portal_view("suivi_sante.worker:view")
def due_list(request: HttpRequest) -> HttpResponse:
    """Visites à prévoir: kind, worker, deadline and the legal explanation of each."""
    page = paginate_keyset_request(request, selectors_due.member_due_visits(request.ctx))
    context = {"page": page, "today": timezone.localdate()}
    return render(request, "suivi_sante/schedule/portal/list.html", context)
