"""Workshops in the back office: sessions of the centre, creation, attendance."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import backoffice_view
from spsti.french import NOTHING_CHANGED
from spsti.pagination import paginate_request
from spsti.params import parse_int
from tns import perms
from tns.models import WorkshopSession
from tns.workshops import selectors, services
from tns.workshops.forms import SessionForm

TEMPLATES = "tns/workshops/backoffice"


@require_safe
@backoffice_view(perms.WORKSHOP_MANAGE)
def session_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.session_list(request.ctx))
    return render(request, f"{TEMPLATES}/session_list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(perms.WORKSHOP_MANAGE)
def session_create(request: HttpRequest) -> HttpResponse:
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.create_session(
                actor=request.ctx, facilitator=request.user, **form.cleaned_data
            )
        except services.WorkshopError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Atelier créé.")
            return redirect("backoffice:tns:workshop-detail", session.pk)
    return render(request, f"{TEMPLATES}/session_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(perms.WORKSHOP_MANAGE)
def session_detail(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(WorkshopSession.objects.visible_to(request.ctx), pk=pk)
    if request.method == "POST":
        present = {parse_int(v) for v in request.POST.getlist("present")} - {None}
        active = session.registrations.filter(cancelled_at__isnull=True)
        if all(r.attended == (r.pk in present) for r in active.only("pk", "attended")):
            messages.info(request, NOTHING_CHANGED)  # what was shown comes back as it was
        else:
            services.record_attendance(actor=request.ctx, session=session, present_ids=present)
            messages.success(request, "Présences enregistrées.")
        return redirect("backoffice:tns:workshop-detail", session.pk)
    registrations = list(selectors.session_registrations(session))
    return render(
        request,
        f"{TEMPLATES}/session_detail.html",
        {"session": session, "registrations": registrations},
    )
