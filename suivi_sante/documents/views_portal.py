"""Member-portal views of follow-up documents: the attestations and avis, never the DMST."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_safe

from accounts.gates import portal_view
from spsti.downloads import stored_file_response
from spsti.pagination import paginate_request
from suivi_sante.dmst import selectors as selectors_dmst
from suivi_sante.documents import pdf as pdf_documents
from suivi_sante.models import FollowUpDocument


@require_safe
@portal_view("suivi_sante.document:view")
def document_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors_dmst.document_list(request.ctx))
    return render(request, "suivi_sante/documents/portal/list.html", {"page": page})


@require_safe
@portal_view("suivi_sante.document:view")
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        FollowUpDocument.objects.visible_to(request.ctx).select_related("worker"), pk=pk
    )
    return stored_file_response(
        document.pdf, document.sha256, pdf_documents.document_filename(document)
    )
