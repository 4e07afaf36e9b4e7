"""Back-office actions on consents: record (with its proof), withdraw, download the proof."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.decorators.http import require_POST, require_safe

from accounts import audit
from accounts.gates import backoffice_view
from pdp.cases import selectors as case_selectors
from pdp.consents import forms, services
from pdp.errors import PdpError
from pdp.models import Consent
from spsti.downloads import stored_file_response

WRITE = "pdp.case:write"


def _to_case(case_pk: int) -> HttpResponse:
    return redirect(reverse("backoffice:pdp:case-detail", args=[case_pk]) + "#consentements")


@require_POST
@backoffice_view(WRITE)
def consent_create(request: HttpRequest, pk: int) -> HttpResponse:
    case = case_selectors.case_for_write(request.ctx, pk)
    form = forms.ConsentForm(request.POST, request.FILES)
    if not form.is_valid():
        errors = "; ".join(
            f"{form.fields[name].label if name in form.fields else ''} {e}".strip()
            for name, errs in form.errors.items()
            for e in errs
        )
        messages.error(request, f"Consentement non enregistré : {errors}")
        return _to_case(case.pk)
    try:
        services.record_consent(actor=request.ctx, case=case, **form.cleaned_data)
    except PdpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Consentement enregistré.")
    return _to_case(case.pk)


def _consent(request: HttpRequest, pk: int) -> Consent:
    return get_object_or_404(
        Consent.objects.filter(case__in=case_selectors.case_list(request.ctx)).select_related(
            "case"
        ),
        pk=pk,
    )


@require_POST
@backoffice_view(WRITE)
def consent_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    consent = _consent(request, pk)
    case_selectors.case_for_write(request.ctx, consent.case_id)
    form = forms.WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez la date du retrait.")
    else:
        try:
            services.withdraw_consent(
                actor=request.ctx, consent=consent, on=form.cleaned_data["on"]
            )
        except PdpError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "Retrait du consentement enregistré : plus rien n'est transmis à ce destinataire.",
            )
    return _to_case(consent.case_id)


@require_safe
@backoffice_view("pdp.case:read")
def consent_proof(request: HttpRequest, pk: int) -> HttpResponse:
    """The signed form, its SHA-256 checked (an altered file is refused); a logged read like
    the case itself."""
    consent = _consent(request, pk)
    if not consent.proof_file:
        raise Http404("Pas de formulaire déposé pour ce consentement.")
    audit.record_read(request.ctx, "pdp.consent.read", consent, request=request)
    extension = consent.proof_file.name.rsplit(".", 1)[-1]
    return stored_file_response(
        consent.proof_file,
        consent.proof_sha256,
        f"consentement-{consent.pk}.{extension}",
        services.proof_content_type(consent),
    )
