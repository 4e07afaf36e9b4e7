"""The member's invoices in the portal: status, balance, PDF; another member's invoice is a
404; a firm sees them under a mandate with the invoices scope; a flat number of queries."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from adherents.billing import services
from adherents.billing import services_payments as payments
from adherents.models import Payment
from tests import documents
from tests.adherents.factories_billing import InvoiceRowFactory, billing_ctx, issue_for

pytestmark = pytest.mark.django_db
PO = "portal:adherents"


def test_the_member_sees_its_invoices_credit_notes_status_and_balance(world, client_for):
    invoice = issue_for(world, amount="500.00")  # due 14/02/2026: late today
    payments.record_payment(
        actor=billing_ctx(world),
        invoice=invoice,
        amount=Decimal("100.00"),
        paid_on=datetime.date(2026, 2, 1),
        method="transfer",
    )
    note = services.issue_credit_note(
        invoice=invoice,
        amount=Decimal("50.00"),
        reason="Geste commercial",
        actor=billing_ctx(world),
    )
    foreign = issue_for(world, world.other_adherent)
    for actor in ("portal_admin", "firm_mandated"):
        page = client_for(actor).get(reverse(f"{PO}:billing-invoice-list")).content.decode()
        assert invoice.number in page, actor
        assert note.number in page, actor
        assert foreign.number not in page
        assert "En retard" in page
        assert "350,00" in page  # 500 - 50 - 100
    detail = client_for("portal_admin").get(reverse(f"{PO}:billing-invoice-detail", args=[note.pk]))
    assert "Geste commercial" in detail.content.decode()
    pdf = client_for("firm_mandated").get(reverse(f"{PO}:billing-invoice-pdf", args=[invoice.pk]))
    assert pdf.getvalue() == documents.read(invoice.pdf, invoice.pdf_sha256)
    assert 'filename="F-2026-000001.pdf"' in pdf["Content-Disposition"]


def test_another_members_invoice_is_a_404(world, client_for):
    foreign = issue_for(world, world.other_adherent)
    client = client_for("portal_admin")
    for name in ("billing-invoice-detail", "billing-invoice-pdf"):
        assert client.get(reverse(f"{PO}:{name}", args=[foreign.pk])).status_code == 404


def test_the_portal_list_answers_in_a_flat_number_of_queries(world, client_for):
    client = client_for("portal_admin")
    path = reverse(f"{PO}:billing-invoice-list")

    def add(n):
        for _ in range(n):
            invoice = InvoiceRowFactory(adherent=world.adherent)
            Payment.objects.create(
                invoice=invoice,
                amount=Decimal("1.00"),
                paid_on=datetime.date(2026, 2, 1),
                method="cheque",
                recorded_by=world.actors["billing"],
            )
            InvoiceRowFactory(
                adherent=world.adherent,
                kind="credit_note",
                number=f"AV-{invoice.number}",
                credited_invoice=invoice,
                total=Decimal("1.00"),
            )

    add(1)
    with CaptureQueriesContext(connection) as one:
        client.get(path)
    add(29)
    with CaptureQueriesContext(connection) as thirty:
        assert client.get(path).status_code == 200
    assert len(thirty) == len(one) <= 12
