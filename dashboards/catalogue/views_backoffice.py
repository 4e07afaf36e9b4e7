"""The indicator catalogue on screen: how every figure is computed."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_safe

from accounts.gates import backoffice_view
from dashboards import perms
from dashboards.catalogue.selectors import DOMAINS, catalogue
from dashboards.drill.exports import FORMATS, table_response


@require_safe
@backoffice_view(perms.KPI_VIEW)
def catalogue_page(request: HttpRequest) -> HttpResponse:
    if request.GET.get("format") in FORMATS:
        columns = ["Identifiant", "Domaine", "Indicateur", "Numérateur", "Dénominateur", "Période"]
        columns += ["Unité", "Ventilations", "Source", "Application", "Remarque"]
        rows = (
            (
                i.id,
                i.domain_label,
                i.name,
                i.numerator,
                i.denominator,
                i.period,
                i.unit_label,
                ", ".join(i.breakdowns),
                i.source,
                i.app,
                i.note,
            )
            for i in catalogue().values()
        )
        return table_response("Définitions des indicateurs", columns, rows, request.GET["format"])
    groups = [
        (label, [i for i in catalogue().values() if i.domain == domain])
        for domain, label in DOMAINS.items()
    ]
    return render(
        request,
        "dashboards/catalogue/backoffice/catalogue.html",
        {"groups": [(label, items) for label, items in groups if items]},
    )
