"""Back-office views of the agenda: slots, bookings, proposals, visit outcomes, indicators."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template import TemplateDoesNotExist
from django.template.loader import get_template
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from adherents.models import Adherent, Establishment
from spsti import outbox
from spsti.french import plural
from spsti.pagination import paginate_keyset_request, paginate_request
from spsti.params import date_param, int_param, next_url, parse_int
from suivi_sante import perms
from suivi_sante import perms_disclosure as disclosure
from suivi_sante.agenda import selectors, services
from suivi_sante.agenda import services_convocations as convocation_services
from suivi_sante.agenda.forms import (
    BookVisitForm,
    OutcomeForm,
    PeriodForm,
    SlotChoiceForm,
)
from suivi_sante.dmst import selectors as selectors_dmst
from suivi_sante.enums import VisitStatus
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Visit, Worker

VIEW, MANAGE = "suivi_sante.agenda:view", "suivi_sante.agenda:manage"
# Written by the documents area (attestation, avis); the visit page includes it when present.
DOCUMENTS_TEMPLATE = "suivi_sante/documents/backoffice/visit_documents.html"
MAX_SLOT_CHOICES = 200


def _optional_template(name: str) -> str | None:
    try:
        get_template(name)
    except TemplateDoesNotExist:
        return None
    return name


def _date_param(request: HttpRequest, name: str) -> datetime.date:
    return date_param(request, name, timezone.localdate())


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def convocation_proposal(request: HttpRequest, establishment_pk: int) -> HttpResponse:
    """Slots proposed for what the establishment's workers are due; the secretary confirms."""
    establishment = get_object_or_404(
        Establishment.objects.visible_to(request.ctx).select_related("adherent"),
        pk=establishment_pk,
    )
    if request.method == "POST":
        pairs = []
        for line in request.POST.getlist("line"):
            due_pk, _, slot_pk = (parse_int(part) for part in line.partition(":"))
            if due_pk is not None and slot_pk is not None:
                pairs.append((due_pk, slot_pk))
        items = convocation_services.proposal_items(request.ctx, establishment, pairs)
        visits, errors = services.confirm_proposal(actor=request.ctx, items=items)
        for error in errors:
            messages.error(request, error)
        messages.success(request, plural(len(visits), "convocation envoyée") + ".")
        return redirect("backoffice:suivi_sante:convocation-proposal", establishment.pk)
    horizon = min(max(int_param(request, "horizon") or 60, 7), 180)
    proposal = convocation_services.propose_convocations(
        actor=request.ctx, establishment=establishment, horizon_days=horizon
    )
    return render(
        request,
        "suivi_sante/agenda/backoffice/proposal.html",
        {"establishment": establishment, "proposal": proposal, "horizon": horizon},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def visit_book(request: HttpRequest, worker_pk: int) -> HttpResponse:
    """Book one visit for a worker on a free slot of the centre."""
    worker = get_object_or_404(
        Worker.objects.visible_to(request.ctx).select_related("adherent"), pk=worker_pk
    )
    dues = list(worker.due_visits.order_by("due_on", "pk"))
    initial = {"kind": dues[0].kind} if dues else {}
    form = BookVisitForm(request.POST or None, ctx=request.ctx, initial=initial)
    if request.method == "POST" and form.is_valid():
        kind = form.cleaned_data["kind"]
        due = next((d for d in dues if d.kind == kind), None)
        try:
            visit = services.book_visit(
                actor=request.ctx, worker=worker, kind=kind, slot=form.cleaned_data["slot"], due=due
            )
        except FollowUpError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request,
                "Visite réservée : la convocation est envoyée au salarié seul, l'employeur n'en "
                "est informé qu'avec son accord."
                if disclosure.is_confidential(visit)
                else "Visite réservée : la convocation est envoyée à l'employeur.",
            )
            return redirect("backoffice:suivi_sante:visit-detail", visit.pk)
    start = max(_date_param(request, "du"), timezone.localdate())
    return render(
        request,
        "suivi_sante/agenda/backoffice/visit_book.html",
        {
            "worker": worker,
            "dues": dues,
            "form": form,
            "start": start,
            "slots": selectors.free_slots(request.ctx, start=start)[:MAX_SLOT_CHOICES],
        },
    )


@require_safe
@backoffice_view("suivi_sante.worker:view")
def visit_detail(request: HttpRequest, visit_pk: int) -> HttpResponse:
    """A visit's administrative record: kind, worker, date, protocol, reason, history."""
    visit = get_object_or_404(
        Visit.objects.visible_to(request.ctx).select_related(
            "worker__adherent",
            "professional",
            "protocol",
            "slot__establishment",
            "employment__establishment",
            "convocation",
            "referral",
            "booked_by",
        ),
        pk=visit_pk,
    )
    return render(
        request,
        "suivi_sante/agenda/backoffice/visit_detail.html",
        {
            "visit": visit,
            "chain": selectors.visit_chain(visit),
            "history": selectors.visit_status_history(visit),
            "can_hold": perms.can_hold_visit(request.ctx, visit),
            # R4624-20: the orientation is the law's, not a box to tick (services.record_outcome).
            "orientation_required": visit.status == VisitStatus.PLANNED
            and services.orientation_required(visit, visit.worker),
            "is_confidential": disclosure.is_confidential(visit),
            "outcome_form": OutcomeForm(),
            "documents_template": _optional_template(DOCUMENTS_TEMPLATE),
            "visit_documents": selectors_dmst.visit_documents(visit),
            "sent_mails": outbox.sent_for(visit),
        },
    )


@require_POST
@backoffice_view(VIEW)
def visit_outcome(request: HttpRequest, visit_pk: int) -> HttpResponse:
    """Record that the visit was held, missed or cancelled (PermissionDenied gives a 403)."""
    visit = get_object_or_404(Visit.objects.visible_to(request.ctx), pk=visit_pk)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez l'issue de la visite.")
    else:
        try:
            services.record_outcome(actor=request.ctx, visit=visit, **form.cleaned_data)
        except FollowUpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Issue de la visite enregistrée.")
    return redirect("backoffice:suivi_sante:visit-detail", visit.pk)


@require_POST
@backoffice_view(VIEW)
def visit_share(request: HttpRequest, visit_pk: int) -> HttpResponse:
    """The worker agreed that the employer hears of this pré-reprise or visit on request."""
    visit = get_object_or_404(Visit.objects.visible_to(request.ctx), pk=visit_pk)
    try:  # the service checks who may record it: PermissionDenied gives a 403
        convocation_services.share_with_employer(actor=request.ctx, visit=visit)
    except FollowUpError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Accord du salarié enregistré : l'employeur est informé.")
    return redirect("backoffice:suivi_sante:visit-detail", visit.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def visit_rebook(request: HttpRequest, visit_pk: int) -> HttpResponse:
    """Book a new visit for the same need; the old one stays in the history."""
    visit = get_object_or_404(
        Visit.objects.visible_to(request.ctx).select_related("worker"), pk=visit_pk
    )
    form = SlotChoiceForm(request.POST or None, ctx=request.ctx)
    if request.method == "POST" and form.is_valid():
        try:
            new = services.rebook_visit(
                actor=request.ctx, visit=visit, slot=form.cleaned_data["slot"]
            )
        except FollowUpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Visite reprogrammée : une nouvelle convocation est envoyée.")
            return redirect("backoffice:suivi_sante:visit-detail", new.pk)
    start = max(_date_param(request, "du"), timezone.localdate())
    return render(
        request,
        "suivi_sante/agenda/backoffice/visit_rebook.html",
        {
            "visit": visit,
            "form": form,
            "start": start,
            "slots": selectors.free_slots(request.ctx, start=start)[:MAX_SLOT_CHOICES],
        },
    )


@require_POST
@backoffice_view(VIEW)
def worker_teleconsent(request: HttpRequest, worker_pk: int) -> HttpResponse:
    """Record the worker's consent to teleconsultation, then go back to the booking."""
    worker = get_object_or_404(
        Worker.objects.visible_to(request.ctx).select_related("adherent"), pk=worker_pk
    )
    services.record_teleconsultation_consent(actor=request.ctx, worker=worker)
    messages.success(request, "Consentement du salarié à la téléconsultation enregistré.")
    # Back to the booking for who may book; the others (the nurse) to the worker's page.
    page = "visit-book" if request.ctx.has_perm(MANAGE) else "worker-detail"
    default = reverse(f"backoffice:suivi_sante:{page}", args=[worker.pk])
    return redirect(next_url(request, default))


@require_safe
@backoffice_view(VIEW)
def convocations_to_rebook(request: HttpRequest) -> HttpResponse:
    """Convocations the employer answered with a request for another slot or an absence."""
    rows = selectors.convocations_to_rebook_page_rows(request.ctx)
    page = paginate_keyset_request(request, rows)
    return render(request, "suivi_sante/agenda/backoffice/to_rebook.html", {"page": page})


@require_safe
@backoffice_view(VIEW)
def adherent_convocations(request: HttpRequest, adherent_pk: int) -> HttpResponse:
    """One member's convocations and its unexcused absence rate over the period."""
    adherent = get_object_or_404(Adherent.objects.visible_to(request.ctx), pk=adherent_pk)
    period_form = PeriodForm(request.GET or None)
    start, end = period_form.period()
    rates = selectors.absence_rates(request.ctx, start=start, end=end, adherent_id=adherent.pk)
    page = paginate_keyset_request(
        request, selectors.adherent_convocations(request.ctx, adherent_id=adherent.pk)
    )
    return render(
        request,
        "suivi_sante/agenda/backoffice/adherent_convocations.html",
        {
            "adherent": adherent,
            "page": page,
            "rates": rates.first(),
            "period_form": period_form,
            "start": start,
            "end": end,
        },
    )


@require_safe
@backoffice_view(VIEW)
def followup_indicators(request: HttpRequest) -> HttpResponse:
    """Indicateurs du suivi: absence rate, teleconsultation share, split by performer and kind."""
    period_form = PeriodForm(request.GET or None)
    start, end = period_form.period()
    figures = selectors.followup_figures(request.ctx, start=start, end=end)
    return render(
        request,
        "suivi_sante/agenda/backoffice/indicators.html",
        {
            "period_form": period_form,
            "start": start,
            "end": end,
            "totals": figures.totals,
            "split": figures.split,
            "page": paginate_request(
                request, selectors.absence_rates(request.ctx, start=start, end=end)
            ),
        },
    )
