"""Back-office views of billing: the yearly tariff and its complementary items."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import backoffice_view
from adherents.billing import services_tariff as services
from adherents.billing.forms import TariffForm, TariffItemForm
from adherents.billing.selectors import tariff_amounts
from adherents.models import Invoice, Tariff, TariffItem
from adherents.rules import cotisation
from spsti.forms import unchanged
from spsti.pagination import paginate_request

MANAGE = "adherents.invoice:manage"
TEMPLATES = "adherents/billing/backoffice"
AMOUNT_FIELDS = list(services.TARIFF_FIELDS)


@require_safe
@backoffice_view(MANAGE)
def tariff_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, Tariff.objects.order_by("-year"))
    return render(request, f"{TEMPLATES}/tariff_list.html", {"page": page})


def _warn_outside_band(request: HttpRequest, tariff: Tariff) -> None:
    per_worker = tariff_amounts(tariff).per_worker_rates()
    for warning in cotisation.band_warnings(tariff.year, per_worker):
        messages.warning(request, warning)


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def tariff_create(request: HttpRequest) -> HttpResponse:
    form = TariffForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            tariff = services.create_tariff(actor=request.ctx, **form.cleaned_data)
        except services.BillingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Tarif {tariff.year} enregistré.")
            _warn_outside_band(request, tariff)
            return redirect("backoffice:adherents:billing-tariff-edit", year=tariff.year)
    return render(request, f"{TEMPLATES}/tariff_form.html", {"form": form, "tariff": None})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def tariff_edit(request: HttpRequest, year: int) -> HttpResponse:
    tariff = get_object_or_404(Tariff.objects.visible_to(request.ctx), year=year)
    locked = Invoice.objects.filter(year=year).exists()
    initial = {name: getattr(tariff, name) for name in AMOUNT_FIELDS}
    form = TariffForm(request.POST or None, initial=initial, editing=True)
    if unchanged(request, form):
        return redirect("backoffice:adherents:billing-tariff-edit", year=year)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_tariff(actor=request.ctx, tariff=tariff, **form.cleaned_data)
        except services.BillingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Tarif {year} modifié.")
            _warn_outside_band(request, Tariff.objects.get(year=year))
            return redirect("backoffice:adherents:billing-tariff-edit", year=year)
    return render(
        request,
        f"{TEMPLATES}/tariff_form.html",
        {"form": form, "tariff": tariff, "locked": locked, "items": tariff.items.order_by("label")},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def tariff_item_create(request: HttpRequest, year: int) -> HttpResponse:
    return _item_form(
        request, get_object_or_404(Tariff.objects.visible_to(request.ctx), year=year), None
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def tariff_item_edit(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    item = get_object_or_404(
        TariffItem.objects.visible_to(request.ctx).select_related("tariff"),
        tariff__year=year,
        pk=pk,
    )
    return _item_form(request, item.tariff, item)


def _item_form(request: HttpRequest, tariff: Tariff, item: TariffItem | None) -> HttpResponse:
    initial = (
        {"code": item.code, "label": item.label, "unit_price": item.unit_price} if item else {}
    )
    form = TariffItemForm(request.POST or None, initial=initial)
    if item and unchanged(request, form):
        return redirect("backoffice:adherents:billing-tariff-edit", year=tariff.year)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_tariff_item(
                actor=request.ctx, tariff=tariff, item=item, **form.cleaned_data
            )
        except services.BillingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Prestation enregistrée.")
            return redirect("backoffice:adherents:billing-tariff-edit", year=tariff.year)
    return render(
        request,
        f"{TEMPLATES}/tariff_item_form.html",
        {"form": form, "tariff": tariff, "item": item},
    )
