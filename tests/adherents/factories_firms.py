"""Factories of the firm area: invoices, credit notes and payments for the portfolio."""

import datetime
from decimal import Decimal

from adherents.models import Invoice, InvoiceKind, Payment, PaymentMethod
from tests import documents

_numbers = iter(range(1, 1_000_000))


def invoice_for(adherent, total: str, *, kind=InvoiceKind.INVOICE, credited=None) -> Invoice:
    """An issued invoice (or a credit note of `credited`) with a dummy PDF."""
    pdf = b"%PDF-1.4 test"
    prefix = "F" if kind == InvoiceKind.INVOICE else "AV"
    return Invoice.objects.create(
        kind=kind,
        number=f"{prefix}-TEST-{next(_numbers):06d}",
        adherent=adherent,
        year=2026,
        issued_on=datetime.date(2026, 2, 1),
        due_on=datetime.date(2026, 3, 3),
        total=Decimal(total),
        credited_invoice=credited,
        reason="Erreur d'effectif" if credited else "",
        **documents.fields(pdf, "pdf", "pdf_sha256"),
    )


def payment_for(invoice: Invoice, amount: str, recorded_by) -> Payment:
    return Payment.objects.create(
        invoice=invoice,
        amount=Decimal(amount),
        paid_on=datetime.date(2026, 3, 1),
        method=PaymentMethod.TRANSFER,
        recorded_by=recorded_by,
    )
