"""Back-office views of the FE: list with due status, detail, draft editor, validate, send, PDF."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from accounts.gates import backoffice_view
from adherents.models import Establishment
from prevention import perms
from prevention.errors import PreventionError
from prevention.fiche import pdf as pdf_fiche
from prevention.fiche import selectors, services
from prevention.fiche.forms import (
    HazardEntryForm,
    HazardUpdateForm,
    PhotoForm,
    TextsForm,
    UnitEntryForm,
    UnitUpdateForm,
)
from prevention.models import FicheHazardEntry, FichePhoto, FicheVersion
from spsti import outbox
from spsti.downloads import file_response, stored_file_response
from spsti.pagination import paginate_request
from spsti.params import parse_int

Status = FicheVersion.Status


@require_GET
@backoffice_view("prevention.fiche:view")
def fiche_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    status = request.GET.get("statut", "")
    status = status if status in selectors.FILTERS else ""
    page = paginate_request(request, selectors.fiche_rows(request.ctx, status=status, today=today))
    selectors.decorate(page.items, today)
    team_ids = request.ctx.team_ids
    return render(
        request,
        "prevention/fiche/backoffice/list.html",
        {
            "page": page,
            "status": status,
            "status_label": selectors.FILTERS.get(status, ""),
            "filters": selectors.FILTERS,
            "today": today,
            "indicators": selectors.fiche_indicators(
                team_ids, today=today, years=settings.SPSTI_FE_RENEWAL_YEARS
            ),
            "can_open": request.ctx.has_perm("prevention.fiche:write"),
        },
    )


@require_POST
@backoffice_view("prevention.fiche:write")
def fiche_open(request: HttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = get_object_or_404(
        Establishment.objects.visible_to(request.ctx), pk=establishment_pk
    )
    try:
        fiche = services.open_fiche(actor=request.ctx, establishment=establishment)
        version = services.start_version(actor=request.ctx, fiche=fiche)
    except PreventionError as error:
        messages.error(request, str(error))
        existing = selectors.fiche_of(establishment)
        if existing is not None:
            return redirect("backoffice:prevention:fiche-detail", pk=existing.pk)
        return redirect("backoffice:prevention:fiche-list")
    messages.success(request, "Fiche d'entreprise ouverte : la version 1 est en brouillon.")
    return redirect("backoffice:prevention:fiche-version-edit", pk=version.pk)


@require_GET
@backoffice_view("prevention.fiche:view")
def fiche_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fiche = get_object_or_404(selectors.fiche_list(request.ctx), pk=pk)
    versions = selectors.versions_of(request.ctx, fiche)
    today = timezone.localdate()
    has_sent = any(v.status == Status.SENT for v in versions)
    can_write = perms.can_write(request.ctx, fiche)
    return render(
        request,
        "prevention/fiche/backoffice/detail.html",
        {
            "fiche": fiche,
            "establishment": fiche.establishment,
            "versions": versions,
            "due": selectors.due_status(
                first_due_on=fiche.first_due_on,
                renewal_due_on=fiche.renewal_due_on if has_sent else None,
                today=today,
            ),
            "visits": selectors.visit_list(request.ctx)
            .filter(establishment_id=fiche.establishment_id)
            .order_by("-scheduled_on", "-pk")[:10],
            "can_write": can_write,
            "can_validate": perms.can_validate(request.ctx, fiche),
            "can_start": can_write
            and not any(v.status in (Status.DRAFT, Status.VALIDATED) for v in versions),
            "sent_mails": outbox.sent_for(fiche),
        },
    )


@require_POST
@backoffice_view("prevention.fiche:write")
def fiche_version_start(request: HttpRequest, pk: int) -> HttpResponse:
    fiche = get_object_or_404(selectors.fiche_list(request.ctx), pk=pk)
    try:
        version = services.start_version(actor=request.ctx, fiche=fiche)
    except PreventionError as error:
        messages.error(request, str(error))
        return redirect("backoffice:prevention:fiche-detail", pk=fiche.pk)
    messages.success(
        request, f"Version {version.number} commencée à partir de la dernière fiche transmise."
    )
    return redirect("backoffice:prevention:fiche-version-edit", pk=version.pk)


# -------------------------------------------------------------------------- draft editor


def _posted_pk(request: HttpRequest, name: str) -> int:
    value = parse_int(request.POST.get(name))
    if value is None:
        raise Http404("Élément introuvable.")
    return value


def _entry(version: FicheVersion, request: HttpRequest):
    return get_object_or_404(version.units.all(), pk=_posted_pk(request, "entry"))


def _hazard(version: FicheVersion, request: HttpRequest):
    return get_object_or_404(
        FicheHazardEntry.objects.select_related("entry__version"),
        pk=_posted_pk(request, "hazard_entry"),
        entry__version=version,
    )


def _add_unit(request, version, groups):
    units = selectors.establishment_units(version.fiche.establishment_id)
    form = UnitEntryForm(request.POST, prefix="unit", work_units=units)
    if form.is_valid():
        data = form.cleaned_data
        work_unit = units.filter(pk=data["work_unit"]).first() if data["work_unit"] else None
        try:
            entry = services.add_unit_entry(
                actor=request.ctx,
                version=version,
                name=data["name"] or "",
                work_unit=work_unit,
                exposed_count=data["exposed_count"],
            )
            return f"unite-{entry.pk}"
        except PreventionError as error:
            form.add_error(None, str(error))
    return {"unit": form}


def _update_unit(request, version, groups):
    entry = _entry(version, request)
    form = UnitUpdateForm(request.POST, prefix=f"edit-{entry.pk}")
    if form.is_valid():
        try:
            services.update_unit_entry(actor=request.ctx, entry=entry, **form.cleaned_data)
            return f"unite-{entry.pk}"
        except PreventionError as error:
            form.add_error(None, str(error))
    return {f"edit-{entry.pk}": form}


def _remove_unit(request, version, groups):
    services.remove_unit_entry(actor=request.ctx, entry=_entry(version, request))
    messages.success(request, "Unité retirée de la fiche.")
    return "unites"


def _add_hazard(request, version, groups):
    entry = _entry(version, request)
    form = HazardEntryForm(request.POST, prefix=f"unit-{entry.pk}", hazard_groups=groups)
    if form.is_valid():
        data = form.cleaned_data
        hazard = version.thesaurus.hazards.filter(pk=data.pop("hazard")).first()
        try:
            if hazard is None:
                raise PreventionError("Choisissez un danger du thésaurus de cette version.")
            services.add_hazard_entry(actor=request.ctx, entry=entry, hazard=hazard, **data)
            return f"unite-{entry.pk}"
        except PreventionError as error:
            form.add_error(None, str(error))
    return {f"unit-{entry.pk}": form}


def _update_hazard(request, version, groups):
    hazard_entry = _hazard(version, request)
    form = HazardUpdateForm(request.POST, prefix=f"hz-{hazard_entry.pk}")
    if form.is_valid():
        try:
            services.update_hazard_entry(
                actor=request.ctx, hazard_entry=hazard_entry, **form.cleaned_data
            )
            return f"unite-{hazard_entry.entry_id}"
        except PreventionError as error:
            form.add_error(None, str(error))
    return {f"hz-{hazard_entry.pk}": form}


def _toggle_priority(request, version, groups):
    hazard_entry = _hazard(version, request)
    services.update_hazard_entry(
        actor=request.ctx,
        hazard_entry=hazard_entry,
        exposed_count=hazard_entry.exposed_count,
        existing_measures=hazard_entry.existing_measures,
        is_priority=not hazard_entry.is_priority,
    )
    return f"unite-{hazard_entry.entry_id}"


def _remove_hazard(request, version, groups):
    hazard_entry = _hazard(version, request)
    services.remove_hazard_entry(actor=request.ctx, hazard_entry=hazard_entry)
    messages.success(request, "Danger retiré de l'unité.")
    return f"unite-{hazard_entry.entry_id}"


def _texts(request, version, groups):
    form = TextsForm(request.POST, prefix="texts")
    if form.is_valid():
        services.update_texts(actor=request.ctx, version=version, **form.cleaned_data)
        messages.success(request, "Observations et préconisations enregistrées.")
        return "textes"
    return {"texts": form}


def _add_photo(request, version, groups):
    form = PhotoForm(request.POST, request.FILES, prefix="photo")
    if form.is_valid():
        try:
            services.add_photo(
                actor=request.ctx,
                version=version,
                upload=form.cleaned_data["photo"],
                caption=form.cleaned_data["caption"],
            )
            messages.success(request, "Photo ajoutée.")
            return "photos"
        except PreventionError as error:
            form.add_error("photo", str(error))
    return {"photo": form}


def _remove_photo(request, version, groups):
    photo = get_object_or_404(version.photos, pk=_posted_pk(request, "photo"))
    services.remove_photo(actor=request.ctx, photo=photo)
    messages.success(request, "Photo retirée.")
    return "photos"


ACTIONS = {
    "add_unit": _add_unit,
    "update_unit": _update_unit,
    "remove_unit": _remove_unit,
    "add_hazard": _add_hazard,
    "update_hazard": _update_hazard,
    "toggle_priority": _toggle_priority,
    "remove_hazard": _remove_hazard,
    "texts": _texts,
    "add_photo": _add_photo,
    "remove_photo": _remove_photo,
}


def _editor(request: HttpRequest, version: FicheVersion, groups, bound: dict) -> HttpResponse:
    version = selectors.version_content(version)
    units = list(version.units.all())
    present = {u.work_unit_id for u in units}
    work_units = [
        u
        for u in selectors.establishment_units(version.fiche.establishment_id)
        if u.pk not in present
    ]
    for unit in units:
        unit.add_form = bound.get(f"unit-{unit.pk}") or HazardEntryForm(
            prefix=f"unit-{unit.pk}", hazard_groups=groups
        )
        unit.update_form = bound.get(f"edit-{unit.pk}") or UnitUpdateForm(
            prefix=f"edit-{unit.pk}",
            initial={"name": unit.name, "exposed_count": unit.exposed_count},
        )
        for hazard in unit.hazards.all():
            hazard.form = bound.get(f"hz-{hazard.pk}") or HazardUpdateForm(
                prefix=f"hz-{hazard.pk}",
                initial={
                    "exposed_count": hazard.exposed_count,
                    "existing_measures": hazard.existing_measures,
                    "is_priority": hazard.is_priority,
                },
            )
    texts = {"observations": version.observations, "recommendations": version.recommendations}
    return render(
        request,
        "prevention/fiche/backoffice/edit.html",
        {
            "version": version,
            "fiche": version.fiche,
            "establishment": version.fiche.establishment,
            "units": units,
            "is_archived": selectors.is_archived(version),
            "editable": version.status == Status.DRAFT
            and perms.can_write(request.ctx, version.fiche),
            "can_validate": version.status == Status.DRAFT
            and perms.can_validate(request.ctx, version.fiche),
            "can_send": version.status == Status.VALIDATED
            and perms.can_write(request.ctx, version.fiche),
            "unit_form": bound.get("unit") or UnitEntryForm(prefix="unit", work_units=work_units),
            "texts_form": bound.get("texts") or TextsForm(prefix="texts", initial=texts),
            "photo_form": bound.get("photo") or PhotoForm(prefix="photo"),
        },
    )


@require_http_methods(["GET", "POST"])
@backoffice_view("prevention.fiche:view")
def fiche_version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(selectors.version_list(request.ctx), pk=pk)
    groups = selectors.thesaurus_choices(version.thesaurus_id)
    if request.method == "GET":
        return _editor(request, version, groups, {})
    handler = ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        return HttpResponseBadRequest("Action inconnue.")
    if not perms.can_write(request.ctx, version.fiche):
        raise PermissionDenied
    try:
        outcome = handler(request, version, groups)
    except PreventionError as error:  # frozen version, or a rule refused a one-click action
        messages.error(request, str(error))
        outcome = ""
    if isinstance(outcome, dict):
        return _editor(request, version, groups, outcome)
    url = reverse("backoffice:prevention:fiche-version-edit", args=[version.pk])
    return redirect(f"{url}#{outcome}" if outcome else url)


@require_POST
@backoffice_view("prevention.fiche:validate")
def fiche_version_validate(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(selectors.version_list(request.ctx), pk=pk)
    try:  # the service checks the physician belongs to the member's team: 403 otherwise
        services.validate_version(actor=request.ctx, version=version)
    except PreventionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {version.number} validée : elle est désormais figée.")
    return redirect("backoffice:prevention:fiche-version-edit", pk=version.pk)


@require_POST
@backoffice_view("prevention.fiche:write")
def fiche_version_send(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(selectors.version_list(request.ctx), pk=pk)
    try:
        version = services.send_version(actor=request.ctx, version=version)
    except PreventionError as error:
        messages.error(request, str(error))
        return redirect("backoffice:prevention:fiche-version-edit", pk=version.pk)
    messages.success(
        request,
        f"Version {version.number} transmise à l'employeur ; renouvellement avant le "
        f"{version.fiche.renewal_due_on:%d/%m/%Y}.",
    )
    return redirect("backoffice:prevention:fiche-detail", pk=version.fiche_id)


@require_GET
@backoffice_view("prevention.fiche:view")
def fiche_version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(selectors.version_list(request.ctx), pk=pk)
    if version.status == Status.SENT:  # the document sent: never regenerated
        return stored_file_response(version.pdf, version.sha256, pdf_fiche.fiche_filename(version))
    # a preview for the physician and the team, marked as a draft
    return file_response(pdf_fiche.render_fiche(version), pdf_fiche.fiche_filename(version))


@require_GET
@backoffice_view("prevention.fiche:view")
def fiche_photo(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(
        FichePhoto.objects.filter(version__in=selectors.version_list(request.ctx)), pk=pk
    )
    response = stored_file_response(
        photo.content, photo.sha256, f"photo-{photo.pk}", photo.content_type, inline=True
    )
    if response.status_code == 200:
        response["Cache-Control"] = "private, max-age=3600"
    return response
