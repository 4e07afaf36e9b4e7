"""Back-office views of the agenda's slots: the day and week views, creating slots (one day's
series or a weekly pattern over a period)."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import backoffice_view
from spsti.params import date_param, int_param
from suivi_sante.agenda import selectors
from suivi_sante.agenda import services_slots as slot_services
from suivi_sante.agenda.forms import SlotPatternForm, SlotSeriesForm
from suivi_sante.errors import FollowUpError

VIEW, MANAGE = "suivi_sante.agenda:view", "suivi_sante.agenda:manage"


def _date_param(request: HttpRequest, name: str) -> datetime.date:
    return date_param(request, name, timezone.localdate())


@require_safe
@backoffice_view(VIEW)
def agenda_week(request: HttpRequest) -> HttpResponse:
    """The centre's agenda: a day (?jour=) or a week (?semaine=), of one professional or all."""
    professional_id = int_param(request, "professionnel")
    professionals = list(selectors.professionals_for(request.ctx))
    chosen = next((p for p in professionals if p.pk == professional_id), None)
    if chosen is None:
        professional_id = None
    context = {
        "professionals": professionals,
        "professional_id": professional_id,
        "professional": chosen,
    }
    if request.GET.get("jour"):
        day = _date_param(request, "jour")
        slots = list(
            selectors.period_slots(request.ctx, first=day, days=1, professional_id=professional_id)
        )
        one_day = datetime.timedelta(days=1)
        context |= {
            "day": day,
            "monday": day - datetime.timedelta(days=day.weekday()),
            "previous": day - one_day,
            "next": day + one_day,
            "slots": slots,
        }
        return render(request, "suivi_sante/agenda/backoffice/day.html", context)
    day = _date_param(request, "semaine")
    monday = day - datetime.timedelta(days=day.weekday())
    days: dict[datetime.date, list] = {}
    for slot in selectors.week_slots(request.ctx, monday=monday, professional_id=professional_id):
        days.setdefault(timezone.localtime(slot.starts_at).date(), []).append(slot)
    context |= {
        "monday": monday,
        "sunday": monday + datetime.timedelta(days=6),
        "previous": monday - datetime.timedelta(days=7),
        "next": monday + datetime.timedelta(days=7),
        "days": days.items(),
    }
    if chosen is not None:
        context["grid"] = _week_grid(monday, days)
    return render(request, "suivi_sante/agenda/backoffice/week.html", context)


def _week_grid(monday: datetime.date, days: dict[datetime.date, list]) -> dict:
    """One professional's week as a grid: a row per start time, a column per day (Monday to
    Friday, and the weekend days that have slots)."""
    columns = [
        monday + datetime.timedelta(days=n)
        for n in range(7)
        if n < 5 or (monday + datetime.timedelta(days=n)) in days
    ]
    cells: dict[tuple[datetime.time, datetime.date], list] = {}
    for day, slots in days.items():
        for slot in slots:
            cells.setdefault((timezone.localtime(slot.starts_at).time(), day), []).append(slot)
    times = sorted({time for time, _ in cells})
    rows = [(time, [cells.get((time, day), []) for day in columns]) for time in times]
    return {"columns": columns, "rows": rows}


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def slot_create(request: HttpRequest) -> HttpResponse:
    """Create one slot or a series of consecutive slots on one day."""
    form = SlotSeriesForm(request.POST or None, ctx=request.ctx)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            slots = slot_services.create_slots(
                actor=request.ctx,
                professional=data["professional"],
                day=data["day"],
                start=data["start"],
                end=data["end"],
                duration_minutes=data["duration"],
                mode=data["mode"],
                establishment=data["establishment"],
                self_bookable=data["self_bookable"],
            )
        except FollowUpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"{len(slots)} créneau(x) créé(s).")
            return redirect(f"{reverse('backoffice:suivi_sante:agenda')}?semaine={data['day']}")
    return render(request, "suivi_sante/agenda/backoffice/slot_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def slot_pattern(request: HttpRequest) -> HttpResponse:
    """Create a professional's slots by a weekly pattern over a period, skipping holidays."""
    form = SlotPatternForm(request.POST or None, ctx=request.ctx)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            result = slot_services.create_slot_pattern(
                actor=request.ctx,
                professional=data["professional"],
                weekdays=set(data["weekdays"]),
                start=data["start"],
                end=data["end"],
                duration_minutes=data["duration"],
                date_from=data["date_from"],
                date_to=data["date_to"],
                mode=data["mode"],
                establishment=data["establishment"],
                self_bookable=data["self_bookable"],
            )
        except FollowUpError as error:
            messages.error(request, str(error))
        else:
            created = len(result.created)
            if created == 0:
                messages.warning(request, "Aucun créneau créé.")
            elif created == 1:
                messages.success(request, "1 créneau créé.")
            else:
                messages.success(request, f"{created} créneaux créés.")
    return render(
        request,
        "suivi_sante/agenda/backoffice/slot_pattern.html",
        {
            "form": form,
            "result": result,
            "overlapping": [timezone.localtime(at) for at in result.overlapping] if result else [],
            "professional": form.cleaned_data.get("professional") if result else None,
        },
    )
