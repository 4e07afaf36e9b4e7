"""Back-office views of actions in the workplace (AMT) and their indicators."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from adherents.models import Adherent
from prevention.actions import selectors, services
from prevention.actions.forms import (
    ActionFilterForm,
    ActionForm,
    DocumentForm,
)
from prevention.errors import PreventionError
from prevention.models import ActionDocument, PreventionAction
from prevention.selectors_remembered import actions_generation, remembered, scope_key, statement_key
from spsti.downloads import stored_file_response
from spsti.pagination import paginate_keyset, paginate_keyset_request, paginate_request

TEMPLATES = "prevention/actions/backoffice"


@require_safe
@backoffice_view("prevention.action:view")
def action_list(request: HttpRequest) -> HttpResponse:
    form = ActionFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    actions = selectors.action_list(
        request.ctx,
        kind=filters.get("kind") or "",
        member=(filters.get("member") or "").strip(),
        since=filters.get("since"),
        until=filters.get("until"),
    )
    # Over every action the filters keep, not the page's: remembered (selectors_remembered).
    totals = remembered(
        "action-time-by-kind",
        f"{statement_key(actions)}:{actions_generation()}",
        lambda: selectors.time_by_kind(actions),
    )
    return render(
        request,
        f"{TEMPLATES}/list.html",
        {
            "form": form,
            "page": paginate_keyset_request(request, actions.only(*selectors.LIST_COLUMNS)),
            "totals": totals,
            "total_minutes": sum(t.minutes for t in totals),
            "total_count": sum(t.count for t in totals),
            "members": selectors.matching_members(
                request.ctx, (filters.get("member") or "").strip()
            ),
        },
    )


def _member(request: HttpRequest, pk: int) -> Adherent:
    return get_object_or_404(Adherent.objects.visible_to(request.ctx), pk=pk)


@require_safe
@backoffice_view("prevention.action:view")
def action_member(request: HttpRequest, adherent_pk: int) -> HttpResponse:
    adherent = _member(request, adherent_pk)
    today = timezone.localdate()
    deadline = selectors.primary_action_deadline(
        adherent, today=today, years=settings.SPSTI_PRIMARY_ACTION_YEARS
    )
    return render(
        request,
        f"{TEMPLATES}/member.html",
        {
            "adherent": adherent,
            "page": paginate_request(request, selectors.actions_of_member(request.ctx, adherent)),
            "deadline": deadline,
            "is_overdue": deadline.due_on < today,
            "can_write": services.can_write_action(request.ctx, adherent),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view("prevention.action:write")
def action_create(request: HttpRequest, adherent_pk: int) -> HttpResponse:
    adherent = _member(request, adherent_pk)
    form = ActionForm(
        request.POST or None,
        request.FILES or None,
        establishments=adherent.establishments.order_by("-is_head_office", "name"),
        max_mb=settings.SPSTI_UPLOAD_MAX_MB,
        initial={"performed_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            action = services.record_action(
                actor=request.ctx, adherent=adherent, **form.cleaned_data
            )
        except PreventionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Action enregistrée.")
            return redirect("backoffice:prevention:action-detail", pk=action.pk)
    return render(request, f"{TEMPLATES}/form.html", {"form": form, "adherent": adherent})


def _action(request: HttpRequest, pk: int) -> PreventionAction:
    return get_object_or_404(
        PreventionAction.objects.visible_to(request.ctx).select_related(
            "adherent", "establishment", "performed_by"
        ),
        pk=pk,
    )


@require_safe
@backoffice_view("prevention.action:view")
def action_detail(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    can_write = services.can_write_action(request.ctx, action.adherent)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "action": action,
            "documents": selectors.documents_of(action),
            "can_write": can_write,
            "document_form": DocumentForm(max_mb=settings.SPSTI_UPLOAD_MAX_MB)
            if can_write
            else None,
        },
    )


@require_POST
@backoffice_view("prevention.action:write")
def action_document_add(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    form = DocumentForm(request.POST, request.FILES, max_mb=settings.SPSTI_UPLOAD_MAX_MB)
    if form.is_valid():
        try:
            added = services.attach_documents(
                actor=request.ctx, action=action, documents=form.cleaned_data["documents"]
            )
        except PreventionError as error:
            messages.error(request, f"Aucun document enregistré : {error}")
        else:
            messages.success(request, f"{len(added)} document(s) joint(s).")
    else:
        messages.error(request, "Choisissez au moins un fichier à joindre.")
    return redirect("backoffice:prevention:action-detail", pk=action.pk)


@require_safe
@backoffice_view("prevention.action:view")
def action_document(request: HttpRequest, pk: int) -> HttpResponse:
    document = get_object_or_404(
        ActionDocument.objects.filter(action__in=PreventionAction.objects.visible_to(request.ctx)),
        pk=pk,
    )
    return stored_file_response(
        document.content, document.sha256, document.filename, document.content_type
    )


@require_safe
@backoffice_view("prevention.action:view")
def action_indicators(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    years = settings.SPSTI_PRIMARY_ACTION_YEARS
    newest = actions_generation()
    # By key (« Page suivante » carries the last row's): a deep page walks the alerts' index.
    alerts = paginate_keyset_request(
        request,
        selectors.primary_action_alerts(request.ctx, today=today, years=years),
    )
    rows = [
        (member, selectors.primary_action_deadline(member, today=today, years=years))
        for member in alerts.items
    ]
    # Its own parameters (page_cse, apres_cse, avant_cse), by key too: _pager.html.
    cse_page = paginate_keyset(
        selectors.cse_without_meeting(request.ctx, today=today),
        ("name", "pk"),
        page=request.GET.get("page_cse"),
        after=request.GET.get("apres_cse"),
        before=request.GET.get("avant_cse"),
        per_page=settings.SPSTI_LIST_PAGE_SIZE,
    )
    # The whole centre's shares, remembered together (prevention/selectors_remembered.py).
    coverage, cse = remembered(
        "action-indicators",
        scope_key(request.ctx, today, years, newest),
        lambda: (
            selectors.primary_action_coverage(request.ctx, today=today, years=years),
            selectors.cse_participation(request.ctx, today=today),
        ),
    )
    return render(
        request,
        f"{TEMPLATES}/indicators.html",
        {
            "years": years,
            "today": today,
            "page": alerts,
            "rows": rows,
            "coverage": coverage,
            "cse": cse,
            "cse_page": cse_page,
            "cse_since": selectors.cse_window_start(today),
        },
    )
