"""Back-office views of the DMST and of the documents issued at visits.

Another centre's worker: 404 (Worker.visible_to). A staff member of this centre who is not one
of the worker's health professionals: 403, and nothing is logged since nothing was read.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from spsti.downloads import file_response, stored_file_response
from spsti.french import feminine
from spsti.pagination import paginate_request
from spsti.params import next_url
from suivi_sante import perms
from suivi_sante.dmst import selectors as selectors_dmst
from suivi_sante.dmst import services as dmst_services
from suivi_sante.dmst.forms import ExposureForm, IssueDocumentForm, MeasurementForm, NoteForm
from suivi_sante.documents import pdf as pdf_documents
from suivi_sante.documents import services as document_services
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Dmst, FollowUpDocument, Visit, Worker

DETAIL = "backoffice:suivi_sante:dmst-detail"


def _worker(request: HttpRequest, worker_pk: int) -> Worker:
    """The worker if followed by this centre (else 404), and only for their professionals."""
    worker = get_object_or_404(
        Worker.objects.visible_to(request.ctx).select_related("adherent__team__center"),
        pk=worker_pk,
    )
    if not perms.can_read_dmst(request.ctx, worker):
        raise PermissionDenied("Seuls les professionnels de santé du salarié accèdent au DMST.")
    return worker


def _render_detail(request: HttpRequest, worker: Worker, **bound_forms) -> HttpResponse:
    """The record page; each rendering is one logged read."""
    record = selectors_dmst.read_dmst(request.ctx, worker, request=request)
    can_write = record.dmst is not None and perms.can_write_dmst(request.ctx, worker)
    context = {"worker": worker, "record": record, "can_write": can_write}
    if can_write:
        context |= {
            "note_form": bound_forms.get("note_form")
            or NoteForm(prefix="note", worker=worker, dmst=record.dmst),
            "exposure_form": bound_forms.get("exposure_form") or ExposureForm(prefix="exposure"),
            "measurement_form": bound_forms.get("measurement_form")
            or MeasurementForm(prefix="measure", worker=worker),
        }
    return render(request, "suivi_sante/dmst/backoffice/detail.html", context)


@require_safe
@backoffice_view("suivi_sante.dmst:read")
def dmst_detail(request: HttpRequest, worker_pk: int) -> HttpResponse:
    worker = _worker(request, worker_pk)
    if (
        perms.can_write_dmst(request.ctx, worker)
        and not Dmst.objects.filter(worker=worker).exists()
    ):
        dmst_services.open_dmst(actor=request.ctx, worker=worker)
    return _render_detail(request, worker)


def _writable_dmst(request: HttpRequest, worker_pk: int) -> tuple[Worker, Dmst]:
    worker = _worker(request, worker_pk)
    return worker, dmst_services.open_dmst(actor=request.ctx, worker=worker)


@require_POST
@backoffice_view("suivi_sante.dmst:write")
def note_create(request: HttpRequest, worker_pk: int) -> HttpResponse:
    worker, dmst = _writable_dmst(request, worker_pk)
    form = NoteForm(request.POST, prefix="note", worker=worker, dmst=dmst)
    if form.is_valid():
        try:
            dmst_services.add_note(actor=request.ctx, dmst=dmst, **form.cleaned_data)
        except FollowUpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Note ajoutée au dossier.")
            return redirect(reverse(DETAIL, args=[worker.pk]) + "#notes")
    return _render_detail(request, worker, note_form=form)


@require_POST
@backoffice_view("suivi_sante.dmst:write")
def exposure_create(request: HttpRequest, worker_pk: int) -> HttpResponse:
    worker, dmst = _writable_dmst(request, worker_pk)
    form = ExposureForm(request.POST, prefix="exposure")
    if form.is_valid():
        try:
            dmst_services.add_exposure(actor=request.ctx, dmst=dmst, **form.cleaned_data)
        except FollowUpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Exposition enregistrée.")
            return redirect(reverse(DETAIL, args=[worker.pk]) + "#expositions")
    return _render_detail(request, worker, exposure_form=form)


@require_POST
@backoffice_view("suivi_sante.dmst:write")
def measurement_create(request: HttpRequest, worker_pk: int) -> HttpResponse:
    worker, dmst = _writable_dmst(request, worker_pk)
    form = MeasurementForm(request.POST, prefix="measure", worker=worker)
    if form.is_valid():
        try:
            dmst_services.add_measurement(actor=request.ctx, dmst=dmst, **form.cleaned_data)
        except FollowUpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Mesure enregistrée.")
            return redirect(reverse(DETAIL, args=[worker.pk]) + "#mesures")
    return _render_detail(request, worker, measurement_form=form)


@require_safe
@backoffice_view("suivi_sante.dmst:read")
def dmst_access_log(request: HttpRequest, worker_pk: int) -> HttpResponse:
    worker = _worker(request, worker_pk)
    page = paginate_request(request, selectors_dmst.dmst_reads(worker))
    return render(
        request, "suivi_sante/dmst/backoffice/access_log.html", {"worker": worker, "page": page}
    )


@require_safe
@backoffice_view("suivi_sante.dmst:read")
def dmst_export(request: HttpRequest, worker_pk: int) -> HttpResponse:
    """The worker's access request (L1111-7 CSP): the whole record, logged with its reason."""
    worker = _worker(request, worker_pk)
    record = selectors_dmst.read_dmst(
        request.ctx, worker, request=request, reason=selectors_dmst.ACCESS_REQUEST_REASON
    )
    pdf = pdf_documents.render_dmst_export(worker, record)
    return file_response(pdf, f"dmst-{worker.last_name}-{worker.first_name}.pdf")


# Documents of visits (the visit page of the agenda includes visit_documents.html).


@require_safe
@backoffice_view("suivi_sante.worker:view")
def document_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        FollowUpDocument.objects.visible_to(request.ctx).select_related("worker"), pk=pk
    )
    return stored_file_response(
        document.pdf, document.sha256, pdf_documents.document_filename(document)
    )


def _back_to_visit(request: HttpRequest, visit: Visit) -> str:
    try:
        default = reverse("backoffice:suivi_sante:visit-detail", args=[visit.pk])
    except NoReverseMatch:  # the agenda's visit page is not there yet
        default = reverse(DETAIL, args=[visit.worker_id])
    return next_url(request, default)


@require_POST
@backoffice_view("suivi_sante.attestation:issue")
def document_issue(request: HttpRequest, visit_pk: int) -> HttpResponse:
    visit = get_object_or_404(Visit.objects.visible_to(request.ctx), pk=visit_pk)
    form = IssueDocumentForm(request.POST)
    if not form.is_valid():
        errors = "; ".join(e for field_errors in form.errors.values() for e in field_errors)
        messages.error(request, f"Document non émis : {errors}")
        return redirect(_back_to_visit(request, visit))
    try:  # the service checks that the actor held this visit: PermissionDenied gives a 403
        document = document_services.issue_document(
            actor=request.ctx, visit=visit, **form.cleaned_data
        )
    except FollowUpError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{label} émise et mise à disposition de l'employeur."
            if feminine(label := document.get_kind_display())
            else f"{label} émis et mis à disposition de l'employeur.",
        )
    return redirect(_back_to_visit(request, visit))
