"""Member-portal views of convocations: list, detail, PDF and the employer's answer."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import portal_view
from adherents.models import Establishment
from spsti.downloads import file_response
from spsti.pagination import paginate_keyset_request
from spsti.params import int_param
from suivi_sante.agenda import selectors, selectors_booking
from suivi_sante.agenda import services_convocations as services
from suivi_sante.agenda.forms import ConvocationAnswerForm
from suivi_sante.agenda.pdf import render_convocation
from suivi_sante.agenda.services_convocations import CONVOCATION_RELATED
from suivi_sante.errors import FollowUpError
from suivi_sante.models import Convocation

VIEW, RESPOND = "suivi_sante.convocation:view", "suivi_sante.convocation:respond"
AWAITING = "en-attente"  # ?statut=en-attente: the upcoming convocations not answered yet
# What the list shows of a convocation (portal/_rows.html, employer_status): a page reads these
# columns only, not the convocations, visits, workers, establishments and the professional's
# account whole (the upcoming list sorts a member's coming convocations: narrow rows sort fast).
LIST_COLUMNS = (
    "status",
    "establishment__name",
    "visit__kind",
    "visit__mode",
    "visit__status",
    "visit__scheduled_at",
    "visit__worker__last_name",
    "visit__worker__first_name",
)


def _convocation(request: HttpRequest, pk: int) -> Convocation:
    return get_object_or_404(  # another member's convocation: 404
        Convocation.objects.visible_to(request.ctx).select_related(
            *CONVOCATION_RELATED, "visit__booked_by"
        ),
        pk=pk,
    )


@require_safe
@portal_view(VIEW)
def convocation_list(request: HttpRequest) -> HttpResponse:
    """Upcoming convocations by establishment (or past ones), with the employer's answers."""
    upcoming = request.GET.get("periode") != "passees"
    establishment_id = int_param(request, "etablissement")
    awaiting = upcoming and request.GET.get("statut") == AWAITING
    page = paginate_keyset_request(
        request,
        selectors.portal_convocations(
            request.ctx, upcoming=upcoming, establishment_id=establishment_id, awaiting=awaiting
        )
        .select_related(None)
        .select_related("visit__worker", "establishment")
        .only(*LIST_COLUMNS),
    )
    establishments = Establishment.objects.visible_to(request.ctx).only("pk", "name")
    return render(
        request,
        "suivi_sante/agenda/portal/list.html",
        {
            "page": page,
            "upcoming": upcoming,
            "establishments": establishments,
            "establishment_id": establishment_id,
            "awaiting": awaiting,
        },
    )


@require_safe
@portal_view(VIEW)
def convocation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One convocation: who, when, where, why; and the answer form."""
    convocation = _convocation(request, pk)
    can_respond = "suivi_sante.convocation:respond" in request.ctx.permissions
    visit = convocation.visit
    return render(
        request,
        "suivi_sante/agenda/portal/detail.html",
        {
            "convocation": convocation,
            "visit": visit,
            "form": ConvocationAnswerForm(),
            "can_respond": can_respond,
            # A visit the employer booked himself moves online until the change deadline.
            "movable": can_respond and selectors_booking.may_move(visit),
            "self_booked": selectors_booking.booked_by_employer(visit),
            "change_deadline": selectors_booking.change_deadline(visit),
        },
    )


@require_safe
@portal_view(VIEW)
def convocation_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The convocation as a PDF to hand to the worker."""
    convocation = _convocation(request, pk)
    return file_response(render_convocation(convocation), f"convocation-{convocation.pk}.pdf")


@require_POST
@portal_view(RESPOND)
def convocation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    """Confirm, ask another slot, report the worker absent or gone."""
    convocation = _convocation(request, pk)
    form = ConvocationAnswerForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choisissez une réponse.")
    else:
        try:
            services.respond_to_convocation(
                actor=request.ctx, convocation=convocation, **form.cleaned_data
            )
        except FollowUpError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Votre réponse a été transmise au service.")
    return redirect("portal:suivi_sante:convocation-detail", convocation.pk)
