"""Monthly facts of billing (issue 16): euros invoiced, euros received, receivables past due at
the month's end, and their ratio. Plain data for the dashboards, grouped queries.

- billed: invoices issued in the month, less the credit notes issued in it (kind "invoice",
  and "credit_note" as a negative amount), so that a period reads the net amount invoiced;
- paid: payments received in the month (Payment.paid_on; a correction is a negative payment),
  per payment method;
- receivables_past_due: on each month's reading day, what remains due (total - credit notes -
  payments made by that day, rules.invoice_payment.balance) on the invoices whose due date
  has passed (rules.invoice_payment.status "En retard"), per age of the debt;
- collection_rate: paid / billed in the same months (a year reads as cash in over invoiced).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from decimal import Decimal

from django.db.models import (
    DateField,
    DecimalField,
    F,
    Max,
    OuterRef,
    Q,
    Subquery,
    Sum,
    Value,
)
from django.db.models.functions import Coalesce, Greatest, TruncMonth

from adherents.members.selectors_facts import in_scope
from adherents.models import Invoice, InvoiceKind, Payment
from adherents.rules import facts

ZERO = Decimal("0.00")
MONEY = DecimalField(max_digits=14, decimal_places=2)
# Age of a debt past due on the reading day, in days after its due date: (kind, first day).
AGE_BANDS = (("1-30", 1), ("31-90", 31), ("91-365", 91), ("365+", 366))


def age_band(days_late: int) -> str:
    found = AGE_BANDS[0][0]
    for label, first in AGE_BANDS:
        if days_late >= first:
            found = label
    return found


def _row(r: dict, month_key: str, kind, amount) -> dict:
    return {
        "center_id": r["adherent__team__center_id"],
        "team_id": r["adherent__team_id"],
        "month": r[month_key],
        "kind": kind,
        "performer": "",
        "numerator": amount,
        "denominator": None,
    }


# ------------------------------------------------------------------------------ billed


def _billed(months) -> list[dict]:
    rows = (
        Invoice.objects.filter(issued_on__gte=months[0], issued_on__lte=facts.month_end(months[-1]))
        .annotate(month=TruncMonth("issued_on", output_field=DateField()))
        .order_by()
        .values("adherent__team__center_id", "adherent__team_id", "month", "kind")
        .annotate(amount=Sum("total"))
    )
    return [
        _row(
            r,
            "month",
            r["kind"],
            -r["amount"] if r["kind"] == InvoiceKind.CREDIT_NOTE else r["amount"],
        )
        for r in rows
    ]


def billed_facts(months, today):
    return _billed(months)


INVOICE_COLUMNS = ["Numéro", "Nature", "Adhérent", "Équipe", "Émise le", "Échéance", "Montant (€)"]


def _invoice_row(invoice: Invoice) -> tuple:
    sign = -1 if invoice.kind == InvoiceKind.CREDIT_NOTE else 1
    return (
        invoice.number,
        invoice.get_kind_display(),
        invoice.adherent.name,
        invoice.adherent.team.name,
        invoice.issued_on,
        invoice.due_on,
        sign * invoice.total,
    )


def billed_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    qs = in_scope(Invoice.objects, center_ids, team_ids, "adherent__").filter(
        issued_on__gte=start, issued_on__lte=end
    )
    if kind:
        qs = qs.filter(kind=kind)
    ordered = qs.select_related("adherent__team").order_by("issued_on", "number")
    return INVOICE_COLUMNS, ordered, _invoice_row


# -------------------------------------------------------------------------------- paid


def _paid(months) -> list[dict]:
    rows = (
        Payment.objects.filter(paid_on__gte=months[0], paid_on__lte=facts.month_end(months[-1]))
        .annotate(month=TruncMonth("paid_on", output_field=DateField()))
        .order_by()
        .values(
            "invoice__adherent__team__center_id", "invoice__adherent__team_id", "month", "method"
        )
        .annotate(amount=Sum("amount"))
    )
    return [
        {
            "center_id": r["invoice__adherent__team__center_id"],
            "team_id": r["invoice__adherent__team_id"],
            "month": r["month"],
            "kind": r["method"],
            "performer": "",
            "numerator": r["amount"],
            "denominator": None,
        }
        for r in rows
    ]


def paid_facts(months, today):
    return _paid(months)


def paid_rows(*, center_ids, team_ids, start, end, kind, performer, part, show_people):
    qs = in_scope(Payment.objects, center_ids, team_ids, "invoice__adherent__").filter(
        paid_on__gte=start, paid_on__lte=end
    )
    if kind:
        qs = qs.filter(method=kind)
    columns = ["Payé le", "Facture", "Adhérent", "Équipe", "Mode", "Référence", "Montant (€)"]

    def row(p: Payment) -> tuple:
        adherent = p.invoice.adherent
        return (p.paid_on, p.invoice.number, adherent.name, adherent.team.name,
                p.get_method_display(), p.reference, p.amount)  # fmt: skip

    ordered = qs.select_related("invoice__adherent__team").order_by("paid_on", "pk")
    return columns, ordered, row


# --------------------------------------------------------------------- collection_rate


def collection_rate_facts(months, today):
    """Paid (numerator) over net billed (denominator), per centre, team and month."""
    cells: dict[tuple, list] = defaultdict(lambda: [ZERO, ZERO])
    for r in _paid(months):
        cells[(r["center_id"], r["team_id"], r["month"])][0] += r["numerator"]
    for r in _billed(months):
        cells[(r["center_id"], r["team_id"], r["month"])][1] += r["numerator"]
    return [
        {
            "center_id": c,
            "team_id": t,
            "month": m,
            "kind": "",
            "performer": "",
            "numerator": num,
            "denominator": den,
        }  # fmt: skip
        for (c, t, m), (num, den) in cells.items()
    ]


# ---------------------------------------------------------------- receivables_past_due


def _credited_by(day_ref) -> Subquery:
    return Coalesce(
        Subquery(
            Invoice.objects.filter(credited_invoice=OuterRef("pk"), issued_on__lte=day_ref)
            .order_by()
            .values("credited_invoice")
            .annotate(s=Sum("total"))
            .values("s")[:1],
            output_field=MONEY,
        ),
        Value(ZERO),
        output_field=MONEY,
    )


def _paid_by(day_ref) -> Subquery:
    return Coalesce(
        Subquery(
            Payment.objects.filter(invoice=OuterRef("pk"), paid_on__lte=day_ref)
            .order_by()
            .values("invoice")
            .annotate(s=Sum("amount"))
            .values("s")[:1],
            output_field=MONEY,
        ),
        Value(ZERO),
        output_field=MONEY,
    )


def _last_movement() -> Greatest:
    """The day an invoice's balance last changed (a credit note or a payment), or None."""
    credit = Invoice.objects.filter(credited_invoice=OuterRef("pk")).order_by().values(
        "credited_invoice"
    ).annotate(d=Max("issued_on")).values("d")[:1]  # fmt: skip
    payment = Payment.objects.filter(invoice=OuterRef("pk")).order_by().values("invoice").annotate(
        d=Max("paid_on")
    ).values("d")[:1]  # fmt: skip
    return Greatest(
        Coalesce(Subquery(credit, output_field=DateField()), F("issued_on")),
        Coalesce(Subquery(payment, output_field=DateField()), F("issued_on")),
    )


def receivables_past_due_facts(months, today):
    """3 queries: the invoices that may be owed on a reading day (still owed today, or settled
    after the first reading day), then their credit notes and their payments."""
    days = facts.reading_days(months, today)
    far = datetime.date.max
    invoices = (
        Invoice.objects.filter(kind=InvoiceKind.INVOICE, due_on__lt=days[-1])
        .annotate(owed=F("total") - _credited_by(far) - _paid_by(far), moved_on=_last_movement())
        .filter(Q(owed__gt=0) | Q(moved_on__gt=days[0]))
    )
    found = {
        pk: (center_id, team_id, due_on, total)
        for pk, center_id, team_id, due_on, total in invoices.order_by().values_list(
            "pk", "adherent__team__center_id", "adherent__team_id", "due_on", "total"
        )
    }
    moves: dict[int, list] = defaultdict(list)
    credits = Invoice.objects.filter(credited_invoice__in=invoices.values("pk"))
    for invoice_id, day, amount in credits.values_list("credited_invoice_id", "issued_on", "total"):
        moves[invoice_id].append((day, amount))
    payments = Payment.objects.filter(invoice__in=invoices.values("pk"))
    for invoice_id, day, amount in payments.values_list("invoice_id", "paid_on", "amount"):
        moves[invoice_id].append((day, amount))
    cells = facts.Cells(ratio=False)
    for pk, (center_id, team_id, due_on, total) in found.items():
        for i in facts.covered(days, due_on + datetime.timedelta(days=1), None):
            owed = total - sum((a for d, a in moves[pk] if d <= days[i]), ZERO)
            if owed > 0:
                band = age_band((days[i] - due_on).days)
                cells.add(center_id, team_id, months[i], band, num=owed)
    return cells.rows()


def receivables_past_due_rows(
    *, center_ids, team_ids, start, end, kind, performer, part, show_people
):
    """The invoices past due with something owed on `end`, with what was owed that day."""
    qs = (
        in_scope(Invoice.objects, center_ids, team_ids, "adherent__")
        .filter(kind=InvoiceKind.INVOICE, due_on__lt=end)
        .annotate(owed=F("total") - _credited_by(end) - _paid_by(end))
        .filter(owed__gt=0)
    )
    if kind:
        bands = dict(AGE_BANDS)
        first = bands[kind]
        following = [f for _, f in AGE_BANDS if f > first]
        qs = qs.filter(due_on__lte=end - datetime.timedelta(days=first))
        if following:
            qs = qs.filter(due_on__gt=end - datetime.timedelta(days=following[0]))
    columns = ["Numéro", "Adhérent", "Équipe", "Émise le", "Échéance", "Montant (€)",
               "Restant dû (€)"]  # fmt: skip

    def row(invoice: Invoice) -> tuple:
        return (invoice.number, invoice.adherent.name, invoice.adherent.team.name,
                invoice.issued_on, invoice.due_on, invoice.total, invoice.owed)  # fmt: skip

    ordered = qs.select_related("adherent__team").order_by("due_on", "number")
    return columns, ordered, row
