"""Back-office pages of the management review: list, preparation (inputs), record, PDF."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import backoffice_view
from certification import perms
from certification.errors import CertificationError
from certification.perms import QUALITY_MANAGE, QUALITY_VIEW, REVIEW_HOLD
from certification.reviews import services
from certification.reviews.forms import ReviewForm
from certification.reviews.models import ManagementReview
from spsti.downloads import stored_file_response

TEMPLATES = "certification/reviews"


@require_safe
@backoffice_view(QUALITY_VIEW)
def review_list(request: HttpRequest) -> HttpResponse:
    reviews = ManagementReview.objects.visible_to(request.ctx).defer("inputs")
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {"reviews": reviews[:50], "may_hold": perms.holds_review(request.ctx)},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(REVIEW_HOLD, QUALITY_MANAGE)
def review_create(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    form = ReviewForm(request.POST or None, initial={"year": today.year})
    if request.method == "POST" and form.is_valid():
        try:
            review = services.hold_review(actor=request.ctx, **form.cleaned_data)
        except CertificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Revue de direction enregistrée.")
            return redirect("backoffice:certification:review-detail", pk=review.pk)
    inputs = services.gather_inputs(request.ctx.center_id, today.year, today)
    return render(request, f"{TEMPLATES}/form.html", {"form": form, "inputs": inputs})


@require_safe
@backoffice_view(QUALITY_VIEW)
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(
        ManagementReview.objects.visible_to(request.ctx).select_related("held_by"),
        pk=pk,
    )
    return render(request, f"{TEMPLATES}/detail.html", {"review": review})


@require_safe
@backoffice_view(QUALITY_VIEW)
def review_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    review = get_object_or_404(ManagementReview.objects.visible_to(request.ctx), pk=pk)
    if not review.pdf:
        raise Http404("Le PDF est en cours de génération.")
    return stored_file_response(review.pdf, review.sha256, f"revue-de-direction-{review.year}.pdf")
