"""Back-office views of the FE: list with due status, detail, draft editor, validate, send, PDF."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from adherents.models import Establishment
from prevention import perms, selectors_reading
from prevention.errors import PreventionError
from prevention.fiche import pdf as pdf_fiche
from prevention.fiche import selectors, services
from prevention.fiche import views_backoffice_editor as editor
from prevention.models import FichePhoto, FicheVersion
from prevention.selectors_remembered import remembered, scope_key
from prevention.visits import selectors as visit_selectors
from spsti import outbox
from spsti.downloads import file_response, stored_file_response
from spsti.pagination import paginate_keyset_request

Status = FicheVersion.Status


@require_safe
@backoffice_view("prevention.fiche:view")
def fiche_list(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    status = request.GET.get("statut", "")
    status = status if status in selectors.FILTERS else ""
    page = paginate_keyset_request(
        request, selectors.fiche_rows(request.ctx, status=status, today=today)
    )
    selectors.decorate(page.items, today)
    team_ids, years = request.ctx.team_ids, settings.SPSTI_FE_RENEWAL_YEARS
    return render(
        request,
        "prevention/fiche/backoffice/list.html",
        {
            "page": page,
            "status": status,
            "status_label": selectors.FILTERS.get(status, ""),
            "filters": selectors.FILTERS,
            "today": today,
            "indicators": remembered(  # the whole centre's: see prevention/selectors_remembered.py
                "fiche-indicators",
                scope_key(request.ctx, today, years),
                lambda: selectors.fiche_indicators(team_ids, today=today, years=years),
            ),
            "reading": remembered(
                "fiche-reading",
                scope_key(request.ctx, today),
                lambda: selectors_reading.fiche_reading(request.ctx, today=today),
            ),
            "can_open": request.ctx.has_perm("prevention.fiche:write"),
        },
    )


@require_POST
@backoffice_view("prevention.fiche:write")
def fiche_open(request: HttpRequest, establishment_pk: int) -> HttpResponse:
    establishment = get_object_or_404(
        Establishment.objects.visible_to(request.ctx), pk=establishment_pk
    )
    try:
        fiche = services.open_fiche(actor=request.ctx, establishment=establishment)
        version = services.start_version(actor=request.ctx, fiche=fiche)
    except PreventionError as error:
        messages.error(request, str(error))
        existing = selectors.fiche_of(establishment)
        if existing is not None:
            return redirect("backoffice:prevention:fiche-detail", pk=existing.pk)
        return redirect("backoffice:prevention:fiche-list")
    messages.success(request, "Fiche d'entreprise ouverte : la version 1 est en brouillon.")
    return redirect("backoffice:prevention:fiche-version-edit", pk=version.pk)


@require_safe
@backoffice_view("prevention.fiche:view")
def fiche_detail(request: HttpRequest, pk: int) -> HttpResponse:
    fiche = get_object_or_404(selectors.fiche_list(request.ctx), pk=pk)
    versions = selectors.versions_of(request.ctx, fiche)
    today = timezone.localdate()
    has_sent = any(v.status == Status.SENT for v in versions)
    can_write = perms.can_write(request.ctx, fiche)
    return render(
        request,
        "prevention/fiche/backoffice/detail.html",
        {
            "fiche": fiche,
            "establishment": fiche.establishment,
            "versions": versions,
            "due": selectors.due_status(
                first_due_on=fiche.first_due_on,
                renewal_due_on=fiche.renewal_due_on if has_sent else None,
                today=today,
            ),
            # The latest sent (versions run newest first): « envoyée le … — lue le … par … ».
            "last_sent": next((v for v in versions if v.status == Status.SENT), None),
            "visits": visit_selectors.visit_list(request.ctx)
            .filter(establishment_id=fiche.establishment_id)
            .order_by("-scheduled_on", "-pk")[:10],
            "can_write": can_write,
            "can_validate": perms.can_validate(request.ctx, fiche),
            "can_start": can_write
            and not any(v.status in (Status.DRAFT, Status.VALIDATED) for v in versions),
            "sent_mails": outbox.sent_for(fiche),
        },
    )


@require_POST
@backoffice_view("prevention.fiche:write")
def fiche_version_start(request: HttpRequest, pk: int) -> HttpResponse:
    fiche = get_object_or_404(selectors.fiche_list(request.ctx), pk=pk)
    try:
        version = services.start_version(actor=request.ctx, fiche=fiche)
    except PreventionError as error:
        messages.error(request, str(error))
        return redirect("backoffice:prevention:fiche-detail", pk=fiche.pk)
    messages.success(
        request, f"Version {version.number} commencée à partir de la dernière fiche transmise."
    )
    return redirect("backoffice:prevention:fiche-version-edit", pk=version.pk)


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("prevention.fiche:view")
def fiche_version_edit(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(selectors.version_list(request.ctx), pk=pk)
    groups = selectors.thesaurus_choices(version.thesaurus_id)
    if request.method in ("GET", "HEAD"):
        return editor.page(request, version, groups, {})
    handler = editor.ACTIONS.get(request.POST.get("action", ""))
    if handler is None:
        return HttpResponseBadRequest("Action inconnue.")
    if not perms.can_write(request.ctx, version.fiche):
        raise PermissionDenied
    try:
        outcome = handler(request, version, groups)
    except PreventionError as error:  # frozen version, or a rule refused a one-click action
        messages.error(request, str(error))
        outcome = ""
    if isinstance(outcome, dict):
        return editor.page(request, version, groups, outcome)
    url = reverse("backoffice:prevention:fiche-version-edit", args=[version.pk])
    return redirect(f"{url}#{outcome}" if outcome else url)


@require_POST
@backoffice_view("prevention.fiche:validate")
def fiche_version_validate(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(selectors.version_list(request.ctx), pk=pk)
    try:  # the service checks the physician belongs to the member's team: 403 otherwise
        services.validate_version(actor=request.ctx, version=version)
    except PreventionError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Version {version.number} validée : elle est désormais figée.")
    return redirect("backoffice:prevention:fiche-version-edit", pk=version.pk)


@require_POST
@backoffice_view("prevention.fiche:write")
def fiche_version_send(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(selectors.version_list(request.ctx), pk=pk)
    try:
        version = services.send_version(actor=request.ctx, version=version)
    except PreventionError as error:
        messages.error(request, str(error))
        return redirect("backoffice:prevention:fiche-version-edit", pk=version.pk)
    messages.success(
        request,
        f"Version {version.number} transmise à l'employeur ; renouvellement avant le "
        f"{version.fiche.renewal_due_on:%d/%m/%Y}.",
    )
    return redirect("backoffice:prevention:fiche-detail", pk=version.fiche_id)


@require_safe
@backoffice_view("prevention.fiche:view")
def fiche_version_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    version = get_object_or_404(selectors.version_list(request.ctx), pk=pk)
    if version.status == Status.SENT:  # the document sent: never regenerated
        return stored_file_response(version.pdf, version.sha256, pdf_fiche.fiche_filename(version))
    # a preview for the physician and the team, marked as a draft
    return file_response(pdf_fiche.render_fiche(version), pdf_fiche.fiche_filename(version))


@require_safe
@backoffice_view("prevention.fiche:view")
def fiche_photo(request: HttpRequest, pk: int) -> HttpResponse:
    photo = get_object_or_404(
        FichePhoto.objects.filter(version__in=selectors.version_list(request.ctx)), pk=pk
    )
    response = stored_file_response(
        photo.content, photo.sha256, f"photo-{photo.pk}", photo.content_type, inline=True
    )
    if response.status_code == 200:
        response["Cache-Control"] = "private, max-age=3600"
    return response
