"""Member-portal views of the joining area: contacts, a new establishment, the checklist."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import portal_view
from adherents.joining import forms, selectors
from adherents.joining import services_portal as services
from adherents.joining.services import JoiningError
from adherents.models import Establishment
from spsti.pagination import paginate_request

VIEW = "adherents.adherent:view"
MANAGE = "adherents.adherent:manage"
NEW_ESTABLISHMENT_KINDS = [
    Establishment.Kind.SITE,
    Establishment.Kind.WORKSITE,
    Establishment.Kind.ISOLATED,
]


@require_safe
@portal_view(VIEW)
def contact_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.contact_list(request.ctx))
    return render(request, "adherents/joining/portal/contact_list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view(MANAGE)
def contact_create(request: HttpRequest) -> HttpResponse:
    establishments = Establishment.objects.visible_to(request.ctx).order_by(
        "-is_head_office", "name"
    )
    form = forms.PortalContactForm(
        request.POST if request.method == "POST" else None, establishments=establishments
    )
    if form.is_valid():
        try:
            contact = services.add_contact(actor=request.ctx, data=form.cleaned_data)
        except JoiningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Contact {contact.first_name} {contact.last_name} ajouté.")
            return redirect("portal:adherents:joining-contact-list")
    return render(request, "adherents/joining/portal/contact_form.html", {"form": form})


@require_POST
@portal_view(MANAGE)
def contact_end(request: HttpRequest, pk: int) -> HttpResponse:
    contact = get_object_or_404(selectors.contact_list(request.ctx), pk=pk)
    services.end_contact(actor=request.ctx, contact=contact)
    messages.success(
        request, f"{contact.first_name} {contact.last_name} n'est plus un contact actif."
    )
    return redirect("portal:adherents:joining-contact-list")


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view(MANAGE)
def establishment_create(request: HttpRequest) -> HttpResponse:
    form = forms.EstablishmentForm(
        request.POST if request.method == "POST" else None, kinds=NEW_ESTABLISHMENT_KINDS
    )
    if form.is_valid():
        try:
            establishment = services.add_establishment(actor=request.ctx, data=form.cleaned_data)
        except JoiningError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Établissement {establishment.name} ajouté.")
            return redirect("portal:adherents:establishment-detail", pk=establishment.pk)
    return render(request, "adherents/joining/portal/establishment_form.html", {"form": form})


@require_POST
@portal_view(MANAGE)
def checklist_dismiss(request: HttpRequest) -> HttpResponse:
    services.dismiss_checklist(actor=request.ctx)
    messages.success(request, "Liste de démarrage masquée.")
    return redirect("portal:dashboard")
