"""Back-office views of the DUERP: the centre's list with indicators, the member's workspace
(prevention staff edit it on the member's behalf, never publish), versions and exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.gates import backoffice_view
from prevention.duerp import exports, selectors, services
from prevention.duerp.forms import WorkUnitForm, action_form_for, risk_form_for
from prevention.errors import PreventionError
from prevention.models import Duerp
from spsti.downloads import file_response
from spsti.pagination import paginate_request
from spsti.params import search_param

NS = "backoffice:prevention"


def _detail_url(duerp: Duerp, anchor: str = "") -> str:
    url = reverse(f"{NS}:duerp-detail", args=[duerp.pk])
    return f"{url}#{anchor}" if anchor else url


@require_GET
@backoffice_view("prevention.duerp:view")
def duerp_list(request: HttpRequest) -> HttpResponse:
    """DUERP des adhérents: workspace state, last publication, yearly update, indicators."""
    today = timezone.localdate()
    search = search_param(request)
    page = paginate_request(request, selectors.centre_duerps(request.ctx, search=search))
    rows = []
    for member in page.items:
        due_on = selectors.update_due_on(member)
        rows.append(
            {"member": member, "due_on": due_on, "is_due": bool(due_on and due_on <= today)}
        )
    context = {
        "page": page,
        "rows": rows,
        "search": search,
        "indicators": selectors.duerp_indicators(request.ctx, today=today),
    }
    return render(request, "prevention/duerp/backoffice/list.html", context)


def _workspace_page(request: HttpRequest, duerp: Duerp, **forms) -> HttpResponse:
    ctx = request.ctx
    can_edit = services.can_edit(ctx, duerp)
    can_units = can_edit and ctx.has_perm("prevention.workunit:edit")
    context = {
        "space": selectors.workspace(duerp),
        "ns": NS,
        "can_edit": can_edit,
        "can_publish": False,  # the employer publishes its own DUERP (L4121-3)
        "links": {
            "risk_create": reverse(f"{NS}:duerp-risk-create", args=[duerp.pk]),
            "action_create": reverse(f"{NS}:duerp-action-create", args=[duerp.pk]),
            "unit_create": reverse(f"{NS}:duerp-unit-create", args=[duerp.pk])
            if can_units
            else None,
        },
        "unit_form": forms.get("unit_form")
        or WorkUnitForm(
            establishments=selectors.member_establishments(duerp), auto_id="id_unit_%s"
        ),
    }
    return render(request, "prevention/duerp/backoffice/detail.html", context)


@require_GET
@backoffice_view("prevention.duerp:view")
def duerp_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's workspace as the member sees it; staff of another centre get a 404."""
    return _workspace_page(request, get_object_or_404(selectors.duerp_list(request.ctx), pk=pk))


@require_POST
@backoffice_view("prevention.duerp:edit")
def unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    duerp = get_object_or_404(selectors.duerp_list(request.ctx), pk=pk)
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
            return redirect(_detail_url(duerp, f"unite-{unit.pk}"))
    return _workspace_page(request, duerp, unit_form=form)


def _risk_page(request, duerp, form, risk=None) -> HttpResponse:
    context = {"form": form, "duerp": duerp, "risk": risk, "cancel_url": _detail_url(duerp)}
    return render(request, "prevention/duerp/backoffice/risk_form.html", context)


@require_http_methods(["GET", "POST"])
@backoffice_view("prevention.duerp:edit")
def risk_create(request: HttpRequest, pk: int) -> HttpResponse:
    duerp = get_object_or_404(selectors.duerp_list(request.ctx), pk=pk)
    form = risk_form_for(request, duerp)
    if request.method == "POST" and form.is_valid():
        try:
            risk = services.add_risk(actor=request.ctx, duerp=duerp, **form.cleaned_data)
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Risque ajouté au DUERP de l'adhérent.")
            return redirect(_detail_url(duerp, f"unite-{risk.work_unit_id}"))
    return _risk_page(request, duerp, form)


@require_http_methods(["GET", "POST"])
@backoffice_view("prevention.duerp:edit")
def risk_update(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(selectors.risk_list(request.ctx), pk=pk)
    form = risk_form_for(request, risk.duerp, risk)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_risk(actor=request.ctx, risk=risk, **form.cleaned_data)
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Risque modifié.")
            return redirect(_detail_url(risk.duerp, f"unite-{risk.work_unit_id}"))
    return _risk_page(request, risk.duerp, form, risk)


@require_POST
@backoffice_view("prevention.duerp:edit")
def risk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(selectors.risk_list(request.ctx), pk=pk)
    try:
        services.remove_risk(actor=request.ctx, risk=risk)
    except PreventionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Risque retiré du DUERP.")
    return redirect(_detail_url(risk.duerp))


def _action_page(request, duerp, form, action=None) -> HttpResponse:
    context = {"form": form, "duerp": duerp, "action": action, "cancel_url": _detail_url(duerp)}
    return render(request, "prevention/duerp/backoffice/action_form.html", context)


@require_http_methods(["GET", "POST"])
@backoffice_view("prevention.duerp:edit")
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    duerp = get_object_or_404(selectors.duerp_list(request.ctx), pk=pk)
    form = action_form_for(request, duerp)
    if request.method == "POST" and form.is_valid():
        try:
            services.add_action(actor=request.ctx, duerp=duerp, **form.values())
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Action de prévention ajoutée.")
            return redirect(_detail_url(duerp, "actions"))
    return _action_page(request, duerp, form)


@require_http_methods(["GET", "POST"])
@backoffice_view("prevention.duerp:edit")
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(selectors.action_list(request.ctx), pk=pk)
    form = action_form_for(request, action.duerp, action)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_action(actor=request.ctx, action=action, **form.values())
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Action de prévention modifiée.")
            return redirect(_detail_url(action.duerp, "actions"))
    return _action_page(request, action.duerp, form, action)


@require_POST
@backoffice_view("prevention.duerp:edit")
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(selectors.action_list(request.ctx), pk=pk)
    services.remove_action(actor=request.ctx, action=action)
    messages.success(request, "Action de prévention retirée.")
    return redirect(_detail_url(action.duerp, "actions"))


@require_GET
@backoffice_view("prevention.duerp:view")
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A version transmitted by the member (L4121-3-1), read from its snapshot."""
    version = selectors.version_detail(request.ctx, pk)
    context = {
        **exports.version_context(version),
        "ns": NS,
        "back_url": _detail_url(version.duerp),
    }
    return render(request, "prevention/duerp/backoffice/version_detail.html", context)


@require_GET
@backoffice_view("prevention.duerp:view")
def version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_detail(request.ctx, pk)
    return file_response(exports.render_version_pdf(version), exports.filename(version, "pdf"))


@require_GET
@backoffice_view("prevention.duerp:view")
def version_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    version = selectors.version_detail(request.ctx, pk)
    return file_response(
        exports.render_version_xlsx(version), exports.filename(version, "xlsx"), exports.XLSX_TYPE
    )
