"""Back-office lists of what is due: overdue visits, and those due in the coming days."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.gates import backoffice_view
from spsti.pagination import paginate_keyset_request
from spsti.params import int_param
from suivi_sante.enums import Performer, VisitKind
from suivi_sante.schedule import selectors as selectors_due

UPCOMING_DAYS = (7, 30, 60, 90)
DEFAULT_UPCOMING_DAYS = 30


def _filters(request: HttpRequest) -> tuple[int | None, str, str]:
    """The team (one of the centre's, else all), the kind and who may hold the visit, asked
    for in the query string."""
    team_id = int_param(request, "equipe")
    if not request.ctx.sees_team(team_id):
        team_id = None
    kind = request.GET.get("type", "")
    performer = request.GET.get("intervenant", "")
    return (
        team_id,
        kind if kind in VisitKind.values else "",
        performer if performer in Performer.values else "",
    )


def _context(request: HttpRequest, team_id: int | None, kind: str, performer: str) -> dict:
    return {
        "teams": list(selectors_due.centre_teams(request.ctx)),
        "kinds": VisitKind.choices,
        "performers": Performer.choices,
        "team_id": team_id,
        "kind": kind,
        "performer": performer,
    }


@require_safe
@backoffice_view("suivi_sante.worker:view")
def due_overdue(request: HttpRequest) -> HttpResponse:
    """Échéances en retard of the centre's teams, oldest first, with the indicators."""
    today = timezone.localdate()
    team_id, kind, performer = _filters(request)
    rows = selectors_due.overdue_due_visits(
        request.ctx, today=today, team_id=team_id, kind=kind, performer=performer
    )
    context = {
        **_context(request, team_id, kind, performer),
        "page": paginate_keyset_request(request, rows),
        "today": today,
        "indicators": selectors_due.due_indicators(request.ctx, today=today, team_id=team_id),
    }
    return render(request, "suivi_sante/schedule/backoffice/overdue.html", context)


@require_safe
@backoffice_view("suivi_sante.worker:view")
def due_upcoming(request: HttpRequest) -> HttpResponse:
    """Visits due in the next N days (7, 30, 60 or 90) for the centre's teams, soonest first."""
    today = timezone.localdate()
    team_id, kind, performer = _filters(request)
    days = int_param(request, "jours", DEFAULT_UPCOMING_DAYS)
    if days not in UPCOMING_DAYS:
        days = DEFAULT_UPCOMING_DAYS
    rows = selectors_due.upcoming_due_visits(
        request.ctx, today=today, days=days, team_id=team_id, kind=kind, performer=performer
    )
    context = {
        **_context(request, team_id, kind, performer),
        "page": paginate_keyset_request(request, rows),
        "today": today,
        "days": days,
        "day_choices": UPCOMING_DAYS,
    }
    return render(request, "suivi_sante/schedule/backoffice/upcoming.html", context)
