"""The indicator catalogue on screen: how every figure is computed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from accounts.gates import backoffice_view
from dashboards import perms
from dashboards.catalogue.selectors import DOMAINS, catalogue


@require_GET
@backoffice_view(perms.KPI_VIEW)
def catalogue_page(request: HttpRequest) -> HttpResponse:
    groups = [
        (label, [i for i in catalogue().values() if i.domain == domain])
        for domain, label in DOMAINS.items()
    ]
    return render(
        request,
        "dashboards/catalogue/backoffice/catalogue.html",
        {"groups": [(label, items) for label, items in groups if items]},
    )
