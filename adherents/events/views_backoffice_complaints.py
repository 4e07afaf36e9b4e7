"""Back-office views of complaints (réclamations) of the current centre: record, handle, close.

They will feed the certification app's non-conformities (see adherents/services/
events_complaints.py). Another centre's complaint is a 404.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from adherents.events import selectors
from adherents.events import services_complaints as services
from adherents.events.forms import ComplaintFilterForm, ComplaintForm, ComplaintHandleForm
from adherents.events.services import EventsError
from adherents.models import Complaint, ComplaintStatus
from spsti.forms import unchanged
from spsti.pagination import paginate_request

MANAGE = services.MANAGE
TEMPLATES = "adherents/events/backoffice"


def _complaint(request: HttpRequest, pk: int) -> Complaint:
    return get_object_or_404(
        selectors.complaint_list(request.ctx).select_related("recorded_by"), pk=pk
    )


@require_safe
@backoffice_view(MANAGE)
def complaint_list(request: HttpRequest) -> HttpResponse:
    form = ComplaintFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    complaints = selectors.complaint_list(
        request.ctx,
        status=filters.get("status") or "",
        since=filters.get("since"),
        until=filters.get("until"),
    )
    return render(
        request,
        f"{TEMPLATES}/complaint_list.html",
        {"form": form, "page": paginate_request(request, complaints)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def complaint_create(request: HttpRequest) -> HttpResponse:
    form = ComplaintForm(request.POST or None, initial={"received_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            complaint = services.record_complaint(actor=request.ctx, **form.cleaned_data)
        except EventsError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Réclamation enregistrée.")
            return redirect("backoffice:adherents:events-complaint-detail", pk=complaint.pk)
    return render(request, f"{TEMPLATES}/complaint_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def complaint_detail(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    closed = complaint.status == ComplaintStatus.CLOSED
    form = None
    if not closed:
        form = ComplaintHandleForm(
            request.POST or None,
            initial={
                "status": complaint.status,
                "handling": complaint.handling,
                "corrective_action": complaint.corrective_action,
            },
        )
        if unchanged(request, form):
            return redirect("backoffice:adherents:events-complaint-detail", pk=complaint.pk)
        if request.method == "POST" and form.is_valid():
            try:
                services.handle_complaint(
                    actor=request.ctx, complaint=complaint, **form.cleaned_data
                )
            except EventsError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Traitement enregistré.")
                return redirect("backoffice:adherents:events-complaint-detail", pk=complaint.pk)
    elif request.method == "POST":
        messages.error(request, "Cette réclamation est close : elle ne se modifie plus.")
    return render(
        request, f"{TEMPLATES}/complaint_detail.html", {"complaint": complaint, "form": form}
    )


@require_POST
@backoffice_view(MANAGE)
def complaint_close(request: HttpRequest, pk: int) -> HttpResponse:
    complaint = _complaint(request, pk)
    try:
        services.close_complaint(actor=request.ctx, complaint=complaint)
    except EventsError as error:
        messages.error(request, f"Réclamation non close : {error}")
    else:
        messages.success(request, "Réclamation close.")
    return redirect("backoffice:adherents:events-complaint-detail", pk=complaint.pk)
