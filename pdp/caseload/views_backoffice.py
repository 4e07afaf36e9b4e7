"""The cell's caseload page: load per member with the saturation warning, the centre's week."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from accounts.gates import backoffice_view
from pdp import perms
from pdp.caseload import forms, selectors, services
from pdp.errors import PdpError
from pdp.models import CellMember

WRITE = "pdp.case:write"


@require_GET
@backoffice_view(WRITE)
def caseload(request: HttpRequest) -> HttpResponse:
    if not perms.is_cell_member(request.ctx):
        raise PermissionDenied("La charge de la cellule est réservée à ses membres.")
    today = timezone.localdate()
    members = selectors.member_loads(request.ctx.center_id, today)
    return render(
        request,
        "pdp/caseload/caseload.html",
        {
            "members": members,
            "load": selectors.center_load(request.ctx.center_id, today),
            "strained": [m for m in members if m.level != "ok"],
            "is_coordinator": perms.is_coordinator(request.ctx),
        },
    )


@require_POST
@backoffice_view(WRITE)
def member_threshold(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(CellMember.objects.visible_to(request.ctx), pk=pk)
    if not perms.is_coordinator(request.ctx):
        raise PermissionDenied("Seul(e) le coordinateur ou la coordinatrice fixe les seuils.")
    form = forms.ThresholdForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Le seuil doit être un nombre entre 1 et 500.")
    else:
        try:
            services.set_threshold(
                actor=request.ctx, member=member, threshold=form.cleaned_data["threshold"]
            )
        except PdpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Seuil de {member.user} enregistré.")
    return redirect("backoffice:pdp:caseload")
