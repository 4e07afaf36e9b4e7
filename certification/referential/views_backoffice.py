"""Back-office pages of the referential: versions, criteria, file loading with a dry run."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from certification.errors import CertificationError
from certification.perms import QUALITY_MANAGE, QUALITY_VIEW
from certification.referential import selectors, services
from certification.referential.forms import ReferentialFileForm
from certification.referential.models import Referential

TEMPLATES = "certification/referential"


@require_safe
@backoffice_view(QUALITY_VIEW)
def referential_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {
            "referentials": selectors.referentials_for(request.ctx),
            "imports": selectors.imports_for(request.ctx)[:20],
        },
    )


@require_safe
@backoffice_view(QUALITY_VIEW)
def referential_detail(request: HttpRequest, pk: int) -> HttpResponse:
    referential = get_object_or_404(Referential.objects.visible_to(request.ctx), pk=pk)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "referential": referential,
            "chapters": referential.chapters.all(),
            "criteria": selectors.criteria_of(referential),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(QUALITY_MANAGE)
def import_create(request: HttpRequest) -> HttpResponse:
    form = ReferentialFileForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            job = services.check_referential_file(
                actor=request.ctx,
                version=form.cleaned_data["version"],
                published_on=form.cleaned_data["published_on"],
                filename=upload.name,
                content=upload.read(),
            )
        except CertificationError as error:
            form.add_error(None, str(error))
        else:
            return redirect("backoffice:certification:referential-import-detail", pk=job.pk)
    return render(request, f"{TEMPLATES}/import_form.html", {"form": form})


@require_safe
@backoffice_view(QUALITY_VIEW)
def import_detail(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(selectors.imports_for(request.ctx), pk=pk)
    return render(request, f"{TEMPLATES}/import_detail.html", {"job": job})


@require_POST
@backoffice_view(QUALITY_MANAGE)
def import_confirm(request: HttpRequest, pk: int) -> HttpResponse:
    job = get_object_or_404(selectors.imports_for(request.ctx), pk=pk)
    try:
        referential = services.load_referential(actor=request.ctx, job=job)
    except CertificationError as error:
        messages.error(request, f"Chargement refusé : {error}")
        return redirect("backoffice:certification:referential-import-detail", pk=job.pk)
    messages.success(request, f"Version « {referential.version} » chargée.")
    return redirect("backoffice:certification:referential-detail", pk=referential.pk)
