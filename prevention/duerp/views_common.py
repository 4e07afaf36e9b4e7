"""The DUERP pages both audiences share: the member edits its own workspace in the portal, the
prevention staff edit it on the member's behalf in the back office. Each audience module keeps
its gate, its URL arguments and its workspace page; the bodies live here once.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from prevention.duerp import exports, selectors, services
from prevention.duerp.forms import WorkUnitForm, action_form_for, risk_form_for
from prevention.errors import PreventionError
from prevention.models import Duerp, DuerpAction, DuerpRisk
from spsti.downloads import file_response
from spsti.forms import unchanged


@dataclass(frozen=True)
class Audience:
    """What differs between the portal and the back office."""

    templates: str  # "prevention/duerp/portal"
    workspace_url: Callable[[Duerp, str], str]  # (duerp, anchor) -> the workspace page
    workspace_page: Callable[..., HttpResponse]  # (request, duerp, **forms) -> the page
    risk_added: str = "Risque ajouté au DUERP."


def add_unit(request: HttpRequest, audience: Audience, duerp: Duerp) -> HttpResponse:
    form = WorkUnitForm(
        request.POST, establishments=selectors.member_establishments(duerp), auto_id="id_unit_%s"
    )
    if form.is_valid():
        try:
            unit = services.add_work_unit(actor=request.ctx, duerp=duerp, **form.cleaned_data)
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Unité de travail « {unit.name} » ajoutée.")
            return redirect(audience.workspace_url(duerp, f"unite-{unit.pk}"))
    return audience.workspace_page(request, duerp, unit_form=form)


def edit_risk(
    request: HttpRequest, audience: Audience, duerp: Duerp, risk: DuerpRisk | None = None
) -> HttpResponse:
    """Add a risk (no `risk`) or change one: GET shows the form, a valid POST saves."""
    form = risk_form_for(request, duerp, risk)
    if risk is not None and unchanged(request, form):
        return redirect(audience.workspace_url(duerp, f"unite-{risk.work_unit_id}"))
    if request.method == "POST" and form.is_valid():
        try:
            if risk is None:
                risk = services.add_risk(actor=request.ctx, duerp=duerp, **form.cleaned_data)
                done = audience.risk_added
            else:
                services.update_risk(actor=request.ctx, risk=risk, **form.cleaned_data)
                done = "Risque modifié."
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect(audience.workspace_url(duerp, f"unite-{risk.work_unit_id}"))
    context = {
        "form": form,
        "duerp": duerp,
        "risk": risk,
        "cancel_url": audience.workspace_url(duerp, ""),
    }
    return render(request, f"{audience.templates}/risk_form.html", context)


def delete_risk(request: HttpRequest, audience: Audience, pk: int) -> HttpResponse:
    risk = get_object_or_404(selectors.risk_list(request.ctx), pk=pk)
    try:
        services.remove_risk(actor=request.ctx, risk=risk)
    except PreventionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Risque retiré du DUERP.")
    return redirect(audience.workspace_url(risk.duerp, ""))


def edit_action(
    request: HttpRequest, audience: Audience, duerp: Duerp, action: DuerpAction | None = None
) -> HttpResponse:
    """Add a prevention action (no `action`) or change one."""
    form = action_form_for(request, duerp, action)
    if action is not None and unchanged(request, form):
        return redirect(audience.workspace_url(duerp, "actions"))
    if request.method == "POST" and form.is_valid():
        try:
            if action is None:
                services.add_action(actor=request.ctx, duerp=duerp, **form.values())
                done = "Action de prévention ajoutée."
            else:
                services.update_action(actor=request.ctx, action=action, **form.values())
                done = "Action de prévention modifiée."
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, done)
            return redirect(audience.workspace_url(duerp, "actions"))
    context = {
        "form": form,
        "duerp": duerp,
        "action": action,
        "cancel_url": audience.workspace_url(duerp, ""),
    }
    return render(request, f"{audience.templates}/action_form.html", context)


def delete_action(request: HttpRequest, audience: Audience, pk: int) -> HttpResponse:
    action = get_object_or_404(selectors.action_list(request.ctx), pk=pk)
    services.remove_action(actor=request.ctx, action=action)
    messages.success(request, "Action de prévention retirée.")
    return redirect(audience.workspace_url(action.duerp, "actions"))


def version_download(request: HttpRequest, pk: int, kind: str) -> HttpResponse:
    """A published version as PDF or XLSX, read from its frozen snapshot."""
    version = selectors.version_detail(request.ctx, pk)
    if kind == "pdf":
        return file_response(exports.render_version_pdf(version), exports.filename(version, "pdf"))
    return file_response(
        exports.render_version_xlsx(version), exports.filename(version, "xlsx"), exports.XLSX_TYPE
    )
