"""Reads of billing: visible invoices with their paid and credited sums, headcounts to invoice,
reminder candidates and recipients, the batch's progress. Lists never load the PDFs."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import (
    Case,
    CharField,
    DecimalField,
    Exists,
    F,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
    Sum,
    Value,
    When,
)
from django.db.models.functions import Coalesce

from accounts.enums import AdherentRole
from adherents.models import (
    Adherent,
    AdherentMembership,
    BankStatementImport,
    Contact,
    ContactRole,
    Invoice,
    InvoiceKind,
    InvoiceLine,
    Payment,
    Tariff,
    TariffItem,
    WorkforceDeclaration,
)
from adherents.rules import cotisation as rules
from adherents.rules import invoice_payment as status_rules

MONEY = DecimalField(max_digits=12, decimal_places=2)
# The invoices still to be paid, on time or late (a list filter: ?statut=a-payer on the portal).
UNPAID = "unpaid"
UNPAID_STATUSES = [status_rules.TO_PAY, status_rules.PARTIAL, status_rules.OVERDUE]
ZERO = Value(Decimal("0.00"), output_field=MONEY)


def _credited_sum():
    notes = (
        Invoice.objects.filter(credited_invoice=OuterRef("pk"))
        .order_by()
        .values("credited_invoice")
        .annotate(s=Sum("total"))
        .values("s")
    )
    return Coalesce(Subquery(notes, output_field=MONEY), ZERO)


def _paid_sum():
    paid = (
        Payment.objects.filter(invoice=OuterRef("pk"))
        .order_by()
        .values("invoice")
        .annotate(s=Sum("amount"))
        .values("s")
    )
    return Coalesce(Subquery(paid, output_field=MONEY), ZERO)


def with_balance(qs: QuerySet[Invoice]) -> QuerySet[Invoice]:
    """Annotate credited, paid and balance (total minus credit notes and payments)."""
    return qs.annotate(credited=_credited_sum(), paid=_paid_sum()).annotate(
        balance=F("total") - F("credited") - F("paid")
    )


def with_amounts(qs: QuerySet[Invoice], today: datetime.date) -> QuerySet[Invoice]:
    """Annotate credited, paid, balance and status (the SQL twin of rules.invoice_payment)."""
    return with_balance(qs).annotate(
        status=Case(
            When(
                Q(credited__gt=0, paid=0) & Q(total__lte=F("credited")),
                then=Value(status_rules.CANCELLED),
            ),
            When(balance__lte=0, then=Value(status_rules.PAID)),
            When(due_on__lt=today, then=Value(status_rules.OVERDUE)),
            When(paid__gt=0, then=Value(status_rules.PARTIAL)),
            default=Value(status_rules.TO_PAY),
            output_field=CharField(),
        ),
    )


def invoice_list(
    ctx,
    *,
    today: datetime.date,
    year: int | None = None,
    status: str = "",
    member: str = "",
    kind: str = "",
) -> QuerySet[Invoice]:
    """Invoices and credit notes for a list page: one query per page."""
    qs = with_amounts(Invoice.objects.visible_to(ctx), today).select_related("adherent")
    qs = qs.select_related("credited_invoice")
    if year:
        qs = qs.filter(year=year)
    if kind:
        qs = qs.filter(kind=kind)
    if status == UNPAID:
        qs = qs.filter(kind=InvoiceKind.INVOICE, status__in=UNPAID_STATUSES)
    elif status:
        qs = qs.filter(kind=InvoiceKind.INVOICE, status=status)
    if member:
        qs = qs.filter(adherent__name__icontains=member)
    return qs.order_by("-issued_on", "-number", "-pk")


# What a page of the back office's invoice lists shows (_invoice_rows.html, with the status
# and balance annotated in SQL): a page reads only these columns of its 50 invoices, their
# members and the invoices they credit.
LIST_COLUMNS = (
    "number",
    "year",
    "kind",
    "issued_on",
    "due_on",
    "total",
    "adherent__name",
    "credited_invoice__number",
)


def invoice_detail(ctx, pk: int, *, today: datetime.date) -> QuerySet[Invoice]:
    """The queryset to get one visible invoice from, with its amounts (get_object_or_404)."""
    return (
        with_amounts(Invoice.objects.visible_to(ctx), today)
        .select_related("adherent", "credited_invoice", "issued_by")
        .filter(pk=pk)
    )


def status_label(invoice: Invoice) -> str:
    """The French label of an annotated invoice's status; a credit note has none."""
    if invoice.kind != InvoiceKind.INVOICE:
        return ""
    return status_rules.STATUS_LABELS.get(getattr(invoice, "status", ""), "")


def labelled(invoices: list[Invoice]) -> list[Invoice]:
    """Set `status_label` on each annotated invoice of a page (no query)."""
    for invoice in invoices:
        invoice.status_label = status_label(invoice)
    return invoices


def lines_of(invoice: Invoice) -> list[InvoiceLine]:
    return list(invoice.lines.order_by("position", "pk"))


def payments_of(invoice: Invoice) -> list[Payment]:
    return list(invoice.payments.select_related("recorded_by", "statement").order_by("paid_on"))


def credit_notes_of(invoice: Invoice) -> list[Invoice]:
    return list(invoice.credit_notes.order_by("issued_on", "number"))


@dataclass(frozen=True)
class MemberBalance:
    invoiced: Decimal
    credited: Decimal
    paid: Decimal

    @property
    def balance(self) -> Decimal:
        return self.invoiced - self.credited - self.paid


def member_balance(adherent_id: int) -> MemberBalance:
    """Totals of a member over every year (two aggregate queries)."""
    sums = Invoice.objects.filter(adherent_id=adherent_id).aggregate(
        invoiced=Coalesce(Sum("total", filter=Q(kind=InvoiceKind.INVOICE)), ZERO),
        credited=Coalesce(Sum("total", filter=Q(kind=InvoiceKind.CREDIT_NOTE)), ZERO),
    )
    paid = Payment.objects.filter(invoice__adherent_id=adherent_id).aggregate(
        s=Coalesce(Sum("amount"), ZERO)
    )["s"]
    return MemberBalance(invoiced=sums["invoiced"], credited=sums["credited"], paid=paid)


# --- Cotisation -----------------------------------------------------------------------------


def tariff_amounts(tariff: Tariff) -> rules.TariffAmounts:
    return rules.TariffAmounts(
        per_worker_si=tariff.per_worker_si,
        per_worker_sia=tariff.per_worker_sia,
        per_worker_sir=tariff.per_worker_sir,
        minimum_per_member=tariff.minimum_per_member,
        tns_amount=tariff.tns_amount,
        items={i.code: (i.label, i.unit_price) for i in tariff.items.all()},
        category_weighting=tariff.category_weighting,
        member_minimum=tariff.member_minimum,
    )


def latest_headcounts(adherent_id: int, year: int) -> tuple[rules.Headcounts, int]:
    """Sum over the member's establishments of the latest version of their declaration for the
    year, with their declared heads (L4621-4); also how many establishments declared (0:
    nothing to invoice per worker). One query.

    Read here directly (not through the workforce area's selectors): billing only needs this.
    """
    rows = list(
        WorkforceDeclaration.objects.filter(
            campaign__year=year, establishment__adherent_id=adherent_id
        )
        .order_by("establishment_id", "-version")
        .distinct("establishment_id")
        .values_list("headcount_si", "headcount_sia", "headcount_sir", "company_heads")
    )
    return (
        rules.Headcounts(
            si=sum(r[0] for r in rows),
            sia=sum(r[1] for r in rows),
            sir=sum(r[2] for r in rows),
            company_heads=sum(r[3] for r in rows),
        ),
        len(rows),
    )


def cotisation_invoices(adherent_id: int, year: int) -> QuerySet[Invoice]:
    """The member's cotisation invoices of a year (those with a core or TNS line)."""
    core = InvoiceLine.objects.filter(
        invoice=OuterRef("pk"), heading__in=sorted(rules.COTISATION_HEADINGS)
    )
    return (
        Invoice.objects.filter(adherent_id=adherent_id, year=year, kind=InvoiceKind.INVOICE)
        .filter(Exists(core))
        .annotate(credited=_credited_sum())
    )


def live_cotisation(adherent_id: int, year: int) -> Invoice | None:
    """A cotisation invoice of the year not fully cancelled by credit notes, if any."""
    return (
        cotisation_invoices(adherent_id, year)
        .filter(credited__lt=F("total"))
        .order_by("pk")
        .first()
    )


def batch_member_ids(team_ids, *, after: int, limit: int) -> list[int]:
    """Active members of these teams, by id, from `after` on (keyset: no OFFSET)."""
    return list(
        Adherent.objects.filter(team_id__in=team_ids, status=Adherent.Status.ACTIVE, pk__gt=after)
        .order_by("pk")
        .values_list("pk", flat=True)[:limit]
    )


# --- Reminders ------------------------------------------------------------------------------


def reminder_candidates(today: datetime.date, *, first_days: int, after: int, limit: int):
    """Unpaid invoices due at least `first_days` ago, by id from `after`, with their reminders."""
    due_before = today - datetime.timedelta(days=first_days)
    return list(
        with_amounts(
            Invoice.objects.filter(kind=InvoiceKind.INVOICE, due_on__lte=due_before, pk__gt=after),
            today,
        )
        .filter(balance__gt=0)
        .select_related("adherent")
        .prefetch_related("reminders")
        .order_by("pk")[:limit]
    )


def reminder_recipients(adherent_ids: list[int]) -> dict[int, list[str]]:
    """Per member: its active billing contacts' e-mails, or else its active admins' (2 queries)."""
    found: dict[int, list[str]] = {}
    for adherent_id, email in Contact.objects.filter(
        adherent_id__in=adherent_ids, role=ContactRole.BILLING, is_active=True
    ).values_list("adherent_id", "email"):
        found.setdefault(adherent_id, []).append(email)
    missing = [a for a in adherent_ids if a not in found]
    if missing:
        for adherent_id, email in AdherentMembership.objects.filter(
            adherent_id__in=missing,
            # A self-employed member (tns) has no admin: its one person is the recipient.
            role__in=[AdherentRole.ADMIN, AdherentRole.SELF_EMPLOYED],
            is_active=True,
        ).values_list("adherent_id", "user__email"):
            if email:
                found.setdefault(adherent_id, []).append(email)
    return {a: sorted(set(emails)) for a, emails in found.items()}


# --- Bank statements ------------------------------------------------------------------------


def statement_list(ctx) -> QuerySet[BankStatementImport]:
    """Statements imported by staff of the current centre, the latest first."""
    return (
        BankStatementImport.objects.visible_to(ctx)
        .select_related("imported_by")
        .order_by("-imported_at")
    )


def invoice_page(invoice: Invoice) -> dict:
    """What both audiences' invoice page shows: lines, payments, credit notes, status."""
    return {
        "invoice": invoice,
        "lines": lines_of(invoice),
        "payments": payments_of(invoice),
        "credit_notes": credit_notes_of(invoice),
        "status_label": status_label(invoice),
    }


def complementary_offer(ctx, *, year: int) -> list[TariffItem]:
    """The priced items of the complementary offer in the year's tariff, as every member reads
    them (seed 004; the model has no "published" flag: the year's tariff is what is offered)."""
    return list(
        TariffItem.objects.visible_to(ctx)
        .filter(tariff__year=year)
        .only("label", "unit_price")
        .order_by("label", "pk")
    )
