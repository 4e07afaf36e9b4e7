"""Member-portal views of billing: the member's invoices and credit notes, their status, balance
and PDF. Another member's invoice: 404. Firms see them under a mandate with the invoices scope."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.views.decorators.http import require_safe

from accounts.gates import portal_view
from adherents.billing import selectors
from adherents.models import Invoice
from spsti.downloads import stored_file_response
from spsti.pagination import paginate_keyset_request

VIEW = "adherents.invoice:view"
TEMPLATES = "adherents/billing/portal"
TO_PAY = "a-payer"  # ?statut=a-payer: the invoices not paid yet, late or not


def _page(request: HttpRequest, invoices):
    page = paginate_keyset_request(request, invoices)
    selectors.labelled(page.items)
    return page


@require_safe
@portal_view(VIEW)
def invoice_list(request: HttpRequest) -> HttpResponse:
    unpaid = request.GET.get("statut") == TO_PAY
    invoices = selectors.invoice_list(
        request.ctx, today=timezone.localdate(), status=selectors.UNPAID if unpaid else ""
    )
    return render(
        request,
        f"{TEMPLATES}/invoice_list.html",
        {
            "page": _page(request, invoices),
            "totals": selectors.member_balance(request.ctx.adherent_id),
            "unpaid": unpaid,
        },
    )


@require_safe
@portal_view(VIEW)
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(
        selectors.invoice_detail(request.ctx, pk, today=timezone.localdate())
    )
    return render(
        request,
        f"{TEMPLATES}/invoice_detail.html",
        selectors.invoice_page(invoice),
    )


@require_safe
@portal_view(VIEW)
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(Invoice.objects.visible_to(request.ctx), pk=pk)
    return stored_file_response(invoice.pdf, invoice.pdf_sha256, f"{invoice.number}.pdf")
