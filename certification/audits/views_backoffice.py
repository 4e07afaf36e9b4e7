"""Back-office pages of audits: list, plan, detail (auditors read it within its dates),
findings, the certification result."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import backoffice_view
from certification import perms
from certification import selectors_staff as staff
from certification.audits import selectors, services
from certification.audits.forms import AuditForm, CertificationForm, FindingForm
from certification.audits.models import Audit
from certification.errors import CertificationError
from certification.perms import PARTICIPANT, QUALITY_MANAGE, QUALITY_VIEW
from certification.referential.models import Criterion, Referential
from spsti.pagination import paginate_request

TEMPLATES = "certification/audits"
DETAIL = "backoffice:certification:audit-detail"


def _criteria(ctx):
    return Criterion.objects.filter(
        referential__in=Referential.objects.visible_to(ctx)
    ).select_related("referential")


@require_safe
@backoffice_view(QUALITY_VIEW, PARTICIPANT)
def audit_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.audits_for(request.ctx))
    return render(request, f"{TEMPLATES}/list.html", {"page": page})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(QUALITY_MANAGE)
def audit_create(request: HttpRequest) -> HttpResponse:
    form = AuditForm(
        request.POST or None,
        staff=staff.center_staff(request.ctx),
        criteria=_criteria(request.ctx),
    )
    if request.method == "POST" and form.is_valid():
        try:
            audit = services.plan_audit(actor=request.ctx, **form.cleaned_data)
        except CertificationError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Audit enregistré.")
            return redirect(DETAIL, pk=audit.pk)
    return render(request, f"{TEMPLATES}/form.html", {"form": form})


@require_safe
@backoffice_view(QUALITY_VIEW, PARTICIPANT)
def audit_detail(request: HttpRequest, pk: int) -> HttpResponse:
    audit = get_object_or_404(selectors.detail_queryset(request.ctx), pk=pk)
    if not perms.reads_quality(request.ctx) and not perms.audits_now(request.ctx, audit):
        raise Http404  # an auditor reads an audit only between its first and last day
    manage = perms.manages_quality(request.ctx)
    return render(
        request,
        f"{TEMPLATES}/detail.html",
        {
            "audit": audit,
            "manage": manage,
            "scope_lines": selectors.scope_assessments(audit),
            "finding_form": FindingForm(criteria=_criteria(request.ctx)) if manage else None,
            "certification_form": CertificationForm(previous=selectors.latest_certificate(audit))
            if manage and audit.kind == "external"
            else None,
        },
    )


@require_POST
@backoffice_view(QUALITY_MANAGE)
def finding_create(request: HttpRequest, pk: int) -> HttpResponse:
    audit = get_object_or_404(Audit.objects.visible_to(request.ctx), pk=pk)
    form = FindingForm(request.POST, criteria=_criteria(request.ctx))
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.record_finding(
                actor=request.ctx,
                audit=audit,
                kind=data["kind"],
                text=data["text"],
                criterion=data["criterion"],
                severity=data["severity"] or "minor",
            )
        except CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Constat enregistré.")
    else:
        messages.error(request, "Constat non enregistré : indiquez sa nature et son texte.")
    return redirect(DETAIL, pk=audit.pk)


@require_POST
@backoffice_view(QUALITY_MANAGE)
def certification_record(request: HttpRequest, pk: int) -> HttpResponse:
    audit = get_object_or_404(Audit.objects.visible_to(request.ctx), pk=pk)
    form = CertificationForm(request.POST)
    if form.is_valid():
        try:
            services.record_certification(actor=request.ctx, audit=audit, **form.cleaned_data)
        except CertificationError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Décision de certification enregistrée.")
    else:
        messages.error(request, "Décision non enregistrée : niveau et date sont obligatoires.")
    return redirect(DETAIL, pk=audit.pk)


@require_safe
@backoffice_view(QUALITY_VIEW)
def audit_pack(request: HttpRequest) -> HttpResponse:
    from certification.audits import exports
    from spsti.downloads import file_response

    content, filename = exports.audit_pack(request.ctx.center_id)
    return file_response(content, filename, "application/zip")
