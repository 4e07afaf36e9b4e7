"""Member-portal views of workers: list, detail, declarations (no medical content, ever)."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import portal_view
from adherents.models import Establishment
from spsti.forms import unchanged
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Absence, Employment
from suivi_sante.workers import forms, selectors, services, services_declaration
from suivi_sante.workers.views_common import total_label, worker_filters, worker_page


@require_safe
@portal_view("suivi_sante.worker:view")
def worker_list(request: HttpRequest) -> HttpResponse:
    establishments = Establishment.objects.visible_to(request.ctx).order_by("name")
    form, filters = worker_filters(request, establishments=establishments)
    workers = selectors.worker_list(request.ctx, filters=filters)
    cap = selectors.total_cap(filters)
    return render(
        request,
        "suivi_sante/workers/portal/worker_list.html",
        {
            "page": worker_page(request, workers, filters),
            "form": form,
            "filtered": filters.active,
            "total": total_label(selectors.worker_total(workers, cap), cap),
        },
    )


@require_safe
@portal_view("suivi_sante.worker:view")
def worker_detail(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_detail(request.ctx, pk)
    return render(
        request,
        "suivi_sante/workers/portal/worker_detail.html",
        {
            "worker": worker,
            "employments": selectors.employments_of(worker),
            "absences": worker.absences.all(),
            "due_items": selectors.due_visits_of(request.ctx, worker),
            "departure_form": forms.DepartureForm(),
            "absence_form": forms.AbsenceForm(),
            "return_form": forms.ReturnForm(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view("suivi_sante.worker:declare")
def worker_hire(request: HttpRequest) -> HttpResponse:
    establishments = Establishment.objects.visible_to(request.ctx).order_by("name")
    form = forms.HireForm(request.POST or None, establishments=establishments)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            worker, duplicates = services.declare_hire(
                actor=request.ctx, **services.hire_parts(data)
            )
        except FollowUpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Embauche de {worker} enregistrée.")
            if duplicates:
                messages.warning(
                    request,
                    "Un salarié de même identité est déjà déclaré : le service vérifiera s'il "
                    "s'agit de la même personne avant de fusionner les dossiers.",
                )
            return redirect("portal:suivi_sante:worker-detail", pk=worker.pk)
    return render(request, "suivi_sante/workers/portal/worker_hire.html", _hire_sections(form))


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view("suivi_sante.worker:declare")
def worker_update(request: HttpRequest, pk: int) -> HttpResponse:
    """« Modifier »: the employer corrects its declaration of the worker's current post."""
    worker = selectors.worker_detail(request.ctx, pk)
    employment = services_declaration.current_employment(worker)
    if employment is None:
        messages.error(request, services_declaration.NO_CURRENT_POST)
        return redirect("portal:suivi_sante:worker-detail", pk=worker.pk)
    initial = services_declaration.declaration_of(employment)
    form = forms.DeclarationForm(request.POST or None, initial=initial)
    if unchanged(request, form):
        return redirect("portal:suivi_sante:worker-detail", pk=worker.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services_declaration.update_declaration(
                actor=request.ctx, worker=worker, changes=form.cleaned_data
            )
        except FollowUpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Déclaration de {worker} corrigée.")
            return redirect("portal:suivi_sante:worker-detail", pk=worker.pk)
    return render(
        request,
        "suivi_sante/workers/portal/worker_update.html",
        {"worker": worker, "employment": employment, "form": form},
    )


def _hire_sections(form: forms.HireForm) -> dict:
    """The hire form cut into the fieldsets the page shows."""

    def fields(*names: str) -> list:
        return [form[name] for name in names]

    return {
        "form": form,
        "identity_fields": fields("last_name", "first_name", "birth_date", "sex", "nir"),
        "post_fields": fields(
            "establishment",
            "job_title",
            "pcs_ese_code",
            "contract",
            "start_on",
            "end_on",
            "effective_work_days",
            "is_night_work",
        ),
        "exposure_fields": fields(
            "is_exposed_biological_agents_2",
            "is_exposed_electromagnetic_fields",
            "sir_risks",
            "aptitude_jobs",
        ),
        "situation_fields": fields("is_disabled", "has_invalidity_pension", "is_pregnant"),
    }


@require_POST
@portal_view("suivi_sante.worker:declare")
def employment_end(request: HttpRequest, pk: int) -> HttpResponse:
    employment = get_object_or_404(
        Employment.objects.filter(worker__in=selectors.worker_list(request.ctx)), pk=pk
    )
    form = forms.DepartureForm(request.POST)
    if form.is_valid():
        try:
            services.declare_departure(actor=request.ctx, employment=employment, **form.departure())
            messages.success(request, "Départ enregistré.")
        except FollowUpError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Indiquez une date de sortie valide.")
    return redirect("portal:suivi_sante:worker-detail", pk=employment.worker_id)


@require_POST
@portal_view("suivi_sante.worker:declare")
def absence_create(request: HttpRequest, pk: int) -> HttpResponse:
    worker = selectors.worker_detail(request.ctx, pk)
    form = forms.AbsenceForm(request.POST)
    if form.is_valid():
        try:
            services.declare_absence(actor=request.ctx, worker=worker, **form.cleaned_data)
            messages.success(request, "Absence enregistrée.")
        except FollowUpError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Absence non enregistrée : vérifiez le motif et les dates.")
    return redirect("portal:suivi_sante:worker-detail", pk=worker.pk)


@require_POST
@portal_view("suivi_sante.worker:declare")
def absence_return(request: HttpRequest, pk: int) -> HttpResponse:
    absence = get_object_or_404(Absence.objects.visible_to(request.ctx), pk=pk)
    form = forms.ReturnForm(request.POST)
    if form.is_valid():
        try:
            services.declare_return(
                actor=request.ctx, absence=absence, return_on=form.cleaned_data["return_on"]
            )
            messages.success(request, "Reprise du travail enregistrée.")
        except FollowUpError as error:
            messages.error(request, str(error))
    else:
        messages.error(request, "Indiquez une date de reprise valide.")
    return redirect("portal:suivi_sante:worker-detail", pk=absence.worker_id)
