"""Back-office pages of self-assessment: campaigns, a criterion's line, readiness and chart."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from certification.assessments import selectors, services
from certification.assessments.forms import AssessmentForm, CampaignForm, EvidenceForm
from certification.assessments.models import Assessment, Campaign
from certification.documents.models import ControlledDocument
from certification.errors import CertificationError
from certification.perms import QUALITY_MANAGE, QUALITY_VIEW
from certification.referential.selectors import assessable_referentials
from spsti.pagination import paginate_request

TEMPLATES = "certification/assessments"


@require_safe
@backoffice_view(QUALITY_VIEW)
def campaign_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.campaigns_for(request.ctx))
    return render(request, f"{TEMPLATES}/campaign_list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(QUALITY_MANAGE)
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, referentials=assessable_referentials(request.ctx))
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.open_campaign(actor=request.ctx, **form.cleaned_data)
        except CertificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Campagne ouverte.")
            return redirect("backoffice:certification:campaign-detail", pk=campaign.pk)
    return render(request, f"{TEMPLATES}/campaign_form.html", {"form": form})


def _campaign(request: HttpRequest, pk: int) -> Campaign:
    return get_object_or_404(
        Campaign.objects.visible_to(request.ctx).select_related("referential"), pk=pk
    )


@require_safe
@backoffice_view(QUALITY_VIEW)
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    comparison = selectors.comparison(campaign)
    bars, height = selectors.chart_bars(comparison.levels)
    return render(
        request,
        f"{TEMPLATES}/campaign_detail.html",
        {
            "campaign": campaign,
            "lines": selectors.lines_of(campaign),
            "figures": selectors.live_figures(campaign.center_id, timezone.localdate()),
            "comparison": comparison,
            "bars": bars,
            "chart_height": height,
        },
    )


@require_safe
@backoffice_view(QUALITY_VIEW)
def campaign_readiness(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    comparison = selectors.comparison(campaign)
    level_bars, level_height = selectors.chart_bars(comparison.levels)
    chapter_bars, chapter_height = selectors.chart_bars(comparison.chapters)
    return render(
        request,
        f"{TEMPLATES}/readiness.html",
        {
            "campaign": campaign,
            "comparison": comparison,
            "level_bars": level_bars,
            "level_height": level_height,
            "chapter_bars": chapter_bars,
            "chapter_height": chapter_height,
        },
    )


@require_POST
@backoffice_view(QUALITY_MANAGE)
def campaign_close(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = _campaign(request, pk)
    try:
        services.close_campaign(actor=request.ctx, campaign=campaign)
    except CertificationError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Campagne close.")
    return redirect("backoffice:certification:campaign-detail", pk=campaign.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(QUALITY_MANAGE)
def assessment_edit(request: HttpRequest, pk: int) -> HttpResponse:
    line = get_object_or_404(
        Assessment.objects.filter(campaign__in=Campaign.objects.visible_to(request.ctx))
        .select_related("campaign", "criterion__chapter", "assessor")
        .prefetch_related("evidence__document"),
        pk=pk,
    )
    documents = ControlledDocument.objects.visible_to(request.ctx)
    form = AssessmentForm(
        request.POST if "status" in request.POST else None,
        initial={
            "status": line.status,
            "justification": line.justification,
            "comment": line.comment,
        },
    )
    evidence_form = EvidenceForm(
        request.POST if "evidence" in request.POST else None, documents=documents, prefix="ev"
    )
    if request.method == "POST":
        try:
            if "status" in request.POST and form.is_valid():
                services.assess(actor=request.ctx, assessment=line, **form.cleaned_data)
                messages.success(request, f"Critère {line.criterion.code} évalué.")
                return redirect("backoffice:certification:campaign-detail", pk=line.campaign_id)
            if "evidence" in request.POST and evidence_form.is_valid():
                services.add_evidence(
                    actor=request.ctx, assessment=line, **evidence_form.cleaned_data
                )
                messages.success(request, "Élément de preuve ajouté.")
                return redirect("backoffice:certification:assessment-edit", pk=line.pk)
        except CertificationError as error:
            messages.error(request, str(error))
    return render(
        request,
        f"{TEMPLATES}/assessment_form.html",
        {
            "line": line,
            "form": form,
            "evidence_form": evidence_form,
            "figures": selectors.live_figures(line.campaign.center_id, timezone.localdate()),
        },
    )
