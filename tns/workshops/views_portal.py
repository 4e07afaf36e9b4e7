"""Workshops from the self-employed portal: sessions to come, registration with the charter,
cancellation, satisfaction."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import portal_view
from spsti.pagination import paginate_request
from tns import perms
from tns.models import WorkshopRegistration
from tns.workshops import selectors, services
from tns.workshops.forms import RateForm, RegisterForm
from tns.workshops.models import CHARTER

TEMPLATES = "tns/workshops/portal"


@require_safe
@portal_view(perms.SPACE)
def session_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.upcoming_sessions(request.ctx))
    mine = set(selectors.own_registrations(request.ctx).values_list("session_id", flat=True))
    return render(request, f"{TEMPLATES}/session_list.html", {"page": page, "mine": mine})


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view(perms.SPACE)
def register(request: HttpRequest, pk: int) -> HttpResponse:
    session = get_object_or_404(selectors.upcoming_sessions(request.ctx), pk=pk)
    form = RegisterForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.register(actor=request.ctx, session=session, charter_accepted=True)
        except services.WorkshopError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Vous êtes inscrit(e) à l'atelier « {session.title} ».")
            return redirect("portal:tns:space")
    return render(
        request,
        f"{TEMPLATES}/register.html",
        {"session": session, "form": form, "charter": CHARTER},
    )


@require_POST
@portal_view(perms.SPACE)
def cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(WorkshopRegistration.objects.visible_to(request.ctx), pk=pk)
    services.cancel(actor=request.ctx, registration=registration)
    messages.success(request, "Inscription annulée.")
    return redirect("portal:tns:space")


@require_POST
@portal_view(perms.SPACE)
def rate(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(WorkshopRegistration.objects.visible_to(request.ctx), pk=pk)
    form = RateForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez une note de 1 à 5.")
        return redirect("portal:tns:space")
    try:
        services.rate(actor=request.ctx, registration=registration, **form.cleaned_data)
    except services.WorkshopError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Merci pour votre avis.")
    return redirect("portal:tns:space")
