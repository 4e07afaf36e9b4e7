"""Member-portal views of the requests inbox: my requests, a new one, its thread, a reply and
the satisfaction rating. Another member's request is a 404; a firm without the « Demandes au
service » scope in its mandate holds no request code (403)."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import portal_view
from adherents.models import MemberRequest, RequestStatus
from adherents.requests import selectors, services
from adherents.requests.forms import MemberRequestForm, RatingForm, ReplyForm
from adherents.rules import requests as rules
from spsti.pagination import paginate_keyset_request

TEMPLATES = "adherents/requests/portal"
VIEW = "adherents.request:view"
CREATE = "adherents.request:create"
ANSWERED = "repondues"  # ?statut=repondues: the requests the service has answered


@require_safe
@portal_view(VIEW)
def request_list(request: HttpRequest) -> HttpResponse:
    answered = request.GET.get("statut") == ANSWERED
    status = RequestStatus.ANSWERED if answered else ""
    page = paginate_keyset_request(request, selectors.member_requests(request.ctx, status=status))
    return render(request, f"{TEMPLATES}/list.html", {"page": page, "answered": answered})


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view(CREATE)
def request_create(request: HttpRequest) -> HttpResponse:
    form = MemberRequestForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.create_request(actor=request.ctx, **form.cleaned_data)
        except services.RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Votre demande a été envoyée au service.")
            return redirect("portal:adherents:requests-detail", pk=created.pk)
    return render(request, f"{TEMPLATES}/form.html", {"form": form})


def _own(request: HttpRequest, pk: int) -> MemberRequest:
    return get_object_or_404(
        selectors.member_requests(request.ctx).select_related("created_by", "filed_via_firm"),
        pk=pk,
    )


@require_safe
@portal_view(VIEW)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    member_request = _own(request, pk)
    can_write = services.can_write_as_member(request.ctx, member_request)
    can_rate = can_write and rules.can_rate(
        member_request.status, member_request.satisfaction is not None
    )
    rating_form = RatingForm() if can_rate else None
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "req": member_request,
            "thread": selectors.public_thread(member_request),
            "reply_form": ReplyForm()
            if can_write and member_request.status != RequestStatus.CLOSED
            else None,
            "rating_form": rating_form,
            "rating_fields": [rating_form["comment"]] if rating_form else [],
            "answer_due_at": selectors.answer_due_at(member_request),
            "partner_due_on": selectors.partner_due_on(member_request),
            "service_name": settings.SPSTI_SERVICE_NAME,
        },
    )


def _refused(request: HttpRequest, form) -> None:
    errors = [e for field_errors in form.errors.values() for e in field_errors]
    messages.error(request, " ".join(errors) or "Saisie invalide : rien n'a été enregistré.")


@require_POST
@portal_view(CREATE)
def request_reply(request: HttpRequest, pk: int) -> HttpResponse:
    member_request = _own(request, pk)
    form = ReplyForm(request.POST)
    if not form.is_valid():
        _refused(request, form)
    else:
        try:
            services.reply_as_member(
                actor=request.ctx, request=member_request, body=form.cleaned_data["body"]
            )
        except services.RequestError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Votre message a été envoyé.")
    return redirect("portal:adherents:requests-detail", pk=member_request.pk)


@require_POST
@portal_view(CREATE)
def request_rate(request: HttpRequest, pk: int) -> HttpResponse:
    member_request = _own(request, pk)
    form = RatingForm(request.POST)
    if not form.is_valid():
        _refused(request, form)
    else:
        try:
            services.rate(
                actor=request.ctx,
                request=member_request,
                score=form.cleaned_data["score"],
                comment=form.cleaned_data["comment"],
            )
        except services.RequestError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Merci pour votre avis.")
    return redirect("portal:adherents:requests-detail", pk=member_request.pk)
