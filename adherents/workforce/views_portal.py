"""Member-portal views of the workforce declaration: per establishment, for the campaign."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import portal_view
from adherents import hooks
from adherents.models import Establishment
from adherents.rules import workforce as rules
from adherents.workforce import selectors, services
from adherents.workforce.forms import HeadcountForm, ReasonHeadcountForm
from spsti.pagination import paginate_request

DECLARE = "adherents.workforce:declare"
NO_CAMPAIGN = "Aucune campagne de déclaration des effectifs n'est ouverte pour le moment."


def _window(campaign, today):
    return rules.campaign_window(today, campaign.opens_on, campaign.closes_on) if campaign else None


def _establishment(request: HttpRequest, pk: int) -> Establishment:
    return get_object_or_404(  # another member's establishment: 404
        selectors.declaring_establishments().filter(adherent_id=request.ctx.adherent_id), pk=pk
    )


def _headcount(data: dict) -> services.Headcount:
    return services.Headcount(data["si"], data["sia"], data["sir"], data["company_heads"])


@require_safe
@portal_view(DECLARE)
def declaration_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    campaign = selectors.current_campaign(today)
    page = paginate_request(
        request,
        selectors.declaring_establishments()
        .filter(adherent_id=request.ctx.adherent_id)
        .order_by("-is_head_office", "name", "pk"),
    )
    rows = selectors.establishment_rows(page.items, campaign) if campaign else []
    return render(
        request,
        "adherents/workforce/declaration_list.html",
        {"campaign": campaign, "window": _window(campaign, today), "page": page, "rows": rows},
    )


def _prefill(establishment: Establishment) -> dict | None:
    """The worker list's current headcount, or None (no follow-up app, or no current worker)."""
    counts = hooks.headcount_by_category([establishment.pk])
    return counts.get(establishment.pk) if counts is not None else None


def _declaration_page(request, establishment, campaign, *, form=None, correction=None, update=None):
    today = timezone.localdate()
    versions = []
    prefill = None
    if campaign is not None:
        versions = list(
            establishment.declarations.filter(campaign=campaign)
            .select_related("submitted_by", "via_firm")
            .order_by("-version")
        )
    if campaign is not None and not versions:
        prefill = _prefill(establishment)
        form = form or HeadcountForm(initial=prefill or {})
    latest = versions[0] if versions else None
    initial = (
        {
            "si": latest.headcount_si,
            "sia": latest.headcount_sia,
            "sir": latest.headcount_sir,
            "company_heads": latest.company_heads,
        }
        if latest
        else {}
    )
    return render(
        request,
        "adherents/workforce/declaration_form.html",
        {
            "establishment": establishment,
            "campaign": campaign,
            "window": _window(campaign, today),
            "versions": versions,
            "latest": latest,
            "late": bool(versions) and selectors.declaration_is_late(versions[-1], campaign),
            "prefilled": prefill is not None,
            "form": form,
            "correction_form": correction or ReasonHeadcountForm(prefix="corr", initial=initial),
            "update_form": update or ReasonHeadcountForm(prefix="maj", initial=initial),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view(DECLARE)
def declaration(request: HttpRequest, pk: int) -> HttpResponse:
    establishment = _establishment(request, pk)
    campaign = selectors.current_campaign(timezone.localdate())
    if request.method in ("GET", "HEAD"):
        return _declaration_page(request, establishment, campaign)
    if campaign is None:
        messages.error(request, NO_CAMPAIGN)
        return redirect("portal:adherents:workforce-declaration", pk=establishment.pk)
    form = HeadcountForm(request.POST)
    if not form.is_valid():
        return _declaration_page(request, establishment, campaign, form=form)
    try:
        declared = services.declare(
            request.ctx,
            establishment=establishment,
            campaign=campaign,
            headcount=_headcount(form.cleaned_data),
            prefilled=_prefill(establishment) is not None,
        )
    except services.WorkforceError as error:
        messages.error(request, str(error))
    else:
        text = f"Effectifs {campaign.year} déclarés pour {establishment.name}."
        if selectors.declaration_is_late(declared, campaign):
            text += " La campagne était close : la déclaration est enregistrée hors délai."
        messages.success(request, text)
    return redirect("portal:adherents:workforce-declaration", pk=establishment.pk)


@require_POST
@portal_view(DECLARE)
def correction_request(request: HttpRequest, pk: int) -> HttpResponse:
    """« Demander une correction » of a locked declaration: a request to the service."""
    establishment = _establishment(request, pk)
    campaign = selectors.current_campaign(timezone.localdate())
    if campaign is None:
        messages.error(request, NO_CAMPAIGN)
        return redirect("portal:adherents:workforce-declaration", pk=establishment.pk)
    form = ReasonHeadcountForm(request.POST, prefix="corr")
    if not form.is_valid():
        return _declaration_page(request, establishment, campaign, correction=form)
    try:
        services.request_correction(
            request.ctx,
            establishment=establishment,
            campaign=campaign,
            headcount=_headcount(form.cleaned_data),
            reason=form.cleaned_data["reason"],
        )
    except services.WorkforceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            "Demande de correction envoyée au service : la déclaration sera corrigée après "
            "vérification, et vous recevrez sa réponse.",
        )
    return redirect("portal:adherents:workforce-declaration", pk=establishment.pk)


@require_POST
@portal_view(DECLARE)
def update(request: HttpRequest, pk: int) -> HttpResponse:
    """« Mettre à jour mes effectifs » during the year: a new version of the declaration."""
    establishment = _establishment(request, pk)
    campaign = selectors.current_campaign(timezone.localdate())
    if campaign is None:
        messages.error(request, NO_CAMPAIGN)
        return redirect("portal:adherents:workforce-declaration", pk=establishment.pk)
    form = ReasonHeadcountForm(request.POST, prefix="maj")
    if not form.is_valid():
        return _declaration_page(request, establishment, campaign, update=form)
    try:
        declared = services.update_declaration(
            request.ctx,
            establishment=establishment,
            campaign=campaign,
            headcount=_headcount(form.cleaned_data),
            reason=form.cleaned_data["reason"],
        )
    except services.WorkforceError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"Effectifs mis à jour (version {declared.version}) pour {establishment.name}."
        )
    return redirect("portal:adherents:workforce-declaration", pk=establishment.pk)
