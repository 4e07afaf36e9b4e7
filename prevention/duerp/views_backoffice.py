"""Back-office views of the DUERP: the centre's list with indicators, the member's workspace
(prevention staff edit it on the member's behalf, never publish), versions and exports."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from prevention.duerp import exports, selectors, services
from prevention.duerp import views_common as common
from prevention.duerp.forms import WorkUnitForm
from prevention.models import Duerp
from prevention.selectors_remembered import remembered, scope_key
from spsti.pagination import paginate_keyset_request
from spsti.params import search_param

NS = "backoffice:prevention"


def _detail_url(duerp: Duerp, anchor: str = "") -> str:
    url = reverse(f"{NS}:duerp-detail", args=[duerp.pk])
    return f"{url}#{anchor}" if anchor else url


@require_safe
@backoffice_view("prevention.duerp:view")
def duerp_list(request: HttpRequest) -> HttpResponse:
    """DUERP des adhérents: workspace state, last publication, yearly update, indicators."""
    today = timezone.localdate()
    search = search_param(request)
    page = paginate_keyset_request(request, selectors.centre_duerps(request.ctx, search=search))
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
        "indicators": remembered(  # the whole centre's: see prevention/selectors_remembered.py
            "duerp-indicators",
            scope_key(request.ctx, today),
            lambda: selectors.duerp_indicators(request.ctx, today=today),
        ),
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


@require_safe
@backoffice_view("prevention.duerp:view")
def duerp_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The member's workspace as the member sees it; staff of another centre get a 404."""
    return _workspace_page(request, _duerp(request, pk))


def _audience() -> common.Audience:
    return common.Audience(
        templates="prevention/duerp/backoffice",
        workspace_url=_detail_url,
        workspace_page=_workspace_page,
        risk_added="Risque ajouté au DUERP de l'adhérent.",
    )


def _duerp(request: HttpRequest, pk: int) -> Duerp:
    return get_object_or_404(selectors.duerp_list(request.ctx), pk=pk)


@require_POST
@backoffice_view("prevention.duerp:edit")
def unit_create(request: HttpRequest, pk: int) -> HttpResponse:
    return common.add_unit(request, _audience(), _duerp(request, pk))


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("prevention.duerp:edit")
def risk_create(request: HttpRequest, pk: int) -> HttpResponse:
    return common.edit_risk(request, _audience(), _duerp(request, pk))


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("prevention.duerp:edit")
def risk_update(request: HttpRequest, pk: int) -> HttpResponse:
    risk = get_object_or_404(selectors.risk_list(request.ctx), pk=pk)
    return common.edit_risk(request, _audience(), risk.duerp, risk)


@require_POST
@backoffice_view("prevention.duerp:edit")
def risk_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return common.delete_risk(request, _audience(), pk)


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("prevention.duerp:edit")
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    return common.edit_action(request, _audience(), _duerp(request, pk))


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("prevention.duerp:edit")
def action_update(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(selectors.action_list(request.ctx), pk=pk)
    return common.edit_action(request, _audience(), action.duerp, action)


@require_POST
@backoffice_view("prevention.duerp:edit")
def action_delete(request: HttpRequest, pk: int) -> HttpResponse:
    return common.delete_action(request, _audience(), pk)


@require_safe
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


@require_safe
@backoffice_view("prevention.duerp:view")
def version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    return common.version_download(request, pk, "pdf")


@require_safe
@backoffice_view("prevention.duerp:view")
def version_xlsx(request: HttpRequest, pk: int) -> HttpResponse:
    return common.version_download(request, pk, "xlsx")
