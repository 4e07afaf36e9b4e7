"""Member-portal views of the DUERP: the workspace, its edits, publication, versions, exports."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import portal_view
from adherents.models import Adherent
from prevention.duerp import exports, selectors, services
from prevention.duerp import views_common as common
from prevention.duerp.forms import (
    HeadcountForm,
    PublishForm,
    WorkUnitForm,
)
from prevention.errors import PreventionError
from prevention.models import Duerp

NS = "portal:prevention"
WORKSPACE = f"{NS}:duerp-workspace"


def _duerp(request: HttpRequest) -> Duerp:
    """The current member's workspace; 404 until it is opened."""
    duerp = selectors.duerp_of_member(request.ctx)
    if duerp is None:
        raise Http404
    return duerp


def _workspace_page(request: HttpRequest, duerp: Duerp, **forms) -> HttpResponse:
    space = selectors.workspace(duerp)
    ctx = request.ctx
    can_edit = services.can_edit(ctx, duerp)
    can_units = can_edit and ctx.has_perm("prevention.workunit:edit")
    establishments = selectors.member_establishments(duerp)
    context = {
        "space": space,
        "ns": NS,
        "can_edit": can_edit,
        "can_publish": services.can_publish(ctx, duerp),
        "links": {
            "risk_create": reverse(f"{NS}:duerp-risk-create"),
            "action_create": reverse(f"{NS}:duerp-action-create"),
            "unit_create": reverse(f"{NS}:duerp-unit-create") if can_units else None,
            "headcount": reverse(f"{NS}:duerp-headcount"),
            "publish": reverse(f"{NS}:duerp-publish"),
        },
        "headcount_form": forms.get("headcount_form")
        or HeadcountForm(initial={"headcount": duerp.headcount}, auto_id="id_headcount_%s"),
        "unit_form": forms.get("unit_form")
        or WorkUnitForm(establishments=establishments, auto_id="id_unit_%s"),
        "publish_form": forms.get("publish_form") or PublishForm(auto_id="id_publish_%s"),
    }
    return render(request, "prevention/duerp/portal/workspace.html", context)


@require_safe
@portal_view("prevention.duerp:view")
def workspace(request: HttpRequest) -> HttpResponse:
    """Mon DUERP: units, risks by criticity, actions, publication and versions."""
    duerp = selectors.duerp_of_member(request.ctx)
    if duerp is not None:
        return _workspace_page(request, duerp)
    live = selectors.live_worker_count(request.ctx.adherent_id, today=timezone.localdate())
    context = {
        "form": HeadcountForm(initial={"headcount": live}),
        "live_count": live,
        "can_open": request.ctx.has_perm("prevention.duerp:edit"),
    }
    return render(request, "prevention/duerp/portal/open.html", context)


@require_POST
@portal_view("prevention.duerp:edit")
def open_duerp(request: HttpRequest) -> HttpResponse:
    adherent = get_object_or_404(Adherent.objects.visible_to(request.ctx))
    form = HeadcountForm(request.POST)
    if not form.is_valid():
        return render(
            request,
            "prevention/duerp/portal/open.html",
            {"form": form, "can_open": True, "live_count": None},
        )
    try:
        services.open_duerp(
            actor=request.ctx, adherent=adherent, headcount=form.cleaned_data["headcount"]
        )
    except PreventionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "DUERP ouvert : décrivez les risques de chaque unité de travail.")
    return redirect(WORKSPACE)


@require_POST
@portal_view("prevention.duerp:edit")
def headcount(request: HttpRequest) -> HttpResponse:
    duerp = _duerp(request)
    form = HeadcountForm(request.POST, auto_id="id_headcount_%s")
    if not form.is_valid():
        return _workspace_page(request, duerp, headcount_form=form)
    try:
        services.update_headcount(
            actor=request.ctx, duerp=duerp, headcount=form.cleaned_data["headcount"]
        )
    except PreventionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Effectif enregistré.")
    return redirect(WORKSPACE)


def _workspace_url(duerp: Duerp, anchor: str) -> str:
    return f"{reverse(WORKSPACE)}#{anchor}" if anchor else reverse(WORKSPACE)


def _audience() -> common.Audience:
    return common.Audience(
        templates="prevention/duerp/portal",
        workspace_url=_workspace_url,
        workspace_page=_workspace_page,
    )


@require_POST
@portal_view("prevention.duerp:edit")
def unit_create(request: HttpRequest) -> HttpResponse:
    return common.add_unit(request, _audience(), _duerp(request))


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view("prevention.duerp:edit")
def risk_create(request: HttpRequest) -> HttpResponse:
    return common.edit_risk(request, _audience(), _duerp(request))


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view("prevention.duerp:edit")
def risk_update(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(selectors.risk_list(request.ctx), pk=pk)
    return common.edit_risk(request, _audience(), risk.duerp, risk)


@require_POST
@portal_view("prevention.duerp:edit")
def risk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return common.delete_risk(request, _audience(), pk)


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view("prevention.duerp:edit")
def action_create(request: HttpRequest) -> HttpResponse:
    return common.edit_action(request, _audience(), _duerp(request))


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view("prevention.duerp:edit")
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(selectors.action_list(request.ctx), pk=pk)
    return common.edit_action(request, _audience(), action.duerp, action)


@require_POST
@portal_view("prevention.duerp:edit")
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return common.delete_action(request, _audience(), pk)


@require_POST
@portal_view("prevention.duerp:publish")
def publish(request: HttpRequest) -> HttpResponse:
    """Publish: the workspace is frozen as the next version and transmitted to the service."""
    duerp = _duerp(request)
    form = PublishForm(request.POST, auto_id="id_publish_%s")
    if not form.is_valid():
        return _workspace_page(request, duerp, publish_form=form)
    try:
        version = services.publish_version(actor=request.ctx, duerp=duerp, **form.cleaned_data)
    except PreventionError as error:
        form.add_error(None, str(error))
        return _workspace_page(request, duerp, publish_form=form)
    messages.success(request, f"Version {version.number} publiée, figée et transmise au service.")
    return redirect(f"{NS}:duerp-version-detail", pk=version.pk)


@require_safe
@portal_view("prevention.duerp:view")
def version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A published version, read from its snapshot: nothing here can change it."""
    version = selectors.version_detail(request.ctx, pk)
    context = {**exports.version_context(version), "ns": NS, "back_url": reverse(WORKSPACE)}
    return render(request, "prevention/duerp/portal/version_detail.html", context)


@require_safe
@portal_view("prevention.duerp:view")
def version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return common.version_download(request, pk, "pdf")


@require_safe
@portal_view("prevention.duerp:view")
def version_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return common.version_download(request, pk, "xlsx")
