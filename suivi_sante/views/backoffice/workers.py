"""Staff back-office views of individual follow-up."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.gates import backoffice_view
from spsti.pagination import paginate_request
from suivi_sante import selectors


@require_GET
@backoffice_view("suivi_sante.worker:view")
def worker_list(request: HttpRequest) -> HttpResponse:
    search = request.GET.get("q", "").strip()[:100]
    page = paginate_request(request, selectors.workers_for(request.ctx, search=search))
    return render(
        request, "suivi_sante/backoffice/worker_list.html", {"page": page, "search": search}
    )
