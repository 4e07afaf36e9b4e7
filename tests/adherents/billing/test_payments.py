"""Payments by hand and from a bank statement (all or nothing, once), balances and statuses in
SQL agreeing with the pure rule."""

import datetime
from decimal import Decimal

import pytest

from adherents.billing import selectors, services
from adherents.billing import services_payments as payments
from adherents.models import BankStatementImport, Payment
from adherents.rules import invoice_payment as rules
from tests.adherents.factories import AdherentFactory
from tests.adherents.factories_billing import billing_ctx, issue_for

pytestmark = pytest.mark.django_db


def pay(world, invoice, amount, day=datetime.date(2026, 2, 1), **kwargs):
    return payments.record_payment(
        actor=billing_ctx(world),
        invoice=invoice,
        amount=Decimal(amount),
        paid_on=day,
        method=kwargs.pop("method", "transfer"),
        **kwargs,
    )


def amounts(world, invoice, today):
    return selectors.invoice_detail(billing_ctx(world), invoice.pk, today=today).get()


def test_manual_payments_and_corrections(world):
    invoice = issue_for(world, amount="500.00")  # due 14/02/2026
    pay(world, invoice, "200.00", reference="Chèque 123", method="cheque")
    row = amounts(world, invoice, datetime.date(2026, 2, 1))
    assert (row.paid, row.balance, row.status) == (Decimal("200.00"), Decimal("300.00"), "partial")
    pay(world, invoice, "-50.00", reference="Correction")
    pay(world, invoice, "350.00")
    row = amounts(world, invoice, datetime.date(2026, 3, 1))
    assert (row.paid, row.balance, row.status) == (Decimal("500.00"), Decimal("0.00"), "paid")
    with pytest.raises(services.BillingError, match="ne peut pas être nul"):
        pay(world, invoice, "0")
    with pytest.raises(services.BillingError, match="déjà payés"):
        pay(world, invoice, "-500.01")
    with pytest.raises(services.BillingError, match="dans le futur"):
        pay(world, invoice, "1", day=datetime.date(2099, 1, 1))
    note = services.issue_credit_note(
        invoice=invoice, reason="Trop-perçu", actor=billing_ctx(world)
    )
    with pytest.raises(services.BillingError, match="pas sur un avoir"):
        pay(world, note, "1")
    assert Payment.objects.count() == 3


STATUS_CASES = [  # amount invoiced, credited, paid -> status on 01/03/2026 (due 14/02/2026)
    ("500.00", None, None, "overdue"),
    ("500.00", None, "200.00", "overdue"),
    ("500.00", None, "500.00", "paid"),
    ("500.00", "500.00", None, "cancelled"),
    ("500.00", "100.00", "400.00", "paid"),
    ("500.00", "500.00", "500.00", "paid"),
]


def test_the_sql_status_agrees_with_the_rule(world):
    """Every status of the list filter is the one the pure rule gives for the same amounts."""
    today = datetime.date(2026, 3, 1)
    invoices = []
    for total, credited, paid, expected in STATUS_CASES:
        invoice = issue_for(world, amount=total)
        if credited:
            services.issue_credit_note(
                invoice=invoice, amount=Decimal(credited), reason="x", actor=billing_ctx(world)
            )
        if paid:
            pay(world, invoice, paid)
        invoices.append((invoice, expected))
    not_due = issue_for(world, issued_on=datetime.date(2026, 2, 20))  # due 22/03/2026
    pay(world, not_due, "1.00", day=datetime.date(2026, 2, 20))
    invoices.append((not_due, "partial"))
    untouched = issue_for(world, issued_on=datetime.date(2026, 2, 20))
    invoices.append((untouched, "to_pay"))
    ctx = billing_ctx(world)
    for invoice, expected in invoices:
        row = amounts(world, invoice, today)
        rule = rules.status(
            total=row.total, credited=row.credited, paid=row.paid, due_on=row.due_on, today=today
        )
        assert row.status == rule == expected, invoice.number
        listed = selectors.invoice_list(ctx, today=today, status=expected)
        assert invoice.pk in set(listed.values_list("pk", flat=True))


def statement_csv(*rows, encoding="utf-8") -> bytes:
    lines = ["date;libellé;montant", *(";".join(r) for r in rows)]
    return "\r\n".join(lines).encode(encoding)


def test_a_statement_records_the_matched_payments_and_lists_the_others(world):
    first, second = issue_for(world), issue_for(world, world.other_adherent)
    foreign = issue_for(world, AdherentFactory(team=world.other_team))  # another centre
    content = statement_csv(
        ("15/02/2026", f"VIR BOULANGERIE ALPHA {first.number}", "480,00"),
        ("16/02/2026", f"VIR GARAGE {second.number.replace('-', '')}", "500,00"),
        ("16/02/2026", "Frais de tenue de compte", "-3,50"),
        ("17/02/2026", "VIR SANS REFERENCE", "100,00"),
        ("17/02/2026", f"VIR {first.number} {second.number}", "20,00"),
        ("18/02/2026", f"VIR {foreign.number}", "500,00"),
        ("18/02/2026", "VIR F-2026-999999", "12,00"),
        encoding="cp1252",
    )
    statement = payments.import_statement(
        actor=billing_ctx(world), filename="releve-fevrier.csv", content=content
    )
    assert (statement.line_count, statement.matched_count) == (7, 2)
    assert [(u["line"], u["reason"][:20]) for u in statement.unmatched] == [
        (4, "Débit : ce n'est pas"),
        (5, "Aucun numéro de fact"),
        (6, "Plusieurs factures ("),
        (7, f"Facture {foreign.number}"[:20]),  # invisible from this centre: unknown
        (8, "Facture F-2026-99999"),
    ]
    recorded = Payment.objects.filter(statement=statement).order_by("paid_on")
    assert [(p.invoice_id, p.amount, p.method) for p in recorded] == [
        (first.pk, Decimal("480.00"), "transfer"),
        (second.pk, Decimal("500.00"), "transfer"),
    ]
    assert amounts(world, first, datetime.date(2026, 3, 1)).balance == Decimal("20.00")


def test_the_same_statement_twice_is_refused(world):
    invoice = issue_for(world)
    content = statement_csv(("15/02/2026", f"VIR {invoice.number}", "500,00"))
    payments.import_statement(actor=billing_ctx(world), filename="a.csv", content=content)
    with pytest.raises(services.BillingError, match="déjà été importé"):
        payments.import_statement(actor=billing_ctx(world), filename="b.csv", content=content)
    assert Payment.objects.count() == 1
    # An overlapping statement (another file, the same movement): the payment is not doubled.
    overlap = content + b"\r\n16/02/2026;Autre;1,00"
    again = payments.import_statement(actor=billing_ctx(world), filename="c.csv", content=overlap)
    assert again.matched_count == 0
    assert "déjà enregistré" in again.unmatched[0]["reason"]
    assert Payment.objects.count() == 1


def test_a_malformed_statement_writes_nothing_and_names_the_line(world):
    invoice = issue_for(world)
    content = statement_csv(
        ("15/02/2026", f"VIR {invoice.number}", "500,00"),
        ("16/02/2026", "VIR", "cinq cents"),
    )
    with pytest.raises(services.BillingError, match="Ligne 3 : montant « cinq cents » illisible"):
        payments.import_statement(actor=billing_ctx(world), filename="a.csv", content=content)
    assert not Payment.objects.exists()
    assert not BankStatementImport.objects.exists()
