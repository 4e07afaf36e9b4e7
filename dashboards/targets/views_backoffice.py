"""The CPOM (L4622-10): its indicators, their yearly targets and where the service stands."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from dashboards import perms
from dashboards.catalogue.selectors import catalogue
from dashboards.cockpit.views_common import page_filters
from dashboards.drill.exports import FORMATS, table_response
from dashboards.facts import selectors as facts
from dashboards.facts.selectors import Selection
from dashboards.targets import services
from dashboards.targets.forms import CpomForm, TargetForm
from dashboards.targets.models import Cpom
from dashboards.targets.selectors import cpom_list


def _progress(cpoms, page):
    """Each target with the figure of its year (to date for the current year)."""
    today = timezone.localdate()
    known = catalogue()
    rows = []
    for cpom in cpoms:
        center_ids = (
            frozenset({cpom.center_id}) if cpom.center_id else page.scope.center_ids
        ) & page.scope.center_ids
        for target in cpom.targets.all():
            indicator = known.get(target.indicator)
            if indicator is None or not center_ids or target.year > today.year:
                rows.append((cpom, target, indicator, None))
                continue
            selection = Selection(
                center_ids=center_ids,
                team_ids=None if page.scope.whole_centres else page.scope.team_ids,
                start=datetime.date(target.year, 1, 1),
                end=min(datetime.date(target.year, 12, 1), today.replace(day=1)),
                kind=target.kind,
            )
            rows.append((cpom, target, indicator, facts.figure(indicator, selection)))
    return rows


@require_safe
@backoffice_view(perms.KPI_VIEW)
def cpom_page(request: HttpRequest) -> HttpResponse:
    page = page_filters(request)
    cpoms = [c for c in cpom_list() if c.center_id is None or c.center_id in page.scope.center_ids]
    may_manage = request.ctx.has_perm(perms.TARGET_MANAGE)
    progress = _progress(cpoms, page)
    fmt = request.GET.get("format")
    if fmt in FORMATS:
        if not request.ctx.has_perm(perms.KPI_EXPORT):
            raise Http404
        rows = (
            (
                cpom.name,
                indicator.name if indicator else target.indicator,
                indicator.label(target.kind) if indicator and target.kind else target.kind,
                target.year,
                target.value,
                figure.value if figure else None,
                indicator.unit_label if indicator else "",
                target.note,
            )
            for cpom, target, indicator, figure in progress
        )
        columns = [
            "CPOM",
            "Indicateur",
            "Ventilation",
            "Année",
            "Cible",
            "Réalisé",
            "Unité",
            "Remarque",
        ]
        return table_response("CPOM cibles et avancement", columns, rows, fmt)
    return render(
        request,
        "dashboards/targets/backoffice/cpom.html",
        {
            "page": page,
            "cpoms": cpoms,
            "progress": progress,
            "may_manage": may_manage,
            "cpom_form": CpomForm() if may_manage else None,
            "target_forms": {c.pk: TargetForm(cpom=c, prefix=f"c{c.pk}") for c in cpoms}
            if may_manage
            else {},
        },
    )


@require_POST
@backoffice_view(perms.TARGET_MANAGE)
def cpom_create(request: HttpRequest) -> HttpResponse:
    form = CpomForm(request.POST)
    if form.is_valid():
        services.create_cpom(request.ctx, **form.cleaned_data)
        messages.success(request, "CPOM enregistré.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("backoffice:dashboards:cpom")


@require_POST
@backoffice_view(perms.TARGET_MANAGE)
def target_set(request: HttpRequest, pk: int) -> HttpResponse:
    cpom = get_object_or_404(Cpom, pk=pk)
    form = TargetForm(request.POST, cpom=cpom, prefix=f"c{cpom.pk}")
    if form.is_valid():
        services.set_target(request.ctx, cpom, **form.cleaned_data)
        messages.success(request, "Cible enregistrée.")
    else:
        for errors in form.errors.values():
            for error in errors:
                messages.error(request, error)
    return redirect("backoffice:dashboards:cpom")
