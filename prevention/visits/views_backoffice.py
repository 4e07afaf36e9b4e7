"""Back-office views of the "rendez-vous de la prévention": list, plan, record, letter, FE."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from adherents.models import Establishment
from prevention import perms, selectors_reading
from prevention.errors import PreventionError
from prevention.fiche import selectors as fiche_selectors
from prevention.fiche.forms import VisitPlanForm, VisitRecordForm, VisitUnitFormSet
from prevention.models import PreventionVisit
from prevention.selectors_remembered import remembered, scope_key
from prevention.visits import selectors, services
from spsti import outbox
from spsti.downloads import stored_file_response
from spsti.pagination import paginate_keyset_request
from spsti.params import int_param

Visit = PreventionVisit
BLANK_UNITS = 2  # empty rows for units found on the spot


@require_safe
@backoffice_view("prevention.visit:view")
def visit_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("statut", "")
    if status not in Visit.Status.values:
        status = ""
    page = paginate_keyset_request(request, selectors.visit_list_page(request.ctx, status))
    today = timezone.localdate()
    return render(
        request,
        "prevention/visits/backoffice/list.html",
        {
            "page": page,
            "status": status,
            "statuses": Visit.Status.choices,
            "today": today,
            "can_plan": request.ctx.has_perm("prevention.visit:write"),
            # The scope's letters of the last 12 months: remembered like the other lists'
            # whole-scope figures (prevention/selectors_remembered.py), so that a page of the
            # list reads only its own rows.
            "reading": remembered(
                "letter-reading",
                scope_key(request.ctx, today),
                lambda: selectors_reading.letter_reading(request.ctx, today=today),
            ),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("prevention.visit:write")
def visit_create(request: HttpRequest) -> HttpResponse:
    staff = selectors.prevention_staff(request.ctx)
    initial = {"assigned_to": request.user.pk}
    chosen = int_param(request, "etablissement")
    if chosen is not None:  # coming from an establishment's page
        siret = Establishment.objects.visible_to(request.ctx).filter(pk=chosen)
        if siret := siret.values_list("siret", flat=True).first():
            initial["siret"] = siret
    form = VisitPlanForm(request.POST or None, staff=staff, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        establishment = Establishment.objects.visible_to(request.ctx).filter(siret=data["siret"])
        if not (establishment := establishment.first()):
            form.add_error("siret", "Aucun établissement des adhérents du centre n'a ce SIRET.")
        else:
            try:
                visit = services.plan_visit(
                    actor=request.ctx,
                    establishment=establishment,
                    scheduled_on=data["scheduled_on"],
                    assigned_to=data["assigned_to"],
                )
            except PreventionError as error:
                form.add_error(None, str(error))
            else:
                messages.success(request, "Rendez-vous de la prévention programmé.")
                if visit.due_on and visit.scheduled_on > visit.due_on:
                    messages.warning(
                        request,
                        f"La date prévue dépasse le délai de six mois après l'adhésion "
                        f"(avant le {visit.due_on:%d/%m/%Y}).",
                    )
                return redirect("backoffice:prevention:visit-detail", pk=visit.pk)
    return render(request, "prevention/visits/backoffice/form.html", {"form": form})


def _record_forms(visit: PreventionVisit, data=None):
    """The record form and the checklist by unit (the recorded units, else the known ones)."""
    groups = fiche_selectors.thesaurus_choices(fiche_selectors.current_thesaurus_id())
    units = list(visit.units.all())
    if units:
        initial = [
            {
                "name": u.name,
                "work_unit_id": u.work_unit_id,
                "hazards": [h.pk for h in u.hazards.all()],
                "existing_prevention": u.existing_prevention,
                "remarks": u.remarks,
            }
            for u in units
        ]
    else:
        initial = [
            {"name": u.name, "work_unit_id": u.pk}
            for u in fiche_selectors.establishment_units(visit.establishment_id)
        ]
    initial += [{"name": ""} for _ in range(BLANK_UNITS)]
    form = VisitRecordForm(
        data,
        prefix="visit",
        initial={
            "held_on": visit.held_on or timezone.localdate(),
            "employer_expectations": visit.employer_expectations,
            "knowledge_level": visit.knowledge_level,
            "training_needs": visit.training_needs,
            "internal_summary": visit.internal_summary,
            "proposal": visit.proposal,
            "restitution_mode": visit.restitution_mode,
        },
    )
    formset = VisitUnitFormSet(
        data, prefix="units", initial=initial, form_kwargs={"hazard_groups": groups}
    )
    return form, formset


def _detail(request: HttpRequest, visit: PreventionVisit, form=None, formset=None):
    visit = selectors.visit_content(visit)
    can_write = perms.can_write_visit(request.ctx, visit.establishment)
    if can_write and not visit.letter_sha256 and form is None:
        form, formset = _record_forms(visit)
    fiche = fiche_selectors.fiche_of(visit.establishment)
    preparation = selectors.visit_preparation(request.ctx, visit)
    return render(
        request,
        "prevention/visits/backoffice/detail.html",
        {
            "visit": visit,
            "establishment": visit.establishment,
            "form": form,
            "formset": formset,
            "can_write": can_write,
            "can_seed": can_write
            and request.ctx.has_perm("prevention.fiche:write")
            and visit.status == Visit.Status.HELD,
            "fiche": fiche,
            "preparation": preparation,
            "sent_mails": outbox.sent_for(visit) if visit.letter_sha256 else [],
        },
    )


@require_safe
@backoffice_view("prevention.visit:view")
def visit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail(request, get_object_or_404(selectors.visit_list(request.ctx), pk=pk))


@require_POST
@backoffice_view("prevention.visit:write")
def visit_record(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.visit_list(request.ctx), pk=pk)
    form, formset = _record_forms(visit, request.POST)
    if form.is_valid() and formset.is_valid():
        units = [
            services.UnitChecklist(
                name=f.cleaned_data.get("name") or "",
                work_unit_id=f.cleaned_data.get("work_unit_id"),
                hazard_ids=tuple(f.cleaned_data.get("hazards") or ()),
                existing_prevention=f.cleaned_data.get("existing_prevention") or "",
                remarks=f.cleaned_data.get("remarks") or "",
            )
            for f in formset.forms
            if f.cleaned_data
        ]
        try:
            services.record_visit(actor=request.ctx, visit=visit, units=units, **form.cleaned_data)
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Compte rendu du rendez-vous enregistré.")
            return redirect("backoffice:prevention:visit-detail", pk=visit.pk)
    return _detail(request, visit, form, formset)


@require_POST
@backoffice_view("prevention.visit:write")
def visit_letter(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.visit_list(request.ctx), pk=pk)
    try:
        services.send_visit_letter(actor=request.ctx, visit=visit)
    except PreventionError as error:
        messages.error(request, str(error))
    else:
        if outbox.already_queued(services.letter_mail_key(visit)):
            messages.success(
                request,
                "Courrier de synthèse émis : il est envoyé par courriel à l'employeur, qui le "
                "retrouve aussi en ligne.",
            )
        else:
            messages.warning(
                request,
                "Courrier de synthèse émis, mais aucun courriel n'a été envoyé : l'adhérent n'a "
                "ni administrateur ni référent prévention actif. Il retrouve le courrier en ligne.",
            )
    return redirect("backoffice:prevention:visit-detail", pk=visit.pk)


@require_safe
@backoffice_view("prevention.visit:view")
def visit_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.visit_list(request.ctx), pk=pk)
    if not visit.letter_pdf:
        raise Http404("Aucun courrier pour ce rendez-vous.")
    return stored_file_response(
        visit.letter_pdf, visit.letter_sha256, f"rendez-vous-prevention-{visit.pk}.pdf"
    )


@require_POST
@backoffice_view("prevention.fiche:write")
def visit_seed_fiche(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(selectors.visit_list(request.ctx), pk=pk)
    try:
        draft = services.seed_fiche_from_visit(actor=request.ctx, visit=visit)
    except PreventionError as error:
        messages.error(request, str(error))
        return redirect("backoffice:prevention:visit-detail", pk=visit.pk)
    messages.success(
        request, f"Brouillon de la fiche d'entreprise (version {draft.number}) complété."
    )
    return redirect("backoffice:prevention:fiche-version-edit", pk=draft.pk)
