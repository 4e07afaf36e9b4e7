"""Work-unit pages, the same for the member and the staff: each audience wraps these."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from adherents.models import Establishment
from prevention.errors import PreventionError
from prevention.models import WorkUnit
from prevention.workunits import services
from prevention.workunits.forms import WorkUnitForm
from spsti.forms import unchanged


def unit_list(request: HttpRequest, establishment_pk: int, *, audience: str) -> HttpResponse:
    """The establishment's units, and a form to add one (POST)."""
    establishment = get_object_or_404(
        Establishment.objects.visible_to(request.ctx).select_related("adherent"),
        pk=establishment_pk,
    )
    employments = services.current_employments(establishment)
    form = WorkUnitForm(request.POST or None, employments=employments)
    can_edit = request.ctx.has_perm("prevention.workunit:edit")
    if request.method == "POST" and can_edit and form.is_valid():
        try:
            services.save_work_unit(
                actor=request.ctx, establishment=establishment, **form.cleaned_data
            )
        except PreventionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Unité de travail enregistrée.")
            return redirect(
                f"{audience}:prevention:workunit-list", establishment_pk=establishment.pk
            )
    units = (
        WorkUnit.objects.visible_to(request.ctx)
        .filter(establishment=establishment, archived_at__isnull=True)
        .prefetch_related("employments__worker")
    )
    return render(
        request,
        "prevention/workunits/list.html",
        {
            "base": f"{audience}/base.html",
            "shell": audience,
            "establishment": establishment,
            "units": units,
            "form": form,
            "can_edit": can_edit,
        },
    )


def unit_edit(request: HttpRequest, pk: int, *, audience: str) -> HttpResponse:
    unit = get_object_or_404(
        WorkUnit.objects.visible_to(request.ctx).select_related("establishment__adherent"),
        pk=pk,
        archived_at__isnull=True,
    )
    employments = services.current_employments(unit.establishment)
    initial = {
        "name": unit.name,
        "description": unit.description,
        "headcount": unit.headcount,
        "employments": list(unit.employments.all()),
    }
    form = WorkUnitForm(request.POST or None, initial=initial, employments=employments)
    if unchanged(request, form):
        return redirect(
            f"{audience}:prevention:workunit-list", establishment_pk=unit.establishment_id
        )
    if request.method == "POST" and form.is_valid():
        try:
            services.save_work_unit(
                actor=request.ctx, establishment=unit.establishment, unit=unit, **form.cleaned_data
            )
        except PreventionError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Unité de travail enregistrée.")
            return redirect(
                f"{audience}:prevention:workunit-list", establishment_pk=unit.establishment_id
            )
    return render(
        request,
        "prevention/workunits/edit.html",
        {"base": f"{audience}/base.html", "shell": audience, "unit": unit, "form": form},
    )


def unit_archive(request: HttpRequest, pk: int, *, audience: str) -> HttpResponse:
    unit = get_object_or_404(WorkUnit.objects.visible_to(request.ctx), pk=pk)
    services.archive_work_unit(actor=request.ctx, unit=unit)
    messages.success(request, f"Unité « {unit.name} » archivée.")
    return redirect(f"{audience}:prevention:workunit-list", establishment_pk=unit.establishment_id)
