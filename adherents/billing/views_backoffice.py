"""Back-office views of billing: invoices, payments, credit notes, the cotisation of a member and
the yearly call, bank statements, a member's balance. Another centre's object: 404."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_http_methods, require_safe

from accounts.gates import backoffice_view
from adherents.billing import selectors, services, tasks
from adherents.billing import selectors_batch as call_selectors
from adherents.billing import services_payments as payments
from adherents.billing.forms import (
    BatchForm,
    CotisationForm,
    CreditNoteForm,
    InvoiceFilterForm,
    PaymentForm,
    StatementForm,
)
from adherents.models import Adherent, Invoice, Tariff, TariffItem
from spsti import outbox
from spsti.downloads import stored_file_response
from spsti.pagination import paginate_keyset_request, paginate_request
from spsti.params import int_param, parse_int

MANAGE = "adherents.invoice:manage"
TEMPLATES = "adherents/billing/backoffice"


def _page(request: HttpRequest, invoices):
    page = paginate_keyset_request(request, invoices.only(*selectors.LIST_COLUMNS))
    selectors.labelled(page.items)
    return page


@require_safe
@backoffice_view(MANAGE)
def invoice_list(request: HttpRequest) -> HttpResponse:
    form = InvoiceFilterForm(request.GET or None)
    filters = form.cleaned_data if form.is_valid() else {}
    invoices = selectors.invoice_list(
        request.ctx,
        today=timezone.localdate(),
        year=filters.get("year"),
        status=filters.get("status") or "",
        member=(filters.get("member") or "").strip(),
        kind=filters.get("kind") or "",
    )
    return render(
        request,
        f"{TEMPLATES}/invoice_list.html",
        {"form": form, "page": _page(request, invoices)},
    )


def _invoice(request: HttpRequest, pk: int):
    return get_object_or_404(selectors.invoice_detail(request.ctx, pk, today=timezone.localdate()))


@require_safe
@backoffice_view(MANAGE)
def invoice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    return render(
        request,
        f"{TEMPLATES}/invoice_detail.html",
        {
            **selectors.invoice_page(invoice),
            "reminders": invoice.reminders.order_by("level"),
            "sent_mails": outbox.sent_for(invoice),
        },
    )


@require_safe
@backoffice_view(MANAGE)
def invoice_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = get_object_or_404(Invoice.objects.visible_to(request.ctx), pk=pk)
    return stored_file_response(invoice.pdf, invoice.pdf_sha256, f"{invoice.number}.pdf")


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def payment_create(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    form = PaymentForm(request.POST or None, initial={"paid_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            payments.record_payment(actor=request.ctx, invoice=invoice, **form.cleaned_data)
        except services.BillingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Paiement enregistré.")
            return redirect("backoffice:adherents:billing-invoice-detail", pk=invoice.pk)
    return render(request, f"{TEMPLATES}/payment_form.html", {"form": form, "invoice": invoice})


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def credit_note_create(request: HttpRequest, pk: int) -> HttpResponse:
    invoice = _invoice(request, pk)
    form = CreditNoteForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            note = services.issue_credit_note(
                actor=request.ctx, invoice=invoice, **form.cleaned_data
            )
        except services.BillingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Avoir {note.number} émis.")
            return redirect("backoffice:adherents:billing-invoice-detail", pk=invoice.pk)
    return render(request, f"{TEMPLATES}/credit_note_form.html", {"form": form, "invoice": invoice})


def _member(request: HttpRequest, pk: int) -> Adherent:
    return get_object_or_404(Adherent.objects.visible_to(request.ctx), pk=pk)


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def cotisation_issue(request: HttpRequest, adherent_pk: int) -> HttpResponse:
    adherent = _member(request, adherent_pk)
    year = timezone.localdate().year
    year = parse_int(request.POST.get("year") or request.GET.get("year"), year)
    items = TariffItem.objects.filter(tariff__year=year).order_by("label")
    form = CotisationForm(request.POST or None, initial={"year": year}, items=items)
    if request.method == "POST" and form.is_valid():
        try:
            invoice = services.issue_cotisation(
                actor=request.ctx,
                adherent=adherent,
                year=form.cleaned_data["year"],
                complementary=form.complementary(),
            )
        except services.BillingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Facture {invoice.number} émise.")
            return redirect("backoffice:adherents:billing-invoice-detail", pk=invoice.pk)
    return render(
        request,
        f"{TEMPLATES}/cotisation_form.html",
        {"form": form, "adherent": adherent, "year": year},
    )


@require_safe
@backoffice_view(MANAGE)
def member_balance(request: HttpRequest, adherent_pk: int) -> HttpResponse:
    adherent = _member(request, adherent_pk)
    invoices = selectors.invoice_list(request.ctx, today=timezone.localdate()).filter(
        adherent=adherent
    )
    return render(
        request,
        f"{TEMPLATES}/member_balance.html",
        {
            "adherent": adherent,
            "totals": selectors.member_balance(adherent.pk),
            "page": _page(request, invoices),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def batch(request: HttpRequest) -> HttpResponse:
    """The yearly call for cotisations: launch it, follow it by the count of invoices issued."""
    default_year = timezone.localdate().year
    year = int_param(request, "annee", default_year)
    form = BatchForm(request.POST or None, initial={"year": year})
    if request.method == "POST" and form.is_valid():
        year = form.cleaned_data["year"]
        if not Tariff.objects.filter(year=year).exists():
            form.add_error("year", f"Aucun tarif n'est défini pour {year} : saisissez-le d'abord.")
        else:
            args = (year, request.ctx.center_id, request.user.pk, timezone.localdate().isoformat())
            transaction.on_commit(lambda: tasks.issue_cotisations.delay(*args))
            messages.success(
                request,
                f"Appel de cotisations {year} lancé : les factures s'ajoutent au fil de l'eau ; "
                "un récapitulatif vous sera envoyé par e-mail.",
            )
            return redirect(f"{request.path}?annee={year}")
    page = paginate_keyset_request(request, call_selectors.batch_not_invoiced(request.ctx, year))
    progress = call_selectors.batch_progress(request.ctx, year)
    return render(
        request,
        f"{TEMPLATES}/batch.html",
        {
            "form": form,
            "year": year,
            "progress": progress,
            "page": page,
            "not_invoiced": [
                (member, call_selectors.skip_reason(member, year)) for member in page.items
            ],
            # Only asked while members are left (the page says the call is over otherwise).
            "batch_pending": bool(progress.remaining)
            and call_selectors.batch_pending(request.ctx, year),
        },
    )


@require_http_methods(["GET", "HEAD", "POST"])
@backoffice_view(MANAGE)
def statement_import(request: HttpRequest) -> HttpResponse:
    form = StatementForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            statement = payments.import_statement(
                actor=request.ctx, filename=upload.name, content=upload.read()
            )
        except services.BillingError as error:
            form.add_error("file", str(error))
        else:
            messages.success(
                request,
                f"Relevé importé : {statement.matched_count} paiement(s) rapproché(s) sur "
                f"{statement.line_count} ligne(s).",
            )
            return redirect("backoffice:adherents:billing-statement-detail", pk=statement.pk)
    return render(request, f"{TEMPLATES}/statement_import.html", {"form": form})


@require_safe
@backoffice_view(MANAGE)
def statement_list(request: HttpRequest) -> HttpResponse:
    page = paginate_request(request, selectors.statement_list(request.ctx))
    return render(request, f"{TEMPLATES}/statement_list.html", {"page": page})


@require_safe
@backoffice_view(MANAGE)
def statement_detail(request: HttpRequest, pk: int) -> HttpResponse:
    statement = get_object_or_404(selectors.statement_list(request.ctx), pk=pk)
    matched = statement.payments.select_related("invoice__adherent")
    return render(
        request,
        f"{TEMPLATES}/statement_detail.html",
        {"statement": statement, "payments": matched.order_by("paid_on", "pk")},
    )
