"""Referrals from a member's request of the inbox and from the health-insurance services."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from accounts.gates import backoffice_view
from adherents.models import MemberRequest
from pdp import perms
from pdp.cases import services
from pdp.cases.forms_referrals import InsuranceReferralForm, RequestReferralForm
from pdp.errors import DuplicateCaseError, PdpError
from suivi_sante.models import Worker

REFER = "pdp.referral:create"


def _after(request: HttpRequest, case, fallback: str, *args) -> HttpResponse:
    if perms.can_read_case(request.ctx, case):
        return redirect("backoffice:pdp:case-detail", pk=case.pk)
    return redirect(fallback, *args)


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(REFER)
def refer_request(request: HttpRequest, pk: int) -> HttpResponse:
    """ "Signaler à la cellule PDP" from a member's request about one of its workers."""
    req = get_object_or_404(
        MemberRequest.objects.filter(adherent__team_id__in=request.ctx.team_ids).select_related(
            "adherent"
        ),
        pk=pk,
    )
    workers = Worker.objects.visible_to(request.ctx).filter(adherent_id=req.adherent_id)
    initial = {"reason": f"{req.subject}\n\n{req.body}"}
    form = RequestReferralForm(request.POST or None, workers=workers, initial=initial)
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        common = {
            "actor": request.ctx,
            "source": "employer",
            "reason": data["reason"],
            "referrer_label": req.adherent.name,
            "member_request": req,
            "sick_leave_started_on": data["sick_leave_started_on"],
        }
        try:
            if data.get("worker"):
                case = services.refer_worker(worker=data["worker"], **common)
            else:
                case = services.refer_person(
                    last_name=data["last_name"],
                    first_name=data["first_name"],
                    birth_date=None,
                    adherent=req.adherent,
                    **common,
                )
        except DuplicateCaseError as error:
            form.add_error(None, str(error))
            existing = error.case
        except PdpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "La demande est signalée à la cellule PDP.")
            return _after(request, case, "backoffice:adherents:requests-detail", req.pk)
    return render(
        request,
        "pdp/cases/refer.html",
        {"form": form, "worker": None, "member_request": req, "existing": existing},
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(REFER)
def refer_insurance(request: HttpRequest) -> HttpResponse:
    """The structured referral of the health-insurance services; a worker known by NIR in this
    centre is linked, otherwise the person is referred as told."""
    form = InsuranceReferralForm(request.POST or None)
    existing = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        motive = dict(InsuranceReferralForm.REASONS)[data["motive"]]
        reason = "\n".join(
            line
            for line in (
                f"Motif : {motive}",
                data["details"],
                f"Employeur indiqué : {data['employer']}",
                "Accord de l'assuré à la transmission : oui (L315-4 CSS)",
            )
            if line
        )
        common = {
            "actor": request.ctx,
            "source": data["source"],
            "reason": reason,
            "referrer_label": data["organisation"],
            "sick_leave_started_on": data["sick_leave_started_on"],
        }
        in_centre = Worker.objects.filter(adherent__team_id__in=request.ctx.team_ids)
        known = list(in_centre.filter(nir=data["nir"])[:2]) if data["nir"] else []
        try:
            if len(known) == 1:
                case = services.refer_worker(worker=known[0], **common)
            else:
                case = services.refer_person(
                    last_name=data["last_name"],
                    first_name=data["first_name"],
                    birth_date=data["birth_date"],
                    adherent=None,
                    **common,
                )
        except DuplicateCaseError as error:
            form.add_error(None, str(error))
            existing = error.case
        except PdpError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Le signalement de l'Assurance maladie est enregistré.")
            return _after(request, case, "backoffice:pdp:case-list")
    return render(
        request,
        "pdp/cases/refer.html",
        {"form": form, "worker": None, "insurance": True, "existing": existing},
    )
