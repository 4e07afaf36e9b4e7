"""Back-office pages of controlled documents: list, create, versions and their life."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from certification import perms
from certification import selectors_staff as staff
from certification.documents import selectors, services
from certification.documents.forms import DocumentForm, VersionForm
from certification.documents.models import ControlledDocument, DocumentVersion, VersionStatus
from certification.errors import CertificationError
from certification.perms import QUALITY_MANAGE, QUALITY_VIEW
from certification.processes.models import Process
from spsti.downloads import stored_file_response
from spsti.pagination import paginate_request

TEMPLATES = "certification/documents"
DETAIL = "backoffice:certification:document-detail"


@require_safe
@backoffice_view(QUALITY_VIEW)
def document_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.document_list(request.ctx))
    return render(request, f"{TEMPLATES}/list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(QUALITY_MANAGE)
def document_create(request: HttpRequest) -> HttpResponse:
    form = DocumentForm(
        request.POST or None,
        staff=staff.center_staff(request.ctx),
        processes=Process.objects.visible_to(request.ctx),
    )
    if request.method == "POST" and form.is_valid():
        try:
            document = services.create_document(actor=request.ctx, **form.cleaned_data)
        except CertificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Document créé : déposez sa première version.")
            return redirect(DETAIL, pk=document.pk)
    return render(request, f"{TEMPLATES}/form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(QUALITY_VIEW)
def document_detail(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(selectors.detail_of(request.ctx), pk=pk)
    form = VersionForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_version(
                actor=request.ctx,
                document=document,
                upload=form.cleaned_data["file"],
                change_note=form.cleaned_data["change_note"],
            )
        except CertificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Version déposée (brouillon).")
            return redirect(DETAIL, pk=document.pk)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "document": document,
            "form": form,
            "manage": perms.manages_quality(request.ctx),
            "statuses": VersionStatus,
        },
    )


def _version(request: HttpRequest, pk: int) -> DocumentVersion:
    return get_object_or_404(
        DocumentVersion.objects.filter(
            document__in=ControlledDocument.objects.visible_to(request.ctx)
        ).select_related("document"),
        pk=pk,
    )


@require_safe
@backoffice_view(QUALITY_VIEW)
def version_download(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    return stored_file_response(
        version.content, version.sha256, version.filename, version.content_type
    )


@require_POST
@backoffice_view(QUALITY_MANAGE)
def version_move(request: HttpRequest, pk: int) -> HttpResponse:
    version = _version(request, pk)
    target = request.POST.get("target", "")
    if target not in VersionStatus.values:
        messages.error(request, "Étape inconnue.")
    else:
        try:
            services.move_version(actor=request.ctx, version=version, target=target)
        except CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Version {version.number} : {VersionStatus(target).label}.")
    return redirect(DETAIL, pk=version.document_id)
