"""Member-portal views of the chemical inventory of the member's own work units.

The member never sees exposure suggestions: they are for the workers' physician only.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import portal_view
from adherents.models import Establishment
from prevention.chemicals import selectors
from prevention.chemicals import views_common as common
from prevention.chemicals.forms import ChemicalFilterForm
from spsti.pagination import paginate_request

TEMPLATES = "prevention/chemicals/portal"


@require_safe
@portal_view("prevention.chemical:view")
def chemical_list(request: HttpRequest) -> HttpResponse:
    today, max_age = timezone.localdate(), settings.SPSTI_SDS_MAX_AGE_YEARS
    form = ChemicalFilterForm(
        request.GET or None,
        establishments=Establishment.objects.visible_to(request.ctx).order_by(
            "-is_head_office", "name"
        ),
    )
    form.fields["q"].label = "Rechercher une unité de travail"
    filters = form.cleaned_data if form.is_valid() else {}
    establishment = filters.get("establishment")
    units = selectors.chemical_units(
        request.ctx,
        today=today,
        max_age_years=max_age,
        search=(filters.get("q") or "").strip(),
        establishment_id=establishment.pk if establishment else None,
        flagged_only=bool(filters.get("flagged")),
    )
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {"form": form, "page": paginate_request(request, units), "max_age": max_age},
    )


@require_safe
@portal_view("prevention.chemical:view")
def chemical_unit(request: HttpRequest, unit_pk: int) -> HttpResponse:
    return common.unit_page(request, AUDIENCE, unit_pk)


AUDIENCE = common.Audience(templates=TEMPLATES, namespace="portal:prevention", staff=False)


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view("prevention.chemical:edit")
def chemical_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    return common.create(request, AUDIENCE, unit_pk)


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view("prevention.chemical:edit")
def chemical_edit(request: HttpRequest, pk: int) -> HttpResponse:
    return common.edit(request, AUDIENCE, pk)


@require_POST
@portal_view("prevention.chemical:edit")
def chemical_archive(request: HttpRequest, pk: int) -> HttpResponse:
    return common.archive(request, AUDIENCE, pk)


@require_safe
@portal_view("prevention.chemical:view")
def chemical_sds(request: HttpRequest, pk: int) -> HttpResponse:
    return common.sds(request, pk)
