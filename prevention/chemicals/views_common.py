"""The chemical-inventory pages both audiences share: the member keeps its own inventory in the
portal, the prevention staff keep it on the member's behalf in the back office. Each audience
module keeps its gate and its list pages; the bodies of the edits live here once.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone

from prevention.chemicals import selectors, services
from prevention.chemicals.forms import ChemicalForm, chemical_initial
from prevention.errors import PreventionError
from prevention.models import ChemicalProduct
from spsti.downloads import stored_file_response
from spsti.forms import unchanged
from spsti.pagination import paginate_request


@dataclass(frozen=True)
class Audience:
    """What differs between the portal and the back office."""

    templates: str  # "prevention/chemicals/portal"
    namespace: str  # "portal:prevention"
    staff: bool  # the staff form offers the fields only the prevention staff fill


def unit_page(request: HttpRequest, audience: Audience, unit_pk: int) -> HttpResponse:
    """A work unit's inventory (current products, or the withdrawn ones with ?retires=1), with
    each product's FDS flag in words."""
    unit = selectors.chemical_unit(request.ctx, unit_pk)
    archived = request.GET.get("retires") == "1"
    today, max_age = timezone.localdate(), settings.SPSTI_SDS_MAX_AGE_YEARS
    page = paginate_request(
        request, selectors.products_of_unit(request.ctx, unit, archived=archived)
    )
    rows = [(p, selectors.sds_flag(p, today=today, max_age_years=max_age)) for p in page.items]
    context = {
        "unit": unit,
        "page": page,
        "rows": rows,
        "archived": archived,
        "max_age": max_age,
        "can_edit": services.can_edit_inventory(request.ctx, unit),
    }
    return render(request, f"{audience.templates}/unit.html", context)


def _form(request: HttpRequest, audience: Audience, *, replacing=False, initial=None):
    return ChemicalForm(
        request.POST or None,
        request.FILES or None,
        staff=audience.staff,
        replacing=replacing,
        max_mb=settings.SPSTI_UPLOAD_MAX_MB,
        initial=initial,
    )


def _unit_page(audience: Audience, unit_pk: int) -> HttpResponse:
    return redirect(f"{audience.namespace}:chemical-unit", unit_pk=unit_pk)


def product(request: HttpRequest, pk: int) -> ChemicalProduct:
    """A product of the inventories this context may see; another member's or centre's: 404."""
    return get_object_or_404(
        ChemicalProduct.objects.visible_to(request.ctx).select_related(
            "work_unit__establishment__adherent"
        ),
        pk=pk,
    )


def create(request: HttpRequest, audience: Audience, unit_pk: int) -> HttpResponse:
    unit = selectors.chemical_unit(request.ctx, unit_pk)
    form = _form(request, audience)
    if request.method == "POST" and form.is_valid():
        try:
            added = services.add_product(actor=request.ctx, work_unit=unit, **form.cleaned_data)
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Produit « {added.name} » ajouté à l'inventaire.")
            return _unit_page(audience, unit.pk)
    return render(request, f"{audience.templates}/form.html", {"form": form, "unit": unit})


def edit(request: HttpRequest, audience: Audience, pk: int) -> HttpResponse:
    item = product(request, pk)
    form = _form(
        request, audience, replacing=bool(item.sds_filename), initial=chemical_initial(item)
    )
    if unchanged(request, form):
        return _unit_page(audience, item.work_unit_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_product(actor=request.ctx, product=item, **form.cleaned_data)
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Produit mis à jour.")
            return _unit_page(audience, item.work_unit_id)
    return render(
        request,
        f"{audience.templates}/form.html",
        {"form": form, "unit": item.work_unit, "product": item},
    )


def archive(request: HttpRequest, audience: Audience, pk: int) -> HttpResponse:
    item = product(request, pk)
    try:
        services.archive_product(actor=request.ctx, product=item)
    except PreventionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Produit « {item.name} » retiré de l'inventaire.")
    return _unit_page(audience, item.work_unit_id)


def sds(request: HttpRequest, pk: int) -> HttpResponse:
    """The product's safety data sheet, its hash checked on the way out."""
    item = get_object_or_404(
        ChemicalProduct.objects.visible_to(request.ctx).exclude(sds_filename=""), pk=pk
    )
    return stored_file_response(
        item.sds_content, item.sds_sha256, item.sds_filename, "application/pdf"
    )
