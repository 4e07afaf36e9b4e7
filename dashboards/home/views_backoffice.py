"""The back office's home and centre switcher."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.context import CENTER_SESSION_KEY
from accounts.gates import backoffice_view
from adherents.members import selectors as adherent_selectors
from dashboards.home import selectors_backoffice as home
from suivi_sante.workers import selectors as health_selectors


@require_safe
@backoffice_view()
def dashboard(request: HttpRequest) -> HttpResponse:
    """The team's home: the work waiting for each of the user's roles (issue 17), and the
    centre's members and workers at a glance."""
    ctx = request.ctx
    return render(
        request,
        "dashboards/home/backoffice/home.html",
        {
            "sections": home.backoffice_sections(ctx),
            "key_figures": home.key_figures(ctx),
            "members": adherent_selectors.center_summary(ctx),
            # Counted as the worker list counts: live records, « Plus de 10 000 » past its cap.
            "worker_count": health_selectors.worker_count(ctx)
            if ctx.has_perm("suivi_sante.worker:view")
            else None,
            "worker_cap": health_selectors.TOTAL_CAP,
        },
    )


@require_POST
@backoffice_view()
def switch(request: HttpRequest) -> HttpResponse:
    """Choose the current centre among the user's active assignments."""
    try:
        center_id = int(request.POST.get("choice", ""))
    except ValueError:
        center_id = None
    if center_id not in {c.pk for c in request.ctx.choices}:
        messages.error(request, "Vous n'êtes pas affecté(e) à ce centre.")
    else:
        request.session[CENTER_SESSION_KEY] = center_id
        messages.success(request, "Centre courant changé.")
    return redirect("backoffice:dashboard")
