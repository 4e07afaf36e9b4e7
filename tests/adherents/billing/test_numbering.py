"""Invoice numbers: consecutive, never a visible gap (a rolled-back invoice takes its number
back), never reused (unique, immutable rows); the PDF and its hash; chronology."""

import datetime
import hashlib
import threading
from decimal import Decimal

import pytest
from django.db import DatabaseError, IntegrityError, connection, transaction

from adherents.billing import services
from adherents.models import Invoice, InvoiceLine, InvoiceSequence, Payment
from adherents.rules import cotisation as rules
from tests import documents
from tests.adherents.factories_billing import billing_ctx, issue_for, pdf_texts

pytestmark = pytest.mark.django_db


def test_two_invoices_get_consecutive_numbers_per_kind_and_year(world):
    first = issue_for(world, issued_on=datetime.date(2026, 1, 15))
    second = issue_for(world, world.other_adherent, issued_on=datetime.date(2026, 1, 15))
    next_year = issue_for(world, issued_on=datetime.date(2027, 1, 2))
    assert [first.number, second.number, next_year.number] == [
        "F-2026-000001",
        "F-2026-000002",
        "F-2027-000001",
    ]
    note = services.issue_credit_note(
        invoice=first,
        reason="Erreur",
        actor=billing_ctx(world),
        issued_on=datetime.date(2026, 2, 1),
    )
    assert note.number == "AV-2026-000001"
    assert InvoiceSequence.objects.get(kind="invoice", year=2026).last_number == 2


def test_an_exception_after_numbering_rolls_the_number_back(world):
    class CallerError(Exception):
        """What the caller's own transaction raises after the invoice was numbered."""

    numbered = []

    def issue_then_fail():
        with transaction.atomic():
            numbered.append(issue_for(world).number)
            raise CallerError

    with pytest.raises(CallerError):
        issue_then_fail()
    assert numbered == ["F-2026-000001"]
    assert not Invoice.objects.exists()
    assert not InvoiceLine.objects.exists()
    assert not InvoiceSequence.objects.filter(last_number__gt=0).exists()
    # No gap: the next invoice takes the number the rolled-back one never published.
    assert issue_for(world).number == "F-2026-000001"
    assert issue_for(world).number == "F-2026-000002"


def test_a_failure_inside_the_issue_leaves_no_number_used(world):
    too_big = rules.line(rules.COMPLEMENTARY, "Hors limites", 1, Decimal("1000000000.00"))
    with pytest.raises(DatabaseError):  # numeric overflow on the invoice insert, after numbering
        services.issue_invoice(
            adherent=world.adherent,
            year=2026,
            lines=[too_big],
            actor=billing_ctx(world),
            issued_on=datetime.date(2026, 1, 15),
        )
    assert issue_for(world).number == "F-2026-000001"


def test_a_number_is_never_reused(world):
    invoice = issue_for(world)
    with pytest.raises(IntegrityError), transaction.atomic():
        Invoice.objects.create(
            kind="invoice",
            number=invoice.number,
            adherent=world.other_adherent,
            year=2026,
            issued_on=invoice.issued_on,
            due_on=invoice.due_on,
            total=Decimal("1.00"),
            **documents.fields(b"%PDF", "pdf", "pdf_sha256"),
        )


def test_invoices_lines_and_payments_can_be_neither_changed_nor_deleted(world):
    invoice = issue_for(world)
    payment = Payment.objects.create(
        invoice=invoice,
        amount=Decimal("10.00"),
        paid_on=datetime.date(2026, 1, 20),
        method="cheque",
        recorded_by=world.actors["billing"],
    )
    attempts = [
        lambda: Invoice.objects.filter(pk=invoice.pk).update(total=Decimal("1.00")),
        lambda: Invoice.objects.filter(pk=invoice.pk).delete(),
        lambda: InvoiceLine.objects.filter(invoice=invoice).update(amount=Decimal("1.00")),
        lambda: InvoiceLine.objects.filter(invoice=invoice).delete(),
        lambda: Payment.objects.filter(pk=payment.pk).update(amount=Decimal("1.00")),
        lambda: Payment.objects.filter(pk=payment.pk).delete(),
    ]
    for attempt in attempts:
        with pytest.raises(DatabaseError), transaction.atomic():
            attempt()
    invoice.refresh_from_db()
    assert invoice.total == Decimal("500.00")


def test_the_pdf_is_stored_with_its_hash_and_carries_the_number(world):
    invoice = issue_for(world)
    pdf = documents.read(invoice.pdf, invoice.pdf_sha256)
    assert pdf.startswith(b"%PDF")
    assert invoice.pdf_sha256 == hashlib.sha256(pdf).hexdigest()
    texts = pdf_texts(pdf)  # the document title and the bookmark of the heading
    assert "Facture F-2026-000001" in texts
    assert "Facture n° F-2026-000001" in texts


def test_the_pdf_html_has_the_legal_mentions(world, settings):
    settings.SPSTI_INVOICE_VAT_MENTION = "TVA non applicable — mention de test"
    from django.template.loader import render_to_string

    html = render_to_string(
        "adherents/billing/pdf/invoice.html",
        {
            "kind": "invoice",
            "kind_label": "Facture",
            "number": "F-2026-000009",
            "member": world.adherent,
            "head_office": world.establishment,
            "year": 2026,
            "issued_on": datetime.date(2026, 1, 15),
            "due_on": datetime.date(2026, 2, 14),
            "groups": [
                ("Offre complémentaire", [rules.line("complementary", "Médiation", 2, 450)])
            ],
            "total": Decimal("900.00"),
            "center_name": "SPSTI de test",
            "vat_mention": settings.SPSTI_INVOICE_VAT_MENTION,
        },
    )
    for text in (
        "F-2026-000009",
        "SPSTI de test",
        world.adherent.name,
        world.adherent.siren,
        "15/01/2026",
        "14/02/2026",
        "Médiation",
        "900,00",
        "TVA non applicable — mention de test",
        "40&nbsp;€",
        "L441-10",
        "majoré de 10 points",
    ):
        assert text in html, text


def test_the_issue_date_cannot_go_back_before_the_last_piece(world):
    issue_for(world, issued_on=datetime.date(2026, 3, 1))
    with pytest.raises(services.BillingError, match="chronologique"):
        issue_for(world, issued_on=datetime.date(2026, 2, 28))
    assert issue_for(world, issued_on=datetime.date(2026, 3, 1)).number == "F-2026-000002"


def test_an_invoice_needs_lines_and_a_positive_total(world):
    with pytest.raises(services.BillingError, match="au moins une ligne"):
        services.issue_invoice(
            adherent=world.adherent, year=2026, lines=[], actor=billing_ctx(world)
        )
    negative = rules.line(rules.COMPLEMENTARY, "Remise", 1, Decimal("-5.00"))
    with pytest.raises(services.BillingError, match="négatif"):
        services.issue_invoice(
            adherent=world.adherent, year=2026, lines=[negative], actor=billing_ctx(world)
        )
    assert not InvoiceSequence.objects.filter(last_number__gt=0).exists()


@pytest.mark.django_db(transaction=True)
def test_concurrent_issues_never_share_a_number(world):
    """Two threads, each its own connection, issue three invoices each: the locked sequence
    gives six distinct consecutive numbers (without the lock: a duplicate or an error)."""
    errors = []
    barrier = threading.Barrier(2)

    def work(adherent):
        try:
            barrier.wait()
            for _ in range(3):
                issue_for(world, adherent, issued_on=datetime.date(2026, 1, 15))
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [
        threading.Thread(target=work, args=(a,)) for a in (world.adherent, world.other_adherent)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    numbers = sorted(Invoice.objects.values_list("number", flat=True))
    assert numbers == [f"F-2026-{n:06d}" for n in range(1, 7)]
