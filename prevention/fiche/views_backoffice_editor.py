"""The FE draft editor of the back office: one page, one POST per action (add a unit, a hazard,
texts, a photo...), each handler answering with the page and its bound forms on error."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from prevention import perms
from prevention.errors import PreventionError
from prevention.fiche import selectors, services_content
from prevention.fiche.forms import (
    HazardEntryForm,
    HazardUpdateForm,
    PhotoForm,
    TextsForm,
    UnitEntryForm,
    UnitUpdateForm,
)
from prevention.models import FicheHazardEntry, FicheVersion
from spsti.forms import unchanged
from spsti.params import parse_int

Status = FicheVersion.Status


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


def _unit_initial(entry) -> dict:
    return {"name": entry.name, "exposed_count": entry.exposed_count}


def _hazard_initial(hazard_entry) -> dict:
    return {
        "exposed_count": hazard_entry.exposed_count,
        "existing_measures": hazard_entry.existing_measures,
        "is_priority": hazard_entry.is_priority,
    }


def _texts_initial(version) -> dict:
    return {"observations": version.observations, "recommendations": version.recommendations}


def _add_unit(request, version, groups):
    units = selectors.establishment_units(version.fiche.establishment_id)
    form = UnitEntryForm(request.POST, prefix="unit", work_units=units)
    if form.is_valid():
        data = form.cleaned_data
        work_unit = units.filter(pk=data["work_unit"]).first() if data["work_unit"] else None
        try:
            entry = services_content.add_unit_entry(
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
    form = UnitUpdateForm(request.POST, prefix=f"edit-{entry.pk}", initial=_unit_initial(entry))
    if unchanged(request, form):
        return f"unite-{entry.pk}"
    if form.is_valid():
        try:
            services_content.update_unit_entry(actor=request.ctx, entry=entry, **form.cleaned_data)
            return f"unite-{entry.pk}"
        except PreventionError as error:
            form.add_error(None, str(error))
    return {f"edit-{entry.pk}": form}


def _remove_unit(request, version, groups):
    services_content.remove_unit_entry(actor=request.ctx, entry=_entry(version, request))
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
            services_content.add_hazard_entry(actor=request.ctx, entry=entry, hazard=hazard, **data)
            return f"unite-{entry.pk}"
        except PreventionError as error:
            form.add_error(None, str(error))
    return {f"unit-{entry.pk}": form}


def _update_hazard(request, version, groups):
    hazard_entry = _hazard(version, request)
    form = HazardUpdateForm(
        request.POST, prefix=f"hz-{hazard_entry.pk}", initial=_hazard_initial(hazard_entry)
    )
    if unchanged(request, form):
        return f"unite-{hazard_entry.entry_id}"
    if form.is_valid():
        try:
            services_content.update_hazard_entry(
                actor=request.ctx, hazard_entry=hazard_entry, **form.cleaned_data
            )
            return f"unite-{hazard_entry.entry_id}"
        except PreventionError as error:
            form.add_error(None, str(error))
    return {f"hz-{hazard_entry.pk}": form}


def _toggle_priority(request, version, groups):
    hazard_entry = _hazard(version, request)
    services_content.update_hazard_entry(
        actor=request.ctx,
        hazard_entry=hazard_entry,
        exposed_count=hazard_entry.exposed_count,
        existing_measures=hazard_entry.existing_measures,
        is_priority=not hazard_entry.is_priority,
    )
    return f"unite-{hazard_entry.entry_id}"


def _remove_hazard(request, version, groups):
    hazard_entry = _hazard(version, request)
    services_content.remove_hazard_entry(actor=request.ctx, hazard_entry=hazard_entry)
    messages.success(request, "Danger retiré de l'unité.")
    return f"unite-{hazard_entry.entry_id}"


def _texts(request, version, groups):
    form = TextsForm(request.POST, prefix="texts", initial=_texts_initial(version))
    if unchanged(request, form):
        return "textes"
    if form.is_valid():
        services_content.update_texts(actor=request.ctx, version=version, **form.cleaned_data)
        messages.success(request, "Observations et préconisations enregistrées.")
        return "textes"
    return {"texts": form}


def _add_photo(request, version, groups):
    form = PhotoForm(request.POST, request.FILES, prefix="photo")
    if form.is_valid():
        try:
            services_content.add_photo(
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
    services_content.remove_photo(actor=request.ctx, photo=photo)
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


def page(request: HttpRequest, version: FicheVersion, groups, bound: dict) -> HttpResponse:
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
            prefix=f"edit-{unit.pk}", initial=_unit_initial(unit)
        )
        for hazard in unit.hazards.all():
            hazard.form = bound.get(f"hz-{hazard.pk}") or HazardUpdateForm(
                prefix=f"hz-{hazard.pk}", initial=_hazard_initial(hazard)
            )
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
            "texts_form": bound.get("texts")
            or TextsForm(prefix="texts", initial=_texts_initial(version)),
            "photo_form": bound.get("photo") or PhotoForm(prefix="photo"),
        },
    )
