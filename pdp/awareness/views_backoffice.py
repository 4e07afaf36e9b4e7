"""Back-office page of the cell's collective awareness actions (employer meetings, PDP theme)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from pdp import perms
from pdp.awareness import forms, selectors, services
from pdp.errors import PdpError
from spsti.pagination import paginate_request

WRITE = "pdp.case:write"


def _member(request: HttpRequest) -> None:
    if not perms.is_cell_member(request.ctx):
        raise PermissionDenied("Réservé aux membres de la cellule PDP.")


@require_safe
@backoffice_view(WRITE)
def awareness_list(request: HttpRequest) -> HttpResponse:
    _member(request)
    page = paginate_request(request, selectors.awareness_meetings(request.ctx))
    form = forms.MarkForm(meetings=selectors.meetings_to_mark(request.ctx))
    return render(request, "pdp/awareness/awareness_list.html", {"page": page, "form": form})


@require_POST
@backoffice_view(WRITE)
def awareness_mark(request: HttpRequest) -> HttpResponse:
    _member(request)
    form = forms.MarkForm(request.POST, meetings=selectors.meetings_to_mark(request.ctx))
    if not form.is_valid():
        messages.error(request, "Choisissez une rencontre du centre et indiquez le thème.")
    else:
        try:
            services.mark_meeting(actor=request.ctx, **form.cleaned_data)
        except PdpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "La rencontre compte parmi les sensibilisations PDP.")
    return redirect("backoffice:pdp:awareness-list")
