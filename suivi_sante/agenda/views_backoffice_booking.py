"""Back-office: the secretary opens a day's slots to the employers' own booking (issue 17,
item 4); the agenda then shows who booked each visit."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.views.decorators.http import require_POST

from accounts.gates import backoffice_view
from suivi_sante.agenda import services_slots
from suivi_sante.agenda.forms import SelfBookingDayForm

MANAGE = "suivi_sante.agenda:manage"


@require_POST
@backoffice_view(MANAGE)
def slots_self_booking(request: HttpRequest) -> HttpResponse:
    """Open or close the future slots of one day (one professional's, one slot, or all) to
    employers."""
    form = SelfBookingDayForm(request.POST)
    agenda = reverse("backoffice:suivi_sante:agenda")
    if not form.is_valid():
        messages.error(request, "Indiquez le jour et s'il faut ouvrir ou fermer ses créneaux.")
        return redirect(agenda)
    data = form.cleaned_data
    changed = services_slots.set_self_bookable(
        actor=request.ctx,
        day=data["day"],
        is_open=data["is_open"],
        professional_id=data["professional"],
        slot_ids=[data["slot"]] if data["slot"] else None,
    )
    verb = "ouvert" if data["is_open"] else "fermé"
    if changed == 0:
        messages.info(request, "Rien n'a changé : aucun créneau à venir à modifier ce jour-là.")
    elif changed == 1:
        messages.success(request, f"1 créneau {verb} à la réservation par l'employeur.")
    else:
        messages.success(request, f"{changed} créneaux {verb}s à la réservation par l'employeur.")
    suffix = f"&professionnel={data['professional']}" if data["professional"] else ""
    return redirect(f"{agenda}?semaine={data['day']:%Y-%m-%d}{suffix}")
