"""Back-office list of the affiliations (administrative: no health data)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.gates import backoffice_view
from spsti.pagination import paginate_request
from tns import perms
from tns.affiliations import selectors


@require_safe
@backoffice_view(perms.AFFILIATION_VIEW)
def affiliation_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.affiliation_list(request.ctx))
    return render(
        request,
        "tns/affiliations/backoffice/affiliation_list.html",
        {"page": page, "today": timezone.localdate()},
    )
