"""The team's side: proposals of contact to handle (health professionals only), each read of a
score logged like a DMST read."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import backoffice_view
from spsti.pagination import paginate_request
from tns import perms
from tns.screening import selectors, services
from tns.screening.forms import CloseForm, ContactForm
from tns.visits.views_backoffice import booking_form

TEMPLATES = "tns/screening/backoffice"


@require_safe
@backoffice_view(perms.SCREENING_READ)
def proposal_list(request: HttpRequest) -> HttpResponse:
    show_closed = request.GET.get("clos") == "1"
    page = paginate_request(request, selectors.proposal_list(request.ctx, show_closed=show_closed))
    return render(
        request,
        f"{TEMPLATES}/proposal_list.html",
        {"page": page, "show_closed": show_closed, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(perms.SCREENING_READ)
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = selectors.proposal_detail(request.ctx, pk)
    contact_form = ContactForm(request.POST if request.POST.get("action") == "contact" else None)
    close_form = CloseForm(request.POST if request.POST.get("action") == "close" else None)
    if request.method == "POST":
        try:
            if contact_form.is_bound and contact_form.is_valid():
                services.record_contact(
                    actor=request.ctx, proposal=proposal, note=contact_form.cleaned_data["note"]
                )
                messages.success(request, "Prise de contact enregistrée.")
                return redirect("backoffice:tns:proposal-detail", proposal.pk)
            if close_form.is_bound and close_form.is_valid():
                closed = services.close(
                    actor=request.ctx, proposal=proposal, **close_form.cleaned_data
                )
                if closed.pdp_case_id:
                    messages.success(
                        request,
                        "Proposition de contact close : la personne est signalée à la cellule "
                        f"PDP (dossier n° {closed.pdp_case_id}).",
                    )
                else:
                    messages.success(request, "Proposition de contact close.")
                return redirect("backoffice:tns:proposal-list")
        except services.ScreeningError as error:
            messages.error(request, str(error))
            return redirect("backoffice:tns:proposal-detail", proposal.pk)
    screening = selectors.read_for_professional(request.ctx, proposal.screening_id, request=request)
    return render(
        request,
        f"{TEMPLATES}/proposal_detail.html",
        {
            "proposal": proposal,
            "screening": screening,
            "rows": selectors.scale_rows(screening),
            "contact_form": contact_form,
            "close_form": close_form,
            "book_form": booking_form(request.ctx),
            "visits": list(proposal.visits.select_related("professional").order_by("scheduled_at")),
        },
    )
