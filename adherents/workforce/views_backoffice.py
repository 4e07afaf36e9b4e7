"""Back-office views of the workforce declaration: campaigns, who declared, corrections."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import backoffice_view
from adherents.models import DeclarationCampaign, Establishment
from adherents.workforce import selectors, services
from adherents.workforce.forms import ApplyCorrectionForm, CampaignForm
from spsti.forms import unchanged
from spsti.pagination import paginate, paginate_request
from spsti.params import parse_int

MANAGE = "adherents.workforce:manage"
VIEW = "adherents.workforce:view"  # the invoicing staff read the declarations


@require_safe
@backoffice_view(MANAGE, VIEW)  # the member service, or invoicing reading
def campaign_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, DeclarationCampaign.objects.order_by("-year"))
    return render(request, "adherents/workforce/campaign_list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def campaign_create(request: HttpRequest) -> HttpResponse:
    form = CampaignForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            campaign = services.create_campaign(request.ctx, **form.cleaned_data)
        except services.WorkforceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Campagne {campaign.year} créée.")
            return redirect("backoffice:adherents:workforce-campaign-detail", pk=campaign.pk)
    return render(request, "adherents/workforce/campaign_form.html", {"form": form})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def campaign_edit(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(DeclarationCampaign, pk=pk)
    initial = {
        "opens_on": campaign.opens_on,
        "closes_on": campaign.closes_on,
        "reminder_days": ", ".join(str(d) for d in campaign.reminder_days),
    }
    form = CampaignForm(request.POST or None, initial=initial, editing=True)
    if unchanged(request, form):
        return redirect("backoffice:adherents:workforce-campaign-detail", pk=campaign.pk)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_campaign(request.ctx, campaign, **form.cleaned_data)
        except services.WorkforceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Campagne {campaign.year} modifiée.")
            return redirect("backoffice:adherents:workforce-campaign-detail", pk=campaign.pk)
    return render(
        request, "adherents/workforce/campaign_form.html", {"form": form, "campaign": campaign}
    )


def _int_or_none(value: str | None) -> int | None:
    return parse_int(value)


@require_safe
@backoffice_view(MANAGE, VIEW)  # the member service, or invoicing reading
def campaign_detail(request: HttpRequest, pk: int) -> HttpResponse:
    campaign = get_object_or_404(DeclarationCampaign, pk=pk)
    ctx = request.ctx
    team_id = _int_or_none(request.GET.get("equipe"))
    if team_id is not None and not ctx.sees_team(team_id):
        team_id = None
    state = request.GET.get("etat", "")
    page = paginate_request(
        request, selectors.campaign_establishments(ctx, campaign, team_id=team_id, state=state)
    )
    corrections = None
    if ctx.has_perm(MANAGE):
        corrections = paginate(selectors.pending_corrections(ctx), request.GET.get("demandes"), 20)
    return render(
        request,
        "adherents/workforce/campaign_detail.html",
        {
            "campaign": campaign,
            "teams": selectors.campaign_counts_by_team(ctx, campaign),
            "team_id": team_id,
            "state": state,
            "page": page,
            "rows": selectors.establishment_rows(page.items, campaign),
            "corrections": corrections,
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def correction_apply(request: HttpRequest, pk: int) -> HttpResponse:
    """Apply a member's correction request: a new version of kind correction."""
    member_request = get_object_or_404(  # another centre's request: 404
        selectors.correction_requests(request.ctx), pk=pk
    )
    form = ApplyCorrectionForm(
        request.POST or None,
        adherent_id=member_request.adherent_id,
        initial=_proposed_initial(member_request),
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            declaration = services.apply_correction(
                request.ctx,
                request=member_request,
                establishment=data["establishment"],
                campaign=data["campaign"],
                headcount=services.Headcount(
                    data["si"], data["sia"], data["sir"], data["company_heads"]
                ),
                reason=data["reason"],
            )
        except services.WorkforceError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request,
                f"Correction appliquée : version {declaration.version} des effectifs "
                f"{declaration.campaign.year} de {declaration.establishment.name}. Répondez "
                "à la demande depuis la boîte des demandes.",
            )
            return redirect(
                "backoffice:adherents:workforce-campaign-detail", pk=declaration.campaign_id
            )
    return render(
        request,
        "adherents/workforce/correction_apply.html",
        {"member_request": member_request, "form": form},
    )


def _proposed_initial(member_request) -> dict:
    """Pre-fill the form with what the member proposed (the request's structured text)."""
    found = services.proposed_correction(member_request.body)
    initial = {k: found[k] for k in ("si", "sia", "sir", "company_heads") if k in found}
    if "siret" in found:
        initial["establishment"] = (
            Establishment.objects.filter(
                adherent_id=member_request.adherent_id, siret=found["siret"]
            )
            .values_list("pk", flat=True)
            .first()
        )
    if "year" in found:
        initial["campaign"] = (
            DeclarationCampaign.objects.filter(year=found["year"])
            .values_list("pk", flat=True)
            .first()
        )
    return initial
