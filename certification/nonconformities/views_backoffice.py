"""Back-office pages of the non-conformity register and corrective actions."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from adherents.events.selectors import complaint_list
from certification import perms
from certification import selectors_staff as staff
from certification.errors import CertificationError
from certification.nonconformities import selectors, services
from certification.nonconformities.forms import (
    ActionForm,
    CauseForm,
    CheckForm,
    DoneForm,
    FromComplaintForm,
    NonConformityForm,
)
from certification.nonconformities.models import CorrectiveAction, NonConformity
from certification.perms import PARTICIPANT, QUALITY_MANAGE, QUALITY_VIEW
from certification.referential.models import Criterion
from spsti.forms import unchanged
from spsti.pagination import paginate_request

TEMPLATES = "certification/nonconformities"
DETAIL = "backoffice:certification:nc-detail"


def _criteria(ctx):
    return Criterion.objects.filter(referential__in=_referentials(ctx)).select_related(
        "referential"
    )


def _referentials(ctx):
    from certification.referential.models import Referential

    return Referential.objects.visible_to(ctx)


@require_safe
@backoffice_view(QUALITY_VIEW)
def nc_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("statut", "")
    page = paginate_request(request, selectors.register_for(request.ctx, status=status))
    return render(request, f"{TEMPLATES}/list.html", {"page": page, "status": status})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(QUALITY_MANAGE)
def nc_create(request: HttpRequest) -> HttpResponse:
    form = NonConformityForm(request.POST or None, criteria=_criteria(request.ctx))
    if request.method == "POST" and form.is_valid():
        try:
            nc = services.raise_nonconformity(actor=request.ctx, **form.cleaned_data)
        except CertificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{nc.reference} enregistrée.")
            return redirect(DETAIL, pk=nc.pk)
    return render(request, f"{TEMPLATES}/form.html", {"form": form, "complaint": None})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(QUALITY_MANAGE)
def nc_from_complaint(request: HttpRequest, complaint_pk: int) -> HttpResponse:
    complaint = get_object_or_404(complaint_list(request.ctx), pk=complaint_pk)
    existing = NonConformity.objects.visible_to(request.ctx).filter(complaint=complaint).first()
    if existing:
        messages.info(request, "Cette réclamation a déjà sa non-conformité.")
        return redirect(DETAIL, pk=existing.pk)
    form = FromComplaintForm(request.POST or None, criteria=_criteria(request.ctx))
    if request.method == "POST" and form.is_valid():
        try:
            nc = services.nonconformity_from_complaint(
                actor=request.ctx, complaint=complaint, **form.cleaned_data
            )
        except CertificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"{nc.reference} ouverte depuis la réclamation.")
            return redirect(DETAIL, pk=nc.pk)
    return render(request, f"{TEMPLATES}/form.html", {"form": form, "complaint": complaint})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(QUALITY_VIEW)
def nc_detail(request: HttpRequest, pk: int) -> HttpResponse:
    try:
        nc = selectors.detail_of(request.ctx, pk)
    except NonConformity.DoesNotExist:
        raise Http404 from None
    cause_form = CauseForm(request.POST or None, initial={"cause_analysis": nc.cause_analysis})
    if unchanged(request, cause_form):
        return redirect(DETAIL, pk=nc.pk)
    if request.method == "POST" and cause_form.is_valid():
        try:
            services.record_cause_analysis(
                actor=request.ctx, nonconformity=nc, **cause_form.cleaned_data
            )
        except CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Analyse des causes enregistrée.")
        return redirect(DETAIL, pk=nc.pk)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "nc": nc,
            "manage": perms.manages_quality(request.ctx),
            "cause_form": cause_form,
            "action_form": ActionForm(
                staff=staff.center_staff(request.ctx), initial={"due_on": nc.due_on}
            ),
            "done_form": DoneForm(),
            "check_form": CheckForm(),
        },
    )


@require_POST
@backoffice_view(QUALITY_MANAGE)
def action_create(request: HttpRequest, pk: int) -> HttpResponse:
    nc = get_object_or_404(NonConformity.objects.visible_to(request.ctx), pk=pk)
    form = ActionForm(request.POST, staff=staff.center_staff(request.ctx))
    if form.is_valid():
        try:
            services.add_action(actor=request.ctx, nonconformity=nc, **form.cleaned_data)
        except CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Action corrective ajoutée.")
    else:
        messages.error(
            request,
            "Action non ajoutée : "
            + " ".join(str(e) for errors in form.errors.values() for e in errors),
        )
    return redirect(DETAIL, pk=nc.pk)


def _action(request: HttpRequest, pk: int) -> CorrectiveAction:
    return get_object_or_404(
        CorrectiveAction.objects.filter(
            nonconformity__in=NonConformity.objects.visible_to(request.ctx)
        ),
        pk=pk,
    )


@require_safe
@backoffice_view(QUALITY_VIEW, PARTICIPANT)
def my_actions(request: HttpRequest) -> HttpResponse:
    """The corrective actions this staff member owns in the current centre, open first."""
    return render(
        request,
        f"{TEMPLATES}/my_actions.html",
        {"actions": selectors.actions_owned_by(request.ctx)[:200]},
    )


@require_POST
@backoffice_view(QUALITY_MANAGE, PARTICIPANT)
def action_done(request: HttpRequest, pk: int) -> HttpResponse:
    """The quality manager, or the action's owner, records it done."""
    manage = perms.manages_quality(request.ctx)
    if manage:
        action = _action(request, pk)
    else:
        action = get_object_or_404(selectors.actions_owned_by(request.ctx), pk=pk)
    form = DoneForm(request.POST)
    if form.is_valid():
        try:
            services.complete_action(actor=request.ctx, action=action, **form.cleaned_data)
        except CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Action réalisée.")
    else:
        messages.error(request, "Saisissez la date de réalisation.")
    if not manage:
        return redirect("backoffice:certification:nc-my-actions")
    return redirect(DETAIL, pk=action.nonconformity_id)


@require_POST
@backoffice_view(QUALITY_MANAGE)
def action_check(request: HttpRequest, pk: int) -> HttpResponse:
    action = _action(request, pk)
    form = CheckForm(request.POST)
    if form.is_valid():
        try:
            services.check_action(
                actor=request.ctx,
                action=action,
                is_effective=form.cleaned_data["is_effective"],
                note=form.cleaned_data["note"],
            )
        except CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Efficacité vérifiée.")
    else:
        messages.error(request, "Indiquez si l'action est efficace et comment vous l'avez vérifié.")
    return redirect(DETAIL, pk=action.nonconformity_id)


@require_POST
@backoffice_view(QUALITY_MANAGE)
def nc_close(request: HttpRequest, pk: int) -> HttpResponse:
    nc = get_object_or_404(NonConformity.objects.visible_to(request.ctx), pk=pk)
    try:
        services.close_nonconformity(actor=request.ctx, nonconformity=nc)
    except CertificationError as error:
        messages.error(request, f"Non soldée : {error}")
    else:
        messages.success(request, f"{nc.reference} soldée.")
    return redirect(DETAIL, pk=nc.pk)
