"""Member-portal pages of the employer's own booking: the due visits to book, the open slots
of one, and moving a booked visit until the change deadline (issue 17, item 4)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import portal_view
from spsti.pagination import paginate_keyset_request
from spsti.params import parse_int
from suivi_sante.agenda import selectors_booking as booking
from suivi_sante.agenda import services_booking as services
from suivi_sante.agenda.services_convocations import CONVOCATION_RELATED
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Convocation, Slot

RESPOND = "suivi_sante.convocation:respond"


def _by_day(slots: list[Slot]) -> list[tuple]:
    """The slots grouped by their day in Europe/Paris, in order."""
    days: dict = {}
    for slot in slots:
        days.setdefault(timezone.localtime(slot.starts_at).date(), []).append(slot)
    return list(days.items())


def _posted_slot(request: HttpRequest, *, team, adherent_id: int) -> Slot:
    """The posted slot among those opened to this member's team: another one is a 404."""
    slot_id = parse_int(request.POST.get("slot", ""))
    if slot_id is None:
        raise Http404
    return get_object_or_404(booking.open_slots(team=team, adherent_id=adherent_id), pk=slot_id)


@require_safe
@portal_view(RESPOND)
def booking_list(request: HttpRequest) -> HttpResponse:
    """The workers' due visits: book one on an open slot, or see the one already booked."""
    page = paginate_keyset_request(request, booking.bookable_page_rows(request.ctx))
    planned = booking.planned_visits_by_due(page.items)
    rows = [(due, planned.get(due.pk)) for due in page.items]
    return render(
        request,
        "suivi_sante/agenda/portal/booking_list.html",
        {"page": page, "rows": rows, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view(RESPOND)
def booking_slots(request: HttpRequest, due_pk: int) -> HttpResponse:
    """The open slots that may hold this due visit; choosing one books it and convenes."""
    due = get_object_or_404(booking.bookable_due_visits(request.ctx), pk=due_pk)
    if request.method == "POST":
        slot = _posted_slot(request, team=due.team, adherent_id=due.worker.adherent_id)
        try:
            visit = services.self_book(actor=request.ctx, due=due, slot=slot)
        except FollowUpError as error:
            messages.error(request, str(error))
            return redirect("portal:suivi_sante:booking-slots", due.pk)
        messages.success(
            request,
            "Créneau réservé : la convocation est envoyée aux administrateurs et RH de "
            "l'entreprise. Remettez-la au salarié.",
        )
        return redirect("portal:suivi_sante:convocation-detail", visit.convocation.pk)
    planned = booking.planned_visits_by_due([due]).get(due.pk)
    return render(
        request,
        "suivi_sante/agenda/portal/booking_slots.html",
        {
            "due": due,
            "planned": planned,
            "days": [] if planned else _by_day(booking.slots_for_due(due)),
            "window_end": booking.window(due.due_on)[1],
            "today": timezone.localdate(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view(RESPOND)
def convocation_move(request: HttpRequest, pk: int) -> HttpResponse:
    """Move a visit the employer booked to another open slot, until the change deadline."""
    convocation = get_object_or_404(  # another member's convocation: 404
        Convocation.objects.visible_to(request.ctx).select_related(
            *CONVOCATION_RELATED, "visit__booked_by", "visit__worker__adherent"
        ),
        pk=pk,
    )
    visit = convocation.visit
    if request.method == "POST":
        slot = _posted_slot(request, team=visit.team, adherent_id=visit.worker.adherent_id)
        try:
            moved = services.self_move(actor=request.ctx, visit=visit, slot=slot)
        except FollowUpError as error:
            messages.error(request, str(error))
            return redirect("portal:suivi_sante:convocation-detail", convocation.pk)
        messages.success(
            request, "Visite déplacée : la nouvelle convocation remplace la précédente."
        )
        return redirect("portal:suivi_sante:convocation-detail", moved.convocation.pk)
    movable = booking.may_move(visit)
    return render(
        request,
        "suivi_sante/agenda/portal/move.html",
        {
            "convocation": convocation,
            "visit": visit,
            "movable": movable,
            "deadline": booking.change_deadline(visit),
            "days": _by_day(booking.slots_to_move(visit)) if movable else [],
        },
    )
