"""Portal views of the FE: the member's current FEs, a version, its PDF, the acknowledgement.

The member only ever sees versions sent to it: drafts and versions validated but not yet sent
answer 404 (FicheVersion.objects.visible_to). The prevention visit letter is here too.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import portal_view
from prevention.errors import PreventionError
from prevention.fiche import pdf as pdf_fiche
from prevention.fiche import selectors, services
from prevention.models import FicheVersion, PreventionVisit
from prevention.services_reading import counts_as_read
from prevention.visits import selectors as visit_selectors
from prevention.visits import services as visit_services
from spsti.downloads import stored_file_response
from spsti.pagination import paginate_request

TO_ACKNOWLEDGE = "a-accuser"  # ?statut=a-accuser: the FE whose receipt is not acknowledged


@require_safe
@portal_view("prevention.fiche:view")
def fiche_list(request: HttpRequest) -> HttpResponse:
    unacknowledged = request.GET.get("statut") == TO_ACKNOWLEDGE
    page = paginate_request(
        request, selectors.member_current_versions(request.ctx, unacknowledged=unacknowledged)
    )
    letters = (
        list(visit_selectors.member_letters(request.ctx)[:20])
        if request.ctx.has_perm("prevention.visit:view")
        else []
    )
    return render(
        request,
        "prevention/fiche/portal/list.html",
        {"page": page, "letters": letters, "unacknowledged": unacknowledged},
    )


def _record_read(request: HttpRequest, version: FicheVersion) -> None:
    if counts_as_read(request):
        services.record_read(actor=request.ctx, version=version)


def _acknowledgement(version: FicheVersion):
    try:
        return version.acknowledgement
    except ObjectDoesNotExist:
        return None


@require_safe
@portal_view("prevention.fiche:view")
def fiche_version_detail(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(selectors.version_list(request.ctx), pk=pk)
    _record_read(request, version)
    version = selectors.version_content(version)
    history = selectors.versions_of(request.ctx, version.fiche)
    is_archived = next(v.is_archived for v in history if v.pk == version.pk)
    acknowledgement = _acknowledgement(version)
    return render(
        request,
        "prevention/fiche/portal/detail.html",
        {
            "version": version,
            "establishment": version.fiche.establishment,
            "units": list(version.units.all()),
            "history": history,
            "is_archived": is_archived,
            "acknowledgement": acknowledgement,
            "can_acknowledge": not is_archived
            and acknowledgement is None
            and request.ctx.has_perm("prevention.fiche:acknowledge"),
        },
    )


@require_safe
@portal_view("prevention.fiche:view")
def fiche_version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(selectors.version_list(request.ctx), pk=pk)
    _record_read(request, version)
    return stored_file_response(version.pdf, version.sha256, pdf_fiche.fiche_filename(version))


@require_POST
@portal_view("prevention.fiche:acknowledge")
def fiche_acknowledge(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(selectors.version_list(request.ctx), pk=pk)
    try:
        services.acknowledge(actor=request.ctx, version=version)
    except PreventionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Accusé de réception enregistré. Merci.")
    return redirect("portal:prevention:fiche-version-detail", pk=version.pk)


@require_safe
@portal_view("prevention.visit:view")
def visit_letter_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    visit = get_object_or_404(PreventionVisit.objects.visible_to(request.ctx), pk=pk)
    if not visit.letter_pdf:
        raise Http404("Aucun courrier pour ce rendez-vous.")
    if counts_as_read(request):
        visit_services.record_letter_read(actor=request.ctx, visit=visit)
    return stored_file_response(
        visit.letter_pdf, visit.letter_sha256, f"rendez-vous-prevention-{visit.pk}.pdf"
    )
