"""Back-office views of actions in the workplace (AMT), their indicators and the chemical
inventory of the centre's members."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.gates import backoffice_view
from adherents.models import Adherent
from prevention.actions import selectors, services
from prevention.actions.forms import (
    ActionFilterForm,
    ActionForm,
    ChemicalFilterForm,
    ChemicalForm,
    DocumentForm,
    chemical_initial,
)
from prevention.chemicals import services as chemical_services
from prevention.errors import PreventionError
from prevention.models import ActionDocument, ChemicalProduct, PreventionAction
from spsti.downloads import stored_file_response
from spsti.pagination import paginate, paginate_request

TEMPLATES = "prevention/actions/backoffice"


@require_GET
@backoffice_view("prevention.action:view")
def action_list(request: HttpRequest) -> HttpResponse:
    form = ActionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    actions = selectors.action_list(
        request.ctx,
        kind=filters.get("kind") or "",
        member=(filters.get("member") or "").strip(),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    totals = selectors.time_by_kind(actions)
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {
            "form": form,
            "page": paginate_request(request, actions),
            "totals": totals,
            "total_minutes": sum(t.minutes for t in totals),
            "total_count": sum(t.count for t in totals),
            "members": selectors.matching_members(
                request.ctx, (filters.get("member") or "").strip()
            ),
        },
    )


def _member(request: HttpRequest, pk: int) -> Adherent:
    return get_object_or_404(Adherent.objects.visible_to(request.ctx), pk=pk)


@require_GET
@backoffice_view("prevention.action:view")
def action_member(request: HttpRequest, adherent_pk: int) -> HttpResponse:
    adherent = _member(request, adherent_pk)
    today = timezone.localdate()
    deadline = selectors.primary_action_deadline(
        adherent, today=today, years=settings.SPSTI_PRIMARY_ACTION_YEARS
    )
    return render(
        request,
        f"{TEMPLATES}/member.html",
        {
            "adherent": adherent,
            "page": paginate_request(request, selectors.actions_of_member(request.ctx, adherent)),
            "deadline": deadline,
            "is_overdue": deadline.due_on < today,
            "can_write": services.can_write_action(request.ctx, adherent),
        },
    )


@require_http_methods(["GET", "POST"])
@backoffice_view("prevention.action:write")
def action_create(request: HttpRequest, adherent_pk: int) -> HttpResponse:
    adherent = _member(request, adherent_pk)
    form = ActionForm(
        request.POST or None,
        request.FILES or None,
        establishments=adherent.establishments.order_by("-is_head_office", "name"),
        max_mb=settings.SPSTI_UPLOAD_MAX_MB,
        initial={"performed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = services.record_action(
                actor=request.ctx, adherent=adherent, **form.cleaned_data
            )
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Action enregistrée.")
            return redirect("backoffice:prevention:action-detail", pk=action.pk)
    return render(request, f"{TEMPLATES}/form.html", {"form": form, "adherent": adherent})


def _action(request: HttpRequest, pk: int) -> PreventionAction:
    return get_object_or_404(
        PreventionAction.objects.visible_to(request.ctx).select_related(
            "adherent", "establishment", "performed_by"
        ),
        pk=pk,
    )


@require_GET
@backoffice_view("prevention.action:view")
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    can_write = services.can_write_action(request.ctx, action.adherent)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "action": action,
            "documents": selectors.documents_of(action),
            "can_write": can_write,
            "document_form": DocumentForm(max_mb=settings.SPSTI_UPLOAD_MAX_MB)
            if can_write
            else None,
        },
    )


@require_POST
@backoffice_view("prevention.action:write")
def action_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    form = DocumentForm(request.POST, request.FILES, max_mb=settings.SPSTI_UPLOAD_MAX_MB)
    if form.is_valid():
        try:
            added = services.attach_documents(
                actor=request.ctx, action=action, documents=form.cleaned_data["documents"]
            )
        except PreventionError as error:
            messages.error(request, f"Aucun document enregistré : {error}")
        else:
            messages.success(request, f"{len(added)} document(s) joint(s).")
    else:
        messages.error(request, "Choisissez au moins un fichier à joindre.")
    return redirect("backoffice:prevention:action-detail", pk=action.pk)


@require_GET
@backoffice_view("prevention.action:view")
def action_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        ActionDocument.objects.filter(action__in=PreventionAction.objects.visible_to(request.ctx)),
        pk=pk,
    )
    return stored_file_response(
        document.content, document.sha256, document.filename, document.content_type
    )


@require_GET
@backoffice_view("prevention.action:view")
def action_indicators(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = settings.SPSTI_PRIMARY_ACTION_YEARS
    alerts = paginate_request(
        request, selectors.primary_action_alerts(request.ctx, today=today, years=years)
    )
    rows = [
        (member, selectors.primary_action_deadline(member, today=today, years=years))
        for member in alerts.items
    ]
    cse_page = paginate(
        selectors.cse_without_meeting(request.ctx, today=today),
        request.GET.get("page_cse"),
        settings.SPSTI_LIST_PAGE_SIZE,
    )
    return render(
        request,
        f"{TEMPLATES}/indicators.html",
        {
            "years": years,
            "today": today,
            "page": alerts,
            "rows": rows,
            "coverage": selectors.primary_action_coverage(request.ctx, today=today, years=years),
            "cse": selectors.cse_participation(request.ctx, today=today),
            "cse_page": cse_page,
            "cse_since": selectors.cse_window_start(today),
        },
    )


# ------------------------------------------------------------------ chemical inventory (staff)

CHEMICALS = "prevention/chemicals/backoffice"


def _today_and_age() -> tuple:
    return timezone.localdate(), settings.SPSTI_SDS_MAX_AGE_YEARS


@require_GET
@backoffice_view("prevention.chemical:view")
def chemical_list(request: HttpRequest) -> HttpResponse:
    today, max_age = _today_and_age()
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


@require_GET
@backoffice_view("prevention.chemical:view")
def chemical_unit(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = selectors.chemical_unit(request.ctx, unit_pk)
    archived = request.GET.get("retires") == "1"
    return render(
        request,
        f"{CHEMICALS}/unit.html",
        chemical_context(request, unit, archived=archived),
    )


def chemical_context(request: HttpRequest, unit, *, archived: bool) -> dict:
    """What the unit's inventory page shows, with each product's FDS flag in words."""
    today, max_age = _today_and_age()
    page = paginate_request(
        request, selectors.products_of_unit(request.ctx, unit, archived=archived)
    )
    return {
        "unit": unit,
        "page": page,
        "rows": [
            (p, selectors.sds_flag(p, today=today, max_age_years=max_age)) for p in page.items
        ],
        "archived": archived,
        "max_age": max_age,
        "can_edit": chemical_services.can_edit_inventory(request.ctx, unit),
    }


def _chemical_form(request: HttpRequest, *, replacing: bool = False, initial=None):
    return ChemicalForm(
        request.POST or None,
        request.FILES or None,
        staff=True,
        replacing=replacing,
        max_mb=settings.SPSTI_UPLOAD_MAX_MB,
        initial=initial,
    )


@require_http_methods(["GET", "POST"])
@backoffice_view("prevention.chemical:edit")
def chemical_create(request: HttpRequest, unit_pk: int) -> HttpResponse:
    unit = selectors.chemical_unit(request.ctx, unit_pk)
    form = _chemical_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            product = chemical_services.add_product(
                actor=request.ctx, work_unit=unit, **form.cleaned_data
            )
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Produit « {product.name} » ajouté à l'inventaire.")
            return redirect("backoffice:prevention:chemical-unit", unit_pk=unit.pk)
    return render(request, f"{CHEMICALS}/form.html", {"form": form, "unit": unit})


def _product(request: HttpRequest, pk: int) -> ChemicalProduct:
    return get_object_or_404(
        ChemicalProduct.objects.visible_to(request.ctx).select_related(
            "work_unit__establishment__adherent"
        ),
        pk=pk,
    )


@require_http_methods(["GET", "POST"])
@backoffice_view("prevention.chemical:edit")
def chemical_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product(request, pk)
    form = _chemical_form(
        request, replacing=bool(product.sds_filename), initial=chemical_initial(product)
    )
    if request.method == "POST" and form.is_valid():
        try:
            chemical_services.update_product(
                actor=request.ctx, product=product, **form.cleaned_data
            )
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Produit mis à jour.")
            return redirect("backoffice:prevention:chemical-unit", unit_pk=product.work_unit_id)
    return render(
        request,
        f"{CHEMICALS}/form.html",
        {"form": form, "unit": product.work_unit, "product": product},
    )


@require_POST
@backoffice_view("prevention.chemical:edit")
def chemical_archive(request: HttpRequest, pk: int) -> HttpResponse:
    product = _product(request, pk)
    try:
        chemical_services.archive_product(actor=request.ctx, product=product)
    except PreventionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Produit « {product.name} » retiré de l'inventaire.")
    return redirect("backoffice:prevention:chemical-unit", unit_pk=product.work_unit_id)


@require_GET
@backoffice_view("prevention.chemical:view")
def chemical_sds(request: HttpRequest, pk: int) -> HttpResponse:
    product = get_object_or_404(
        ChemicalProduct.objects.visible_to(request.ctx).exclude(sds_filename=""), pk=pk
    )
    return stored_file_response(
        product.sds_content, product.sds_sha256, product.sds_filename, "application/pdf"
    )
