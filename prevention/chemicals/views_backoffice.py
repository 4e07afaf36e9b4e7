"""Back-office views of the chemical inventory of the centre's members' work units."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from prevention.chemicals import selectors
from prevention.chemicals import views_common as common
from prevention.chemicals.forms import ChemicalFilterForm
from spsti.pagination import paginate_request

CHEMICALS = "prevention/chemicals/backoffice"


@require_safe
@backoffice_view("prevention.chemical:view")
def chemical_list(request: HttpRequest) -> HttpResponse:
    today, max_age = timezone.localdate(), settings.SPSTI_SDS_MAX_AGE_YEARS
    form = ChemicalFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    units = selectors.chemical_units(
        request.ctx,
        today=today,
        max_age_years=max_age,
        search=(filters.get("q") or "").strip(),
        flagged_only=bool(filters.get("flagged")),
    )
    return render(
        request,
        f"{CHEMICALS}/list.html",
        {"form": form, "page": paginate_request(request, units), "max_age": max_age},
    )


@require_safe
@backoffice_view("prevention.chemical:view")
def chemical_unit(request: HttpRequest, unit_pk: int) -> HttpResponse:
    return common.unit_page(request, AUDIENCE, unit_pk)


AUDIENCE = common.Audience(templates=CHEMICALS, namespace="backoffice:prevention", staff=True)


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("prevention.chemical:edit")
def chemical_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    return common.create(request, AUDIENCE, unit_pk)


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("prevention.chemical:edit")
def chemical_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return common.edit(request, AUDIENCE, pk)


@require_POST
@backoffice_view("prevention.chemical:edit")
def chemical_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return common.archive(request, AUDIENCE, pk)


@require_safe
@backoffice_view("prevention.chemical:view")
def chemical_sds(request: HttpRequest, pk: int) -> HttpResponse:
    return common.sds(request, pk)
