"""Member-portal views of the chemical inventory of the member's own work units.

The member never sees exposure suggestions: they are for the workers' physician only.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.gates import portal_view
from adherents.models import Establishment
from prevention.actions import selectors
from prevention.actions.forms import ChemicalFilterForm, ChemicalForm, chemical_initial
from prevention.chemicals import services
from prevention.errors import PreventionError
from prevention.models import ChemicalProduct, WorkUnit
from spsti.downloads import stored_file_response
from spsti.pagination import paginate_request

TEMPLATES = "prevention/chemicals/portal"


@require_GET
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


@require_GET
@portal_view("prevention.chemical:view")
def chemical_unit(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = selectors.chemical_unit(request.ctx, unit_pk)
    archived = request.GET.get("retires") == "1"
    today, max_age = timezone.localdate(), settings.SPSTI_SDS_MAX_AGE_YEARS
    page = paginate_request(
        request, selectors.products_of_unit(request.ctx, unit, archived=archived)
    )
    rows = [(p, selectors.sds_flag(p, today=today, max_age_years=max_age)) for p in page.items]
    return render(
        request,
        f"{TEMPLATES}/unit.html",
        {
            "unit": unit,
            "page": page,
            "rows": rows,
            "archived": archived,
            "max_age": max_age,
            "can_edit": services.can_edit_inventory(request.ctx, unit),
        },
    )


def _form(request: HttpRequest, *, replacing: bool = False, initial=None) -> ChemicalForm:
    return ChemicalForm(
        request.POST or None,
        request.FILES or None,
        staff=False,
        replacing=replacing,
        max_mb=settings.SPSTI_UPLOAD_MAX_MB,
        initial=initial,
    )


@require_http_methods(["GET", "POST"])
@portal_view("prevention.chemical:edit")
def chemical_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit: WorkUnit = selectors.chemical_unit(request.ctx, unit_pk)
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            product = services.add_product(actor=request.ctx, work_unit=unit, **form.cleaned_data)
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Produit « {product.name} » ajouté à l'inventaire.")
            return redirect("portal:prevention:chemical-unit", unit_pk=unit.pk)
    return render(request, f"{TEMPLATES}/form.html", {"form": form, "unit": unit})


def _product(request: HttpRequest, pk: int) -> ChemicalProduct:
    return get_object_or_404(
        ChemicalProduct.objects.visible_to(request.ctx).select_related(
            "work_unit__establishment__adherent"
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@portal_view("prevention.chemical:edit")
def chemical_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product(request, pk)
    form = _form(request, replacing=bool(product.sds_filename), initial=chemical_initial(product))
    if request.method == "POST" and form.is_valid():
        try:
            services.update_product(actor=request.ctx, product=product, **form.cleaned_data)
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Produit mis à jour.")
            return redirect("portal:prevention:chemical-unit", unit_pk=product.work_unit_id)
    return render(
        request,
        f"{TEMPLATES}/form.html",
        {"form": form, "unit": product.work_unit, "product": product},
    )


@require_POST
@portal_view("prevention.chemical:edit")
def chemical_archive(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product(request, pk)
    try:
        services.archive_product(actor=request.ctx, product=product)
    except PreventionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Produit « {product.name} » retiré de l'inventaire.")
    return redirect("portal:prevention:chemical-unit", unit_pk=product.work_unit_id)


@require_GET
@portal_view("prevention.chemical:view")
def chemical_sds(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(
        ChemicalProduct.objects.visible_to(request.ctx).exclude(sds_filename=""), pk=pk
    )
    return stored_file_response(
        product.sds_content, product.sds_sha256, product.sds_filename, "application/pdf"
    )
