"""Back-office views of the requests inbox: the centre's inbox, logging a call or an e-mail,
a request's page (assign, answer, note, route, close), the overdue referrals, the partner
directory and the follow-up report."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from adherents.models import MemberRequest, Partner, RequestCategory, RequestStatus
from adherents.requests import selectors, selectors_report, services
from adherents.requests import services_partners as partner_services
from adherents.requests.forms import (
    AnswerForm,
    AssignForm,
    InboxFilterForm,
    LogRequestForm,
    NoteForm,
    PartnerForm,
    ReportPeriodForm,
    RouteForm,
)
from spsti.forms import unchanged
from spsti.pagination import paginate_keyset_request, paginate_request

TEMPLATES = "adherents/requests/backoffice"
HANDLE = "adherents.request:handle"


@require_safe
@backoffice_view(HANDLE)
def inbox(request: HttpRequest) -> HttpResponse:
    form = InboxFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    requests_ = selectors.inbox(
        request.ctx,
        status=filters.get("status") or "",
        category=filters.get("category") or "",
        channel=filters.get("channel") or "",
        requester_kind=filters.get("requester_kind") or "",
        mine=bool(filters.get("mine")),
        late=bool(filters.get("late")),
    )
    return render(
        request,
        f"{TEMPLATES}/inbox.html",
        {
            "form": form,
            "page": paginate_keyset_request(request, requests_),
            "days": selectors.answer_days(),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(HANDLE)
def log_request(request: HttpRequest) -> HttpResponse:
    form = LogRequestForm(request.POST or None, initial={"siren": request.GET.get("siren", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            adherent = services.find_member(request.ctx, data.pop("siren"))
            created = services.log_request(actor=request.ctx, adherent=adherent, **data)
        except services.RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Demande de {adherent.name} enregistrée.")
            return redirect("backoffice:adherents:requests-detail", pk=created.pk)
    return render(request, f"{TEMPLATES}/log.html", {"form": form})


def _request(request: HttpRequest, pk: int) -> MemberRequest:
    """One of the centre's requests; another centre's is a 404."""
    return get_object_or_404(
        selectors.centre_requests(request.ctx).select_related("adherent"), pk=pk
    )


@require_safe
@backoffice_view(HANDLE)
def request_detail(request: HttpRequest, pk: int) -> HttpResponse:
    now = timezone.now()
    member_request = get_object_or_404(  # another centre's request: 404
        selectors.with_flags(
            selectors.centre_requests(request.ctx), now=now, days=selectors.answer_days()
        ).select_related("adherent", "assigned_to", "created_by", "filed_via_firm"),
        pk=pk,
    )
    is_open = member_request.status != RequestStatus.CLOSED
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "req": member_request,
            "thread": selectors.staff_thread(member_request),
            "referrals": selectors.referrals_of(member_request),
            "today": timezone.localdate(now),
            "days": selectors.answer_days(),
            "is_open": is_open,
            "is_workforce_correction": (
                member_request.category == RequestCategory.WORKFORCE_CORRECTION
            ),
            "answer_form": AnswerForm(auto_id="answer-%s") if is_open else None,
            "note_form": NoteForm(auto_id="note-%s"),
            "assign_form": AssignForm(
                staff=selectors.assignable_staff(request.ctx),
                initial={"assignee": member_request.assigned_to_id or request.user.pk},
            )
            if is_open
            else None,
            "route_form": RouteForm(partners=selectors.active_partners()) if is_open else None,
        },
    )


def _done(request: HttpRequest, pk: int, success: str, action, form=None) -> HttpResponse:
    """Run one action of the request's page; a refusal is a French message, nothing written."""
    if form is not None and not form.is_valid():
        errors = [e for field_errors in form.errors.values() for e in field_errors]
        messages.error(request, " ".join(errors))
    else:
        try:
            action(form.cleaned_data if form is not None else {})
        except services.RequestError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, success)
    return redirect("backoffice:adherents:requests-detail", pk=pk)


@require_POST
@backoffice_view(HANDLE)
def request_assign(request: HttpRequest, pk: int) -> HttpResponse:
    member_request = _request(request, pk)
    form = AssignForm(request.POST, staff=selectors.assignable_staff(request.ctx))
    return _done(
        request,
        pk,
        "Demande attribuée.",
        lambda data: services.assign(
            actor=request.ctx, request=member_request, assignee=data["assignee"]
        ),
        form,
    )


@require_POST
@backoffice_view(HANDLE)
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    member_request = _request(request, pk)
    return _done(
        request,
        pk,
        "Réponse envoyée : l'adhérent est prévenu par e-mail.",
        lambda data: services.answer(actor=request.ctx, request=member_request, body=data["body"]),
        AnswerForm(request.POST),
    )


@require_POST
@backoffice_view(HANDLE)
def request_note(request: HttpRequest, pk: int) -> HttpResponse:
    member_request = _request(request, pk)
    return _done(
        request,
        pk,
        "Note interne ajoutée.",
        lambda data: services.add_note(
            actor=request.ctx, request=member_request, body=data["body"]
        ),
        NoteForm(request.POST),
    )


@require_POST
@backoffice_view(HANDLE)
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    member_request = _request(request, pk)
    return _done(
        request,
        pk,
        "Demande close.",
        lambda data: services.close(actor=request.ctx, request=member_request),
    )


@require_POST
@backoffice_view(HANDLE)
def request_route(request: HttpRequest, pk: int) -> HttpResponse:
    member_request = _request(request, pk)
    form = RouteForm(request.POST, partners=selectors.active_partners())
    return _done(
        request,
        pk,
        "Demande transmise : le partenaire a reçu son lien de réponse par e-mail.",
        lambda data: partner_services.route(
            actor=request.ctx,
            request=member_request,
            partner=data["partner"],
            due_on=data.get("due_on"),
        ),
        form,
    )


@require_safe
@backoffice_view(HANDLE)
def overdue_referrals(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    page = paginate_request(request, selectors.overdue_referrals(request.ctx, today))
    return render(request, f"{TEMPLATES}/overdue.html", {"page": page, "today": today})


# --- the partner directory -----------------------------------------------------------------

MANAGE = "adherents.partner:manage"


@require_safe
@backoffice_view(MANAGE)
def partner_list(request: HttpRequest) -> HttpResponse:
    partners = Partner.objects.order_by("-is_active", "kind", "name", "pk")
    return render(
        request, f"{TEMPLATES}/partner_list.html", {"page": paginate_request(request, partners)}
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def partner_edit(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk) if pk else None
    initial = PartnerForm.initial_of(partner) if partner else {"is_active": True}
    form = PartnerForm(request.POST or None, initial=initial)
    if partner and unchanged(request, form):
        return redirect("backoffice:adherents:requests-partner-list")
    if request.method == "POST" and form.is_valid():
        try:
            saved = partner_services.save_partner(
                actor=request.ctx, partner=partner, **form.cleaned_data
            )
        except services.RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Partenaire « {saved.name} » enregistré.")
            return redirect("backoffice:adherents:requests-partner-list")
    return render(request, f"{TEMPLATES}/partner_form.html", {"form": form, "partner": partner})


@require_POST
@backoffice_view(MANAGE)
def partner_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    partner = get_object_or_404(Partner, pk=pk)
    partner_services.deactivate_partner(actor=request.ctx, partner=partner)
    messages.success(request, f"« {partner.name} » n'est plus proposé pour les transmissions.")
    return redirect("backoffice:adherents:requests-partner-list")


# --- the follow-up report ------------------------------------------------------------------


@require_safe
@backoffice_view("adherents.report:view")
def report(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    defaults = {"date_from": today.replace(day=1), "date_to": today}
    form = ReportPeriodForm(request.GET if "date_from" in request.GET else defaults)
    result = None
    if form.is_valid():
        result = selectors_report.report(
            request.ctx,
            date_from=form.cleaned_data["date_from"],
            date_to=form.cleaned_data["date_to"],
            today=today,
        )
    return render(request, f"{TEMPLATES}/report.html", {"form": form, "report": result})
