"""Back-office actions on a case's plan: measures, actions, partner requests, letters."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from pdp.caseload.selectors import cell_users
from pdp.cases import selectors as case_selectors
from pdp.errors import PdpError
from pdp.models import MeasuresLetter, PlanAction
from pdp.plans import forms, services
from spsti.downloads import stored_file_response

WRITE = "pdp.case:write"


def _to_plan(case_pk: int) -> HttpResponse:
    return redirect(reverse("backoffice:pdp:case-detail", args=[case_pk]) + "#plan")


def _form_errors(form) -> str:
    return "; ".join(str(e) for errors in form.errors.values() for e in errors)


def _run(request: HttpRequest, case, form, action, success: str) -> HttpResponse:
    if not form.is_valid():
        messages.error(request, f"Formulaire incomplet : {_form_errors(form)}")
    else:
        try:
            action(form.cleaned_data)
        except PdpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
    return _to_plan(case.pk)


@require_POST
@backoffice_view(WRITE)
def measure_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_for_write(request.ctx, pk)
    return _run(
        request,
        case,
        forms.MeasureForm(request.POST),
        lambda d: services.add_measure(actor=request.ctx, case=case, **d),
        "Mesure ajoutée au plan.",
    )


@require_POST
@backoffice_view(WRITE)
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_for_write(request.ctx, pk)
    form = forms.ActionForm(request.POST, owners=cell_users(case.center_id))
    return _run(
        request,
        case,
        form,
        lambda d: services.add_action(actor=request.ctx, case=case, **d),
        "Action ajoutée au plan.",
    )


@require_POST
@backoffice_view(WRITE)
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    action = get_object_or_404(
        PlanAction.objects.filter(case__in=case_selectors.case_list(request.ctx)), pk=pk
    )
    case = case_selectors.case_for_write(request.ctx, action.case_id)
    try:
        services.complete_action(actor=request.ctx, action=action)
    except PdpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Action faite.")
    return _to_plan(case.pk)


@require_POST
@backoffice_view(WRITE)
def partner_request_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_for_write(request.ctx, pk)
    return _run(
        request,
        case,
        forms.PartnerRequestForm(request.POST),
        lambda d: services.send_partner_request(actor=request.ctx, case=case, **d),
        "Sollicitation envoyée au partenaire par un lien personnel.",
    )


@require_POST
@backoffice_view(WRITE)
def letter_issue(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_for_write(request.ctx, pk)
    try:
        services.issue_letter(actor=request.ctx, case=case)
    except PdpError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "Courrier de mesures émis : l'employeur le télécharge dans son espace adhérent.",
        )
    return _to_plan(case.pk)


@require_safe
@backoffice_view("pdp.case:read")
def letter_download(request: HttpRequest, pk: int) -> HttpResponse:
    letter = get_object_or_404(
        MeasuresLetter.objects.filter(case__in=case_selectors.case_list(request.ctx)), pk=pk
    )
    if not letter.pdf:
        raise Http404("Courrier en cours de génération.")
    return stored_file_response(
        letter.pdf, letter.pdf_sha256, f"courrier-mesures-v{letter.number}.pdf"
    )
