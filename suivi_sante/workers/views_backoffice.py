"""Back-office views of workers: list, detail, the physician's category, duplicates."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from spsti.forms import unchanged
from suivi_sante import perms
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Worker
from suivi_sante.workers import forms, selectors, services
from suivi_sante.workers.views_common import total_label, worker_filters, worker_page


@require_safe
@backoffice_view("suivi_sante.worker:view")
def worker_list(request: HttpRequest) -> HttpResponse:
    form, filters = worker_filters(request)
    workers = selectors.worker_list(request.ctx, filters=filters)
    cap = selectors.total_cap(filters)
    return render(
        request,
        "suivi_sante/workers/backoffice/worker_list.html",
        {
            "page": worker_page(request, workers, filters),
            "form": form,
            "filtered": filters.active,
            "total": total_label(selectors.worker_total(workers, cap), cap),
        },
    )


@require_safe
@backoffice_view("suivi_sante.worker:view")
def worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ctx = request.ctx
    worker = selectors.worker_detail(ctx, pk)
    return render(
        request,
        "suivi_sante/workers/backoffice/worker_detail.html",
        {
            "worker": worker,
            "employments": selectors.employments_of(worker),
            "absences": worker.absences.all(),
            "due_items": selectors.due_visits_of(ctx, worker),
            "visits": worker.visits.select_related("professional").order_by("-scheduled_at")[:20],
            "merged_duplicates": worker.merged_duplicates.all(),
            "duplicates": services.duplicates_of(worker) if not worker.merged_into_id else [],
            "can_read_dmst": perms.can_read_dmst(ctx, worker),
            "can_override": ctx.has_perm("suivi_sante.category:override"),
            "can_merge": ctx.has_perm("suivi_sante.worker:merge"),
            "category_form": forms.CategoryForm(
                initial={
                    "category": worker.category,
                    "periodicity_months": worker.physician_periodicity_months,
                }
            ),
            "can_manage_identity": ctx.has_perm("suivi_sante.identity:manage"),
            "identity_form": forms.IdentityForm(initial=_identity(worker)),
        },
    )


@require_POST
@backoffice_view("suivi_sante.category:override")
def worker_category(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_detail(request.ctx, pk)
    form = forms.CategoryForm(request.POST)
    if form.is_valid():
        try:
            services.set_category(actor=request.ctx, worker=worker, **form.cleaned_data)
            messages.success(request, "Catégorie de suivi enregistrée.")
        except FollowUpError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Choisissez une catégorie et indiquez le motif de la décision.")
    return redirect("backoffice:suivi_sante:worker-detail", pk=worker.pk)


def _identity(worker) -> dict:
    return {
        "nir": worker.nir,
        "ins_oid": worker.ins_oid,
        "identity_status": worker.identity_status,
        "email": worker.email,
        "phone": worker.phone,
    }


@require_POST
@backoffice_view("suivi_sante.identity:manage")
def worker_identity(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_detail(request.ctx, pk)
    form = forms.IdentityForm(request.POST, initial=_identity(worker))
    if unchanged(request, form):
        pass
    elif form.is_valid():
        try:
            services.update_identity(actor=request.ctx, worker=worker, **form.cleaned_data)
            messages.success(request, "Identité mise à jour.")
        except FollowUpError as error:
            messages.error(request, str(error))
    else:
        errors = "; ".join(e for field in form.errors.values() for e in field)
        messages.error(request, f"Identité non enregistrée : {errors}")
    return redirect("backoffice:suivi_sante:worker-detail", pk=worker.pk)


@require_safe
@backoffice_view("suivi_sante.worker:merge")
def duplicate_list(request: HttpRequest) -> HttpResponse:
    groups = selectors.duplicate_groups(request.ctx)
    return render(request, "suivi_sante/workers/backoffice/duplicate_list.html", {"groups": groups})


@require_POST
@backoffice_view("suivi_sante.worker:merge")
def worker_merge(request: HttpRequest) -> HttpResponse:
    form = forms.MergeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez le dossier à conserver et le doublon.")
        return redirect("backoffice:suivi_sante:duplicate-list")
    visible = Worker.objects.visible_to(request.ctx)
    keep = get_object_or_404(visible, pk=form.cleaned_data["keep"])
    duplicate = get_object_or_404(visible, pk=form.cleaned_data["duplicate"])
    try:
        services.merge_workers(actor=request.ctx, keep=keep, duplicate=duplicate)
    except FollowUpError as error:
        messages.error(request, str(error))
        return redirect("backoffice:suivi_sante:duplicate-list")
    messages.success(request, f"Le doublon n° {duplicate.pk} est fusionné dans ce dossier.")
    return redirect("backoffice:suivi_sante:worker-detail", pk=keep.pk)
