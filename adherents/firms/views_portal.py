"""Member-portal views of accounting firms: the member's mandates, the firm's portfolio."""

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST, require_safe

from accounts.gates import portal_user_view, portal_view
from adherents import perms
from adherents.firms import selectors, services
from adherents.firms.forms import MandateGrantForm
from adherents.models import AccountingFirmMandate, Adherent
from spsti.pagination import paginate_request

MANAGE = "adherents.mandate:manage"


def _managed_adherent(request: HttpRequest) -> Adherent:
    adherent = Adherent.objects.visible_to(request.ctx).get()
    if not perms.can_manage_mandates(request.ctx, adherent):
        raise PermissionDenied("Seul l'administrateur du compte gère les mandats.")
    return adherent


def _mandates_page(request: HttpRequest, adherent: Adherent, form: MandateGrantForm):
    today = timezone.localdate()
    page = paginate_request(request, selectors.mandates_of(adherent.pk))
    rows = [(m, selectors.mandate_status(m, today)) for m in page.items]
    journal_page, journal = selectors.mandate_journal(adherent.pk, request.GET.get("journal"))
    return render(
        request,
        "adherents/firms/mandate_list.html",
        {
            "adherent": adherent,
            "page": page,
            "rows": rows,
            "form": form,
            "journal_page": journal_page,
            "journal": journal,
        },
    )


@require_safe
@portal_view(MANAGE)
def mandate_list(request: HttpRequest) -> HttpResponse:
    adherent = _managed_adherent(request)
    form = MandateGrantForm(initial={"valid_from": timezone.localdate()})
    return _mandates_page(request, adherent, form)


@require_POST
@portal_view(MANAGE)
def mandate_grant(request: HttpRequest) -> HttpResponse:
    adherent = _managed_adherent(request)
    form = MandateGrantForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            mandate = services.grant_mandate(
                request.ctx,
                adherent=adherent,
                siren=data["siren"],
                scopes=data["scopes"],
                valid_from=data["valid_from"],
                valid_until=data["valid_until"],
            )
        except services.FirmError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, f"Mandat accordé à {mandate.firm.name} : {mandate.scope_labels}."
            )
            return redirect("portal:adherents:firms-mandate-list")
    return _mandates_page(request, adherent, form)


@require_POST
@portal_view(MANAGE)
def mandate_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    adherent = _managed_adherent(request)
    mandate = get_object_or_404(  # another member's mandate: 404
        AccountingFirmMandate.objects.visible_to(request.ctx)
        .filter(adherent=adherent)
        .select_related("firm", "adherent"),
        pk=pk,
    )
    try:
        services.revoke_mandate(request.ctx, mandate)
    except services.FirmError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request,
            f"Mandat de {mandate.firm.name} révoqué : le cabinet n'a plus accès à votre "
            "entreprise.",
        )
    return redirect("portal:adherents:firms-mandate-list")


@require_safe
@portal_user_view
def portfolio(request: HttpRequest) -> HttpResponse:
    """A firm user's members: declarations, unpaid invoices, and a button to act for each."""
    if not selectors.has_firm_access(request.user):
        raise PermissionDenied("Cette page est réservée aux collaborateurs de cabinets comptables.")
    campaign, page, rows = selectors.portfolio(
        request.user, timezone.localdate(), request.GET.get("page"), settings.SPSTI_LIST_PAGE_SIZE
    )
    return render(
        request,
        "adherents/firms/portfolio.html",
        {"campaign": campaign, "page": page, "rows": rows},
    )
