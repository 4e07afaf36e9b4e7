"""The DGT annual survey (issue 16, item 6): its rubrics, editable, and the yearly workbook.

The direction only ("dashboards.dgt:export"): the survey covers the whole service.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import backoffice_view
from dashboards import perms
from dashboards.catalogue.selectors import catalogue
from dashboards.dgt import exports, selectors, services
from dashboards.dgt.forms import DgtFieldFormSet, FieldListForm
from dashboards.dgt.models import DgtField
from spsti.downloads import file_response
from spsti.french import plural

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PAGE = "backoffice:dashboards:dgt"


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(perms.DGT_EXPORT)
def dgt_fields(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = selectors.years_available(today)
    if "annee" in request.GET:
        year = request.GET["annee"]
        if year.isascii() and year.isdigit() and int(year) in years:
            return redirect("backoffice:dashboards:dgt-export", year=int(year))
        messages.error(request, "Choisissez une année de la liste.")
    services.ensure_default_fields()
    action = request.POST.get("action")
    formset = DgtFieldFormSet(
        request.POST if action == "save" else None, queryset=DgtField.objects.all()
    )
    upload = FieldListForm(
        request.POST if action == "import" else None,
        request.FILES if action == "import" else None,
    )
    if action == "save" and formset.is_valid():
        formset.save()
        messages.success(request, "Rubriques enregistrées.")
        return redirect(PAGE)
    if action == "import" and upload.is_valid():
        try:
            result = services.import_fields(
                upload.cleaned_data["file"].read(),
                deactivate_others=upload.cleaned_data["deactivate_others"],
            )
        except services.FieldListError as error:
            for line in error.errors[:20]:
                upload.add_error("file", line)
        else:
            messages.success(
                request,
                f"Liste chargée : {plural(result.created, 'rubrique créée')}, "
                f"{plural(result.updated, 'mise')} à jour, "
                f"{plural(result.deactivated, 'retirée')} de l'export.",
            )
            return redirect(PAGE)
    known = catalogue()
    for form in formset:
        indicator = known.get(form.instance.indicator)
        form.indicator_name = indicator.name if indicator else "absent du catalogue"
        form.breakdown_text = selectors.breakdown_label(indicator, form.instance.breakdown)
    return render(
        request,
        "dashboards/dgt/backoffice/fields.html",
        {
            "formset": formset,
            "upload": upload,
            "years": years,
            "default_year": today.year - 1,
        },
    )


@require_safe
@backoffice_view(perms.DGT_EXPORT)
def dgt_export(request: HttpRequest, year: int) -> HttpResponse:
    if not 2000 <= year <= timezone.localdate().year:
        raise Http404("Année hors de portée.")
    services.ensure_default_fields()  # a first download before the page was ever opened
    content = exports.survey_xlsx(year)
    return file_response(content, f"enquete-dgt-{year}.xlsx", XLSX)
