"""Billing facts (issue 16) on a small world, against counts made by hand.

Two centres: A (teams A1, A2) and B (team B1); months January to March 2026, today 20 March.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from adherents.models import Invoice, InvoiceKind, Payment, PaymentMethod
from dashboards.facts.services import compute_facts
from tests.accounts.factories import StaffUserFactory
from tests.dashboards.facts.helpers_members import (
    FEB,
    JAN,
    MAR,
    MONTHS,
    TODAY,
    D,
    Teams,
    by_kind,
    cells,
    drill,
    member,
    monthly,
    pair,
    queries_of_compute,
    selection,
    value,
)

pytestmark = pytest.mark.django_db

BILLING = ["billed", "paid", "receivables_past_due", "collection_rate"]
_numbers = iter(range(1, 100_000))


def invoice(adherent, total, issued_on, due_on, *, credited=None) -> Invoice:
    kind = InvoiceKind.CREDIT_NOTE if credited else InvoiceKind.INVOICE
    return Invoice.objects.create(
        kind=kind,
        number=f"{'AV' if credited else 'F'}-T-{next(_numbers):06d}",
        adherent=adherent,
        year=2026,
        issued_on=issued_on,
        due_on=due_on,
        total=Decimal(total),
        credited_invoice=credited,
        pdf="x.pdf",
        pdf_sha256="0" * 64,
    )


def pay(inv, amount, on, method=PaymentMethod.TRANSFER) -> Payment:
    return Payment.objects.create(
        invoice=inv, amount=Decimal(amount), paid_on=on, method=method,
        recorded_by=StaffUserFactory(),
    )  # fmt: skip


def _world():
    t = Teams()
    alpha, bravo = member(t.a1, D(2025, 1, 1), name="Alpha"), member(t.a2, D(2025, 1, 1))
    delta = member(t.b1, D(2025, 1, 1), name="Delta")
    # Alpha: 1 000 € issued 10/01, due 09/02; 400 paid 20/01, 600 paid 10/03.
    f1 = invoice(alpha, "1000.00", D(2026, 1, 10), D(2026, 2, 9))
    pay(f1, "400.00", D(2026, 1, 20))
    pay(f1, "600.00", D(2026, 3, 10), PaymentMethod.CHEQUE)
    # Bravo: 500 € issued 05/02, due 07/03; credit note 200 on 15/03; nothing paid.
    f2 = invoice(bravo, "500.00", D(2026, 2, 5), D(2026, 3, 7))
    invoice(bravo, "200.00", D(2026, 3, 15), D(2026, 3, 15), credited=f2)
    # Bravo, an old invoice of 2025 never paid (past due since 30/11/2025).
    invoice(bravo, "300.00", D(2025, 10, 31), D(2025, 11, 30))
    # An old invoice settled long ago: never read again.
    old = invoice(alpha, "90.00", D(2024, 1, 10), D(2024, 2, 9))
    pay(old, "90.00", D(2024, 2, 1))
    # Delta (B): 250 € issued 01/03, due 31/03; 250 paid 02/03.
    f3 = invoice(delta, "250.00", D(2026, 3, 1), D(2026, 3, 31))
    pay(f3, "250.00", D(2026, 3, 2), PaymentMethod.DIRECT_DEBIT)
    return t, (alpha, bravo, delta), (f1, f2, f3)


def test_billed_paid_and_their_ratio_per_centre():
    t, _, _ = _world()
    compute_facts(MONTHS, today=TODAY, indicator_ids=BILLING)
    a, b = selection(t.center_a), selection(t.center_b)
    # A: January 1 000 (f1), February 500 (f2), March -200 (credit note): 1 300 net.
    assert monthly("billed", a) == [Decimal(1000), Decimal(500), Decimal(-200)]
    assert value("billed", a) == Decimal(1300)
    assert by_kind("billed", a) == {"invoice": Decimal(1500), "credit_note": Decimal(-200)}
    assert value("billed", b) == Decimal(250)
    # A: paid 400 in January, 600 in March; B: 250 in March.
    assert monthly("paid", a) == [Decimal(400), None, Decimal(600)]
    assert by_kind("paid", a) == {"transfer": Decimal(400), "cheque": Decimal(600)}
    assert by_kind("paid", b) == {"direct_debit": Decimal(250)}
    # Collection rate, A: 1 000 paid of 1 300 billed = 76.9 %; B: 250 / 250.
    assert pair("collection_rate", a) == (Decimal(1000), Decimal(1300))
    assert value("collection_rate", a) == Decimal("76.9")
    assert value("collection_rate", b) == Decimal("100.0")
    _, rows = drill("billed", t.center_a, start=MAR, end=D(2026, 3, 31))
    assert [r[-1] for r in rows] == [Decimal("-200.00")]
    _, rows = drill("paid", t.center_b, start=JAN, end=D(2026, 3, 31))
    assert [(r[2], r[-1]) for r in rows] == [("Delta", Decimal("250.00"))]


def test_receivables_past_due_at_each_month_end():
    t, (alpha, bravo, delta), (f1, f2, f3) = _world()
    compute_facts(MONTHS, today=TODAY, indicator_ids=["receivables_past_due"])
    a, b = selection(t.center_a), selection(t.center_b)
    # 31/01: only the 2025 invoice (300, 62 days late); f1 not due yet.
    # 28/02: 300 (90 days) + f1's 600 left (19 days late) = 900.
    # 20/03: 300 (110 days) + f2 500 - 200 credited (13 days late) = 600; f1 paid on 10/03.
    assert monthly("receivables_past_due", a) == [Decimal(300), Decimal(900), Decimal(600)]
    assert value("receivables_past_due", a) == Decimal(600)
    assert by_kind("receivables_past_due", a) == {"91-365": Decimal(300), "1-30": Decimal(300)}
    feb = selection(t.center_a, end=FEB)
    assert by_kind("receivables_past_due", feb) == {"31-90": Decimal(300), "1-30": Decimal(600)}
    assert value("receivables_past_due", b) is None  # Delta paid before its due date
    _, rows = drill("receivables_past_due", t.center_a, start=MAR, end=TODAY)
    assert [(r[0], r[-1]) for r in rows] == [
        (Invoice.objects.get(total=300).number, Decimal("300.00")),
        (f2.number, Decimal("300.00")),
    ]
    _, rows = drill("receivables_past_due", t.center_a, start=FEB, end=D(2026, 2, 28), kind="1-30")
    assert [(r[0], r[-1]) for r in rows] == [(f1.number, Decimal("600.00"))]


def test_billing_facts_are_idempotent_and_bounded():
    t, (alpha, bravo, delta), _ = _world()
    small = queries_of_compute(BILLING)
    first = {i: cells(i) for i in BILLING}
    compute_facts(MONTHS, today=TODAY, indicator_ids=BILLING)
    assert {i: cells(i) for i in BILLING} == first
    for n in range(5):
        inv = invoice(delta if n % 2 else alpha, "100.00", D(2026, 1, n + 1), D(2026, 1, n + 20))
        pay(inv, "30.00", D(2026, 2, n + 1))
    # Run record (2); per indicator savepoint, delete, insert, release (4) and its reads:
    # billed 1, paid 1, receivables 3, collection rate 2.
    assert small == queries_of_compute(BILLING) == 2 + 4 * 4 + 7
    assert JAN in {c[2] for c in cells("receivables_past_due")}
