"""Back-office pages of PDP cases: list, referral, the case page and its steps.

Another centre's case, or a case of this centre one may not read: 404 (PdpCase.visible_to).
Each rendering of a case page is one logged read (accounts.AccessLog).
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from adherents.models import Adherent
from pdp import perms
from pdp.caseload.selectors import cell_users
from pdp.cases import forms, selectors, services
from pdp.consents.forms import ConsentForm
from pdp.errors import DuplicateCaseError, PdpError
from pdp.models import CaseFollowUp, PdpCase
from pdp.plans import forms as plan_forms
from pdp.plans import selectors as plan_selectors
from pdp.rules import cases as rules
from spsti.forms import unchanged
from spsti.pagination import paginate_request
from suivi_sante.models import Worker

READ, WRITE, REFER = "pdp.case:read", "pdp.case:write", "pdp.referral:create"
DETAIL = "backoffice:pdp:case-detail"


@require_safe
@backoffice_view(READ)
def case_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("etape", "")
    mine = request.GET.get("mes-dossiers") == "1"
    page = paginate_request(request, selectors.case_list(request.ctx, status=status, mine=mine))
    return render(
        request,
        "pdp/cases/case_list.html",
        {"page": page, "statuses": rules.STATUSES, "status": status, "mine": mine},
    )


def _refused_duplicate(request: HttpRequest, error: DuplicateCaseError, form, worker):
    form.add_error(None, str(error))
    return render(
        request,
        "pdp/cases/refer.html",
        {"form": form, "worker": worker, "existing": error.case},
        status=409,
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(REFER)
def refer_worker(request: HttpRequest, worker_pk: int) -> HttpResponse:
    """ "Signaler à la cellule PDP" from the worker's page or the DMST."""
    worker = get_object_or_404(
        Worker.objects.visible_to(request.ctx).select_related("adherent"), pk=worker_pk
    )
    existing = selectors.open_case_of(worker)
    initial = {
        "source": "physician" if "suivi_sante.avis:issue" in request.ctx.permissions else "team"
    }
    form = forms.ReferralForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            case = services.refer_worker(actor=request.ctx, worker=worker, **form.cleaned_data)
        except DuplicateCaseError as error:
            return _refused_duplicate(request, error, form, worker)
        except PdpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le salarié est signalé à la cellule PDP.")
            if perms.can_read_case(request.ctx, case):
                return redirect(DETAIL, pk=case.pk)
            return redirect("backoffice:suivi_sante:worker-detail", pk=worker.pk)
    return render(
        request, "pdp/cases/refer.html", {"form": form, "worker": worker, "existing": existing}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(REFER)
def refer_person(request: HttpRequest) -> HttpResponse:
    """A referral for a person not yet in the records (partner, worker calling the cell)."""
    adherents = Adherent.objects.filter(team_id__in=request.ctx.team_ids)
    form = forms.PersonReferralForm(request.POST or None, adherents=adherents)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.refer_person(
                actor=request.ctx,
                last_name=data["last_name"],
                first_name=data["first_name"],
                birth_date=data["birth_date"],
                adherent=data["adherent"],
                source=data["source"],
                reason=data["reason"],
                referrer_label=data["referrer_label"],
            )
        except PdpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le signalement est enregistré.")
            if perms.can_read_case(request.ctx, case):
                return redirect(DETAIL, pk=case.pk)
            return redirect("backoffice:pdp:case-list")
    return render(request, "pdp/cases/refer.html", {"form": form, "worker": None})


@require_safe
@backoffice_view(READ)
def case_detail(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_page(request.ctx, pk)
    record = selectors.read_case(request.ctx, case, request=request)
    context = {"record": record, "case": case, "plan": plan_selectors.plan_of(case)}
    if record.can_write and case.is_open:
        context |= {
            "status_form": forms.StatusForm(current=case.status),
            "first_contact_form": forms.FirstContactForm(),
            "risk_form": forms.RiskForm(),
            "opposition_form": forms.OppositionForm(initial=_opposition(case)),
            "liaison_form": forms.LiaisonForm(),
            "close_form": forms.CloseForm(),
            "consent_form": ConsentForm(),
            "measure_form": plan_forms.MeasureForm(),
            "action_form": plan_forms.ActionForm(owners=cell_users(case.center_id)),
            "partner_form": plan_forms.PartnerRequestForm(),
        }
    if record.can_write:
        context["follow_up_form"] = forms.FollowUpForm()
    return render(request, "pdp/cases/case_detail.html", context)


def _post(
    request: HttpRequest, pk: int, form_class, action, success: str, initial=None
) -> HttpResponse:
    """Shared shape of the case's POST actions: the form, the service, a message, the page.
    `initial(case)`: what the page showed, for a form that edits a value of the case."""
    case = selectors.case_for_write(request.ctx, pk)
    form = form_class(request.POST, initial=initial(case) if initial else None)
    if initial and unchanged(request, form):
        pass
    elif not form.is_valid():
        errors = "; ".join(f"{e}" for errs in form.errors.values() for e in errs)
        messages.error(request, f"Formulaire incomplet : {errors}")
    else:
        try:
            action(case, form.cleaned_data)
        except PdpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
    return redirect(DETAIL, pk=case.pk)


@require_POST
@backoffice_view(WRITE)
def case_take(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_write(request.ctx, pk)
    try:
        services.take_case(actor=request.ctx, case=case)
    except PdpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Vous êtes le référent de ce dossier.")
    return redirect(DETAIL, pk=case.pk)


@require_POST
@backoffice_view(WRITE)
def case_status(request: HttpRequest, pk: int) -> HttpResponse:
    case = selectors.case_for_write(request.ctx, pk)
    form = forms.StatusForm(request.POST, current=case.status)
    if form.is_valid():
        try:
            services.change_status(actor=request.ctx, case=case, **form.cleaned_data)
        except PdpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Étape du dossier mise à jour.")
    else:
        messages.error(request, "Cette étape n'est pas possible depuis l'étape actuelle.")
    return redirect(DETAIL, pk=case.pk)


@require_POST
@backoffice_view(WRITE)
def case_first_contact(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        forms.FirstContactForm,
        lambda case, d: services.record_first_contact(actor=request.ctx, case=case, on=d["on"]),
        "Premier contact enregistré.",
    )


@require_POST
@backoffice_view(WRITE)
def case_risk(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        forms.RiskForm,
        lambda case, d: services.record_risk(actor=request.ctx, case=case, **d),
        "Niveau de risque enregistré.",
    )


@require_POST
@backoffice_view(WRITE)
def case_opposition(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        forms.OppositionForm,
        lambda case, d: services.set_prereprise_opposition(
            actor=request.ctx, case=case, opposes=d["opposes"]
        ),
        "Choix du salarié enregistré (R4624-30).",
        initial=_opposition,
    )


def _opposition(case: PdpCase) -> dict:
    return {"opposes": case.opposes_prereprise_sharing}


@require_POST
@backoffice_view(WRITE)
def case_liaison(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        forms.LiaisonForm,
        lambda case, d: services.record_liaison_meeting(actor=request.ctx, case=case, **d),
        "Rendez-vous de liaison enregistré.",
    )


@require_POST
@backoffice_view(WRITE)
def case_close(request: HttpRequest, pk: int) -> HttpResponse:
    return _post(
        request,
        pk,
        forms.CloseForm,
        lambda case, d: services.close_case(
            actor=request.ctx, case=case, outcome=d["outcome"], on=d["on"]
        ),
        "Dossier clos. Ses suivis à 6 et 12 mois seront créés à leur date.",
    )


@require_POST
@backoffice_view(WRITE)
def follow_up_record(request: HttpRequest, pk: int) -> HttpResponse:
    follow_up = get_object_or_404(
        CaseFollowUp.objects.filter(case__in=selectors.case_list(request.ctx)).select_related(
            "case"
        ),
        pk=pk,
    )
    selectors.case_for_write(request.ctx, follow_up.case_id)
    form = forms.FollowUpForm(request.POST)
    if form.is_valid():
        try:
            services.record_follow_up(actor=request.ctx, follow_up=follow_up, **form.cleaned_data)
        except PdpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Suivi enregistré.")
    else:
        messages.error(request, "Choisissez l'issue constatée.")
    return redirect(reverse(DETAIL, args=[follow_up.case_id]) + "#suivis")
