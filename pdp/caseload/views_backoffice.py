"""The cell's caseload page: load per member with the saturation warning, the centre's week;
the cell's members page (add, coordinator, end)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from pdp import perms
from pdp.caseload import forms, selectors, services, services_cell
from pdp.errors import PdpError
from pdp.models import CellMember
from spsti.forms import unchanged

WRITE = "pdp.case:write"
MANAGE = "pdp.cell:manage"


@require_safe
@backoffice_view(WRITE)
def caseload(request: HttpRequest) -> HttpResponse:
    if not perms.is_cell_member(request.ctx):
        raise PermissionDenied("La charge de la cellule est réservée à ses membres.")
    members, load = selectors.caseload(request.ctx.center_id, timezone.localdate())
    # perms.is_coordinator without its query: this member's membership is among the members.
    me = request.ctx.user.pk
    return render(
        request,
        "pdp/caseload/caseload.html",
        {
            "members": members,
            "load": load,
            "strained": [m for m in members if m.level != "ok"],
            "is_coordinator": any(m.is_coordinator and m.user_id == me for m in members),
        },
    )


@require_POST
@backoffice_view(WRITE)
def member_threshold(request: HttpRequest, pk: int) -> HttpResponse:
    member = get_object_or_404(CellMember.objects.visible_to(request.ctx), pk=pk)
    if not perms.is_coordinator(request.ctx):
        raise PermissionDenied("Seul(e) le coordinateur ou la coordinatrice fixe les seuils.")
    form = forms.ThresholdForm(request.POST, initial={"threshold": member.saturation_threshold})
    if unchanged(request, form):
        pass
    elif not form.is_valid():
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


# --- the cell's members: the coordinator and the centre's management set it up ---------------


@require_safe
@backoffice_view(WRITE, MANAGE)
def cell_members(request: HttpRequest) -> HttpResponse:
    """The centre's cell: every member with their function and load; the forms for those who
    manage it."""
    ctx = request.ctx
    manages = perms.can_manage_cell(ctx)
    eligible = selectors.eligible_assignments(ctx.center_id) if manages else None
    return render(
        request,
        "pdp/caseload/cell_members.html",
        {
            "members": selectors.member_loads(ctx.center_id, timezone.localdate()),
            "manages": manages,
            "form": forms.AddMemberForm(eligible=eligible) if manages else None,
        },
    )


@require_POST
@backoffice_view(WRITE, MANAGE)
def cell_member_add(request: HttpRequest) -> HttpResponse:
    if not perms.can_manage_cell(request.ctx):
        raise PermissionDenied(services_cell.REFUSED)
    eligible = selectors.eligible_assignments(request.ctx.center_id)
    form = forms.AddMemberForm(request.POST, eligible=eligible)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors["assignment"]))
        return redirect("backoffice:pdp:cell-members")
    try:
        member = services_cell.add_member(
            actor=request.ctx, assignment=form.cleaned_data["assignment"]
        )
    except PdpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{member.user} rejoint la cellule.")
    return redirect("backoffice:pdp:cell-members")


def _managed_member(request: HttpRequest, pk: int) -> CellMember:
    """A member of the current centre's cell (another centre's: 404), for its managers (403)."""
    member = get_object_or_404(
        CellMember.objects.visible_to(request.ctx).active().select_related("user"), pk=pk
    )
    if not perms.can_manage_cell(request.ctx):
        raise PermissionDenied(services_cell.REFUSED)
    return member


@require_POST
@backoffice_view(WRITE, MANAGE)
def cell_member_coordinator(request: HttpRequest, pk: int) -> HttpResponse:
    member = _managed_member(request, pk)
    designate = request.POST.get("coordinator") == "1"
    try:
        services_cell.set_coordinator(actor=request.ctx, member=member, coordinator=designate)
    except PdpError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"{member.user} coordonne la cellule."
            if designate
            else f"{member.user} ne coordonne plus la cellule.",
        )
    return redirect("backoffice:pdp:cell-members")


@require_POST
@backoffice_view(WRITE, MANAGE)
def cell_member_end(request: HttpRequest, pk: int) -> HttpResponse:
    member = _managed_member(request, pk)
    try:
        services_cell.end_member(actor=request.ctx, member=member, today=timezone.localdate())
    except PdpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{member.user} ne fait plus partie de la cellule.")
    return redirect("backoffice:pdp:cell-members")
