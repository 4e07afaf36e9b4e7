"""Billing's work items for the homes (issue 17): what a member has to pay, and for the
invoicing team the late invoices, the unmatched bank lines and the members left out of the
year's cotisation batch. One query each."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Func, IntegerField, Sum

from adherents.billing.selectors import UNPAID, invoice_list, statement_list
from adherents.billing.selectors_batch import batch_progress
from adherents.rules import invoice_payment as status_rules
from spsti.pagination import capped_count


@dataclass(frozen=True)
class Unpaid:
    count: int
    amount: Decimal


def unpaid(ctx, *, today: datetime.date) -> Unpaid:
    """The invoices still to pay (on time or late) and what remains due on them."""
    row = (
        invoice_list(ctx, today=today, status=UNPAID)
        .order_by()
        .aggregate(n=Count("pk"), amount=Sum("balance"))
    )
    return Unpaid(count=row["n"], amount=row["amount"] or Decimal("0.00"))


def overdue_count(ctx, *, today: datetime.date, cap: int) -> int:
    """Invoices past their due date and not fully paid, counted up to cap + 1: the status is
    computed per invoice (credit notes and payments summed), so an exact count computed it for
    every invoice of the centre (170,000 on the large dataset, 2 to 4 s); up to 101 overdue
    ones, ≈ 8 ms there (overdue invoices are a fair share of a centre's: the count stops early)."""
    return capped_count(invoice_list(ctx, today=today, status=status_rules.OVERDUE), cap)


class _JsonLength(Func):
    function = "jsonb_array_length"
    output_field = IntegerField()


def unmatched_line_count(ctx) -> int:
    """Bank-statement lines that matched no invoice, over the centre's imports."""
    total = statement_list(ctx).order_by().aggregate(n=Sum(_JsonLength("unmatched")))["n"]
    return total or 0


def batch_left_out(ctx, *, year: int) -> int:
    """Active members of the centre without a cotisation invoice for the year (2 queries)."""
    return batch_progress(ctx, year).remaining
