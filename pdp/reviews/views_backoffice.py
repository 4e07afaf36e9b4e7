"""Back-office pages of the cell reviews: list and scheduling, one review's agenda."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import backoffice_view
from pdp import perms
from pdp.caseload.selectors import cell_users
from pdp.errors import PdpError
from pdp.models import CellReview, PdpCase, ReviewItem
from pdp.reviews import forms, services
from spsti.forms import unchanged
from spsti.pagination import paginate_request

WRITE = "pdp.case:write"
DETAIL = "backoffice:pdp:review-detail"


def _member(request: HttpRequest) -> None:
    if not perms.is_cell_member(request.ctx):
        raise PermissionDenied("Les revues sont réservées aux membres de la cellule PDP.")


def _review(request: HttpRequest, pk: int) -> CellReview:
    review = get_object_or_404(CellReview.objects.visible_to(request.ctx), pk=pk)
    _member(request)
    return review


@require_safe
@backoffice_view(WRITE)
def review_list(request: HttpRequest) -> HttpResponse:
    _member(request)
    reviews = CellReview.objects.visible_to(request.ctx).order_by("-held_on", "-pk")
    return render(
        request,
        "pdp/reviews/review_list.html",
        {"page": paginate_request(request, reviews), "form": forms.ReviewForm()},
    )


@require_POST
@backoffice_view(WRITE)
def review_create(request: HttpRequest) -> HttpResponse:
    _member(request)
    form = forms.ReviewForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Indiquez la date de la revue.")
        return redirect("backoffice:pdp:review-list")
    review = services.schedule_review(actor=request.ctx, **form.cleaned_data)
    messages.success(request, "Revue de cellule programmée.")
    return redirect(DETAIL, pk=review.pk)


def _open_cases(request: HttpRequest):
    return PdpCase.objects.visible_to(request.ctx).open().select_related("worker")


@require_safe
@backoffice_view(WRITE)
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    items = list(review.items.select_related("case__worker"))
    users = cell_users(review.center_id)
    return render(
        request,
        "pdp/reviews/review_detail.html",
        {
            "review": review,
            "items": items,
            "add_form": forms.AddCaseForm(cases=_open_cases(request)),
            "attendees_form": forms.AttendeesForm(
                users=users, initial={"users": list(review.attendees.all())}
            ),
        },
    )


@require_POST
@backoffice_view(WRITE)
def review_add_case(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = forms.AddCaseForm(request.POST, cases=_open_cases(request))
    if form.is_valid():
        try:
            services.add_case(actor=request.ctx, review=review, case=form.cleaned_data["case"])
        except PdpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Dossier inscrit à l'ordre du jour.")
    else:
        messages.error(request, "Choisissez un dossier ouvert de la cellule.")
    return redirect(DETAIL, pk=review.pk)


@require_POST
@backoffice_view(WRITE)
def review_attendees(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    form = forms.AttendeesForm(
        request.POST,
        users=cell_users(review.center_id),
        initial={"users": list(review.attendees.all())},
    )
    if unchanged(request, form):
        pass
    elif form.is_valid():
        services.set_attendees(
            actor=request.ctx, review=review, users=list(form.cleaned_data["users"])
        )
        messages.success(request, "Présents enregistrés.")
    else:
        messages.error(request, "Choisissez des membres de la cellule.")
    return redirect(DETAIL, pk=review.pk)


@require_POST
@backoffice_view(WRITE)
def review_decision(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(
        ReviewItem.objects.filter(
            review__in=CellReview.objects.visible_to(request.ctx)
        ).select_related("review"),
        pk=pk,
    )
    _member(request)
    form = forms.DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.record_decision(actor=request.ctx, item=item, **form.cleaned_data)
        except PdpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Décision enregistrée.")
    else:
        messages.error(request, "Saisissez la décision de la cellule.")
    return redirect(DETAIL, pk=item.review_id)
