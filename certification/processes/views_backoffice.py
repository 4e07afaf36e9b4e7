"""Back-office pages of the process map: the map, a process and its yearly reviews."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import backoffice_view
from certification import perms
from certification import selectors_staff as staff
from certification.errors import CertificationError
from certification.perms import PARTICIPANT, QUALITY_MANAGE, QUALITY_VIEW
from certification.processes import selectors, services
from certification.processes.forms import ObjectivesForm, ProcessForm, ProcessReviewForm
from certification.processes.models import Process
from spsti.forms import unchanged

TEMPLATES = "certification/processes"
DETAIL = "backoffice:certification:process-detail"


@require_safe
@backoffice_view(QUALITY_VIEW, PARTICIPANT)
def process_list(request: HttpRequest) -> HttpResponse:
    return render(request, f"{TEMPLATES}/map.html", {"columns": selectors.process_map(request.ctx)})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(QUALITY_MANAGE)
def process_create(request: HttpRequest) -> HttpResponse:
    form = ProcessForm(request.POST or None, staff=staff.center_staff(request.ctx))
    if request.method == "POST" and form.is_valid():
        try:
            process = services.define_process(actor=request.ctx, **form.cleaned_data)
        except CertificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Processus ajouté à la cartographie.")
            return redirect(DETAIL, pk=process.pk)
    return render(request, f"{TEMPLATES}/form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(QUALITY_VIEW, PARTICIPANT)
def process_detail(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_object_or_404(
        Process.objects.visible_to(request.ctx).select_related("pilot"), pk=pk
    )
    may_review = perms.pilots(request.ctx, process)
    form = ProcessReviewForm(request.POST or None) if may_review else None
    if request.method == "POST":
        if not may_review:
            raise PermissionDenied("Seuls le pilote et le responsable qualité tiennent la revue.")
        if form.is_valid():
            try:
                services.record_review(actor=request.ctx, process=process, **form.cleaned_data)
            except CertificationError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Revue de processus enregistrée.")
                return redirect(DETAIL, pk=process.pk)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "process": process,
            "reviews": process.reviews.select_related("recorded_by"),
            "documents": process.documents.all(),
            "form": form,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(QUALITY_VIEW, PARTICIPANT)
def process_edit(request: HttpRequest, pk: int) -> HttpResponse:
    process = get_object_or_404(Process.objects.visible_to(request.ctx), pk=pk)
    if not perms.pilots(request.ctx, process):
        raise PermissionDenied("Seuls le pilote et le responsable qualité modifient le processus.")
    form = ObjectivesForm(
        request.POST or None,
        initial={"objectives": process.objectives, "indicators": process.indicators},
    )
    if unchanged(request, form):
        return redirect(DETAIL, pk=process.pk)
    if request.method == "POST" and form.is_valid():
        services.update_objectives(actor=request.ctx, process=process, **form.cleaned_data)
        messages.success(request, "Objectifs et indicateurs enregistrés.")
        return redirect(DETAIL, pk=process.pk)
    return render(request, f"{TEMPLATES}/edit.html", {"process": process, "form": form})
