"""Booking a VIP TNS from a proposal of contact (the slot comes from the centre's agenda)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from spsti.pagination import paginate_keyset_request
from suivi_sante.agenda.selectors import free_slots
from tns import perms
from tns.models import TnsVisit
from tns.screening import selectors as screening_selectors
from tns.visits import selectors, services
from tns.visits.forms import BookForm


def booking_form(ctx, data=None) -> BookForm:
    slots = free_slots(ctx, start=timezone.localdate(), days=60).filter(establishment=None)
    return BookForm(data, slots=slots)


@require_POST
@backoffice_view(perms.SCREENING_WRITE)
def book(request: HttpRequest, pk: int) -> HttpResponse:
    proposal = screening_selectors.proposal_detail(request.ctx, pk)
    form = booking_form(request.ctx, request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez un créneau libre de l'agenda.")
    else:
        try:
            visit = services.book_vip_tns(
                actor=request.ctx,
                affiliation=proposal.screening.affiliation,
                slot=form.cleaned_data["slot"],
                proposal=proposal,
            )
        except services.VisitError as error:
            messages.error(request, str(error))
        else:
            when = timezone.localtime(visit.scheduled_at)
            messages.success(request, f"VIP TNS réservée le {when:%d/%m/%Y à %H:%M}.")
    return redirect("backoffice:tns:proposal-detail", proposal.pk)


@require_safe
@backoffice_view(perms.SCREENING_WRITE)
def visit_list(request: HttpRequest) -> HttpResponse:
    page = paginate_keyset_request(request, selectors.centre_visits(request.ctx))
    return render(
        request, "tns/visits/backoffice/visit_list.html", {"page": page, "now": timezone.now()}
    )


@require_POST
@backoffice_view(perms.SCREENING_WRITE)
def outcome(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(TnsVisit.objects.visible_to(request.ctx), pk=pk)
    try:
        services.record_outcome(
            actor=request.ctx, visit=visit, status=request.POST.get("status", "")
        )
    except services.VisitError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Issue de la VIP TNS enregistrée.")
    return redirect("backoffice:tns:vip-list")
