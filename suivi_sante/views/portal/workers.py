"""Member-portal views of individual follow-up (no medical content, ever)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.gates import portal_view
from spsti.pagination import paginate_request
from suivi_sante import selectors


@require_GET
@portal_view("suivi_sante.worker:view")
def worker_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.workers_for(request.ctx))
    return render(request, "suivi_sante/portal/worker_list.html", {"page": page})
