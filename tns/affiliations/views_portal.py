"""The self-employed person's space: one person, their affiliation, invoices, appointments,
screenings and workshops; the company head's page (declared in the workforce declaration,
L4621-4: no affiliation any more); the explicit renewal."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from accounts.gates import portal_view
from tns import perms
from tns.affiliations import selectors, services
from tns.models import Basis, TnsAffiliation
from tns.screening import selectors as screening_selectors
from tns.visits import selectors as visit_selectors
from tns.workshops import selectors as workshop_selectors

TEMPLATES = "tns/affiliations/portal"


@require_safe
@portal_view(perms.SPACE)
def space(request: HttpRequest) -> HttpResponse:
    ctx, today = request.ctx, timezone.localdate()
    latest = selectors.latest_affiliation(ctx.user)
    current = selectors.current_affiliation(ctx.user, today)
    context = {
        "latest": latest,
        "current": current,
        "affiliations": list(selectors.affiliations_of(ctx.user)[:10]),
        "screenings": list(screening_selectors.own_screenings(ctx)[:10]),
        "draft": screening_selectors.own_draft(ctx),
        "registrations": list(workshop_selectors.own_registrations(ctx)[:10]),
        "visits": list(visit_selectors.own_visits(ctx)[:10]),
        "next_vip": visit_selectors.next_vip_due(ctx.user),
        "company_admin": latest is None and perms.is_member_admin(ctx),
        "may_renew": (
            latest is not None
            and latest.basis == Basis.SELF_EMPLOYED  # a head's period is not renewed (L4621-4)
            and not hasattr(latest, "renewal")
        ),
        "today": today,
        "now": timezone.now(),
    }
    return render(request, f"{TEMPLATES}/space.html", context)


@require_http_methods(["GET", "HEAD", "POST"])
@portal_view(perms.SPACE)
def join_as_head(request: HttpRequest) -> HttpResponse:
    """The company head's page: the head is declared in the workforce declaration (L4621-4).
    No affiliation is created any more: a POST (an old form, a bookmark) is refused."""
    if request.method == "POST":
        messages.error(request, services.HEAD_IN_WORKFORCE)
        return redirect("portal:tns:join-as-head")
    return render(
        request,
        f"{TEMPLATES}/join_as_head.html",
        {"company_admin": perms.is_member_admin(request.ctx)},
    )


@require_POST
@portal_view(perms.SPACE)
def renew(request: HttpRequest, pk: int) -> HttpResponse:
    affiliation = get_object_or_404(TnsAffiliation.objects.visible_to(request.ctx), pk=pk)
    try:
        renewal = services.renew(actor=request.ctx, affiliation=affiliation)
    except services.AffiliationError as error:
        messages.error(request, str(error))
    else:
        billing = (
            "la facture est disponible."
            if renewal.invoice_id
            else "sa facturation est à confirmer par le service."
        )
        messages.success(
            request,
            f"Affiliation renouvelée du {renewal.start_on:%d/%m/%Y} au {renewal.end_on:%d/%m/%Y} ;"
            f" {billing}",
        )
    return redirect("portal:tns:space")
