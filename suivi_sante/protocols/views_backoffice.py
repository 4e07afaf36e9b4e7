"""Back-office views of delegation protocols (R4623-14): list, signature, detail, end."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from accounts.models import Team
from spsti.french import plural
from spsti.pagination import paginate_request
from suivi_sante.dmst import selectors as selectors_dmst
from suivi_sante.dmst.forms import ProtocolForm
from suivi_sante.enums import VisitKind
from suivi_sante.errors import FollowUpError
from suivi_sante.models import DelegationProtocol
from suivi_sante.protocols import services


@require_safe
@backoffice_view("suivi_sante.protocol:view")
def protocol_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors_dmst.protocol_list(request.ctx))
    return render(
        request,
        "suivi_sante/protocols/backoffice/list.html",
        {"page": page, "today": timezone.localdate()},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("suivi_sante.protocol:manage")
def protocol_create(request: HttpRequest) -> HttpResponse:
    form = ProtocolForm(
        request.POST or None,
        teams=Team.objects.filter(pk__in=request.ctx.own_team_ids).order_by("name"),
        professionals=selectors_dmst.centre_professionals(request.ctx),
    )
    if request.method == "POST" and form.is_valid():
        try:
            protocol = services.create_protocol(actor=request.ctx, **form.cleaned_data)
        except FollowUpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Protocole signé et enregistré.")
            return redirect("backoffice:suivi_sante:protocol-detail", pk=protocol.pk)
    return render(request, "suivi_sante/protocols/backoffice/form.html", {"form": form})


@require_safe
@backoffice_view("suivi_sante.protocol:view")
def protocol_detail(request: HttpRequest, pk: int) -> HttpResponse:
    protocol = get_object_or_404(
        selectors_dmst.protocol_list(request.ctx).prefetch_related("named_professionals"), pk=pk
    )
    today = timezone.localdate()
    is_active = protocol.valid_from <= today and (
        protocol.valid_until is None or protocol.valid_until >= today
    )
    can_end = (
        request.ctx.has_perm("suivi_sante.protocol:manage")
        and request.ctx.in_team(protocol.team_id)
        and protocol.valid_from <= today
        and (protocol.valid_until is None or protocol.valid_until > today)
    )
    page = paginate_request(request, selectors_dmst.protocol_visits(protocol))
    return render(
        request,
        "suivi_sante/protocols/backoffice/detail.html",
        {
            "protocol": protocol,
            "kind_labels": [VisitKind(kind).label for kind in protocol.delegated_kinds],
            "page": page,
            "is_active": is_active,
            "can_end": can_end,
        },
    )


@require_POST
@backoffice_view("suivi_sante.protocol:manage")
def protocol_end(request: HttpRequest, pk: int) -> HttpResponse:
    protocol = get_object_or_404(DelegationProtocol.objects.visible_to(request.ctx), pk=pk)
    try:  # the service checks the physician belongs to the team: PermissionDenied gives a 403
        protocol = services.end_protocol(actor=request.ctx, protocol=protocol)
    except FollowUpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Protocole terminé le {protocol.valid_until:%d/%m/%Y}.")
        planned = selectors_dmst.planned_visits_after(protocol, protocol.valid_until)
        if planned:
            messages.warning(
                request,
                f"{plural(planned, 'visite programmée')} sous ce protocole après cette date : "
                "à confier à un médecin ou à un autre protocole.",
            )
    return redirect("backoffice:suivi_sante:protocol-detail", pk=protocol.pk)
