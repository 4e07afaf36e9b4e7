"""Back-office views of exposure suggestions: the physician decides, nothing is automatic."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from spsti.pagination import paginate_request
from suivi_sante.errors import FollowUpError
from suivi_sante.models import ExposureSuggestion
from suivi_sante.suggestions import services

DECISIONS = {"accept": True, "reject": False}


@require_safe
@backoffice_view("suivi_sante.category:override")
def suggestion_list(request: HttpRequest) -> HttpResponse:
    decided = request.GET.get("etat") == "decidees"
    qs = ExposureSuggestion.objects.visible_to(request.ctx).select_related(
        "employment__worker__adherent", "employment__establishment", "decided_by"
    )
    if decided:
        qs = qs.exclude(decision="").order_by("-decided_at", "-pk")
    else:
        qs = qs.filter(decision="").order_by("suggested_at", "pk")
    return render(
        request,
        "suivi_sante/suggestions/backoffice/list.html",
        {"page": paginate_request(request, qs), "decided": decided},
    )


@require_POST
@backoffice_view("suivi_sante.category:override")
def suggestion_decide(request: HttpRequest, pk: int) -> HttpResponse:
    suggestion = get_object_or_404(
        ExposureSuggestion.objects.visible_to(request.ctx).select_related(
            "employment__worker__adherent"
        ),
        pk=pk,
    )
    accept = DECISIONS.get(request.POST.get("decision", ""))
    if accept is None:
        messages.error(request, "Choisissez de retenir ou d'écarter cette exposition.")
        return redirect("backoffice:suivi_sante:suggestion-list")
    worker = suggestion.employment.worker
    try:  # the service checks the physician's centre: PermissionDenied gives a 403
        suggestion = services.decide_suggestion(
            actor=request.ctx, suggestion=suggestion, accept=accept
        )
    except FollowUpError as error:
        messages.error(request, str(error))
    else:
        if accept:
            worker.refresh_from_db(fields=["category"])
            messages.success(
                request,
                f"Exposition retenue pour {worker} : risque ajouté au poste, échéances "
                f"recalculées (catégorie {worker.get_category_display()}).",
            )
        else:
            messages.success(request, f"Exposition écartée pour {worker} : rien n'a changé.")
    return redirect("backoffice:suivi_sante:suggestion-list")
