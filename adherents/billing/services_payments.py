"""Writes of billing after issue: payments (by hand or from a bank statement) and reminders.

A payment is never changed nor deleted (triggers): a mistake is corrected by a negative payment.
A bank statement is imported all or nothing, once (its SHA-256 is unique). A reminder level is
sent once: its InvoiceReminder row is written in the transaction that decides to send it.
"""

from __future__ import annotations

import datetime
import hashlib
from decimal import Decimal

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Sum
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone

from accounts import audit
from adherents import perms
from adherents.billing import selectors
from adherents.billing.services import MANAGE, BillingError
from adherents.models import (
    BankStatementImport,
    Invoice,
    InvoiceKind,
    InvoiceReminder,
    Payment,
    PaymentMethod,
)
from adherents.rules import bank_statement
from adherents.rules import invoice_payment as status_rules
from adherents.rules.cotisation import fmt, money
from spsti import outbox

REMINDER_CHUNK = 200


def reminder_days() -> tuple[int, ...]:
    return tuple(settings.SPSTI_REMINDER_DAYS)


# --- Payments -------------------------------------------------------------------------------


@transaction.atomic
def record_payment(
    *,
    actor,
    invoice: Invoice,
    amount: Decimal,
    paid_on: datetime.date,
    method: str,
    reference: str = "",
) -> Payment:
    """A payment received (or, negative, the correction of a wrong one)."""
    perms.require_staff(actor, MANAGE)
    invoice = perms.visible(
        Invoice.objects.select_for_update(of=("self",)), actor, invoice.pk
    )  # one at a time
    if invoice.kind != InvoiceKind.INVOICE:
        raise BillingError("Un paiement s'enregistre sur une facture, pas sur un avoir.")
    if amount == 0:
        raise BillingError("Le montant du paiement ne peut pas être nul.")
    if paid_on > timezone.localdate():
        raise BillingError("La date de paiement ne peut pas être dans le futur.")
    if method not in PaymentMethod.values:
        raise BillingError("Mode de paiement inconnu.")
    paid = invoice.payments.aggregate(s=Sum("amount"))["s"] or Decimal("0.00")
    if paid + amount < 0:
        raise BillingError(
            f"Une correction ne peut pas dépasser les {money(paid)} déjà payés sur la facture."
        )
    with audit.actor_context(actor):
        return Payment.objects.create(
            invoice=invoice,
            amount=amount,
            paid_on=paid_on,
            method=method,
            reference=reference.strip()[:100],
            recorded_by=actor.user,
        )


def _match(line, invoices: dict[str, Invoice], known: set) -> tuple[Invoice | None, str]:
    """The invoice a statement line pays, or the reason it stays unmatched."""
    if line.amount < 0:
        return None, "Débit : ce n'est pas un paiement reçu."
    numbers = bank_statement.invoice_numbers_in(line.label)
    if not numbers:
        return None, "Aucun numéro de facture dans le libellé."
    if len(numbers) > 1:
        return None, f"Plusieurs factures ({', '.join(numbers)}) : à ventiler à la main."
    invoice = invoices.get(numbers[0])
    if invoice is None:
        return None, f"Facture {numbers[0]} inconnue."
    if (invoice.pk, line.date, line.amount, line.label[:100]) in known:
        return None, f"Paiement déjà enregistré sur la facture {invoice.number}."
    return invoice, ""


@transaction.atomic
def import_statement(*, actor, filename: str, content: bytes) -> BankStatementImport:
    """Record the payments of a statement whose label names an invoice; all or nothing."""
    perms.require_staff(actor, MANAGE)
    digest = hashlib.sha256(content).hexdigest()
    previous = BankStatementImport.objects.filter(sha256=digest).first()
    if previous is not None:
        raise BillingError(
            f"Ce relevé a déjà été importé le {timezone.localtime(previous.imported_at):%d/%m/%Y} "
            f"(« {previous.filename} ») : aucun paiement n'a été enregistré deux fois."
        )
    try:
        lines = bank_statement.parse(content)
    except bank_statement.StatementError as error:
        raise BillingError(f"Relevé refusé, rien n'a été enregistré. {error}") from error
    numbers = {n for x in lines for n in bank_statement.invoice_numbers_in(x.label)}
    invoices = {
        i.number: i
        for i in Invoice.objects.visible_to(actor)
        .select_for_update(of=("self",))
        .filter(kind=InvoiceKind.INVOICE, number__in=sorted(numbers))
        .only("pk", "number")
    }
    # Payments already recorded (an overlapping statement); two equal lines of this file are two
    # payments.
    known = set(
        Payment.objects.filter(invoice__in=list(invoices.values())).values_list(
            "invoice_id", "paid_on", "amount", "reference"
        )
    )
    payments, unmatched = [], []
    for line in lines:
        invoice, reason = _match(line, invoices, known)
        if invoice is None:
            unmatched.append(
                {
                    "line": line.line_number,
                    "date": line.date.isoformat(),
                    "label": line.label,
                    "amount": str(line.amount),
                    "reason": reason,
                }
            )
            continue
        payments.append((invoice, line))
    try:
        with audit.actor_context(actor), transaction.atomic():
            statement = BankStatementImport.objects.create(
                filename=filename[:200],
                sha256=digest,
                imported_by=actor.user,
                line_count=len(lines),
                matched_count=len(payments),
                unmatched=unmatched,
            )
    except IntegrityError as error:  # the same file, imported at the same moment
        raise BillingError("Ce relevé vient d'être importé par ailleurs.") from error
    with audit.actor_context(actor):
        Payment.objects.bulk_create(
            Payment(
                invoice=invoice,
                amount=line.amount,
                paid_on=line.date,
                method=PaymentMethod.TRANSFER,
                reference=line.label[:100],
                statement=statement,
                recorded_by=actor.user,
            )
            for invoice, line in payments
        )
    return statement


# --- Reminders ------------------------------------------------------------------------------


def reminder_key(invoice_id: int, level: int) -> str:
    return f"adherents:invoice-reminder:{invoice_id}:{level}"


def _send_reminder(invoice: Invoice, level: int, emails: list[str]) -> bool:
    """Write the level's row and queue its mail, in one transaction; False if already sent."""
    with transaction.atomic():
        _, created = InvoiceReminder.objects.get_or_create(invoice=invoice, level=level)
        if not created:
            return False
        context = {
            "invoice": invoice,
            "level": level,
            "balance": fmt(invoice.balance),
            "total": fmt(invoice.total),
            "service_name": settings.SPSTI_SERVICE_NAME,
            "url": settings.SPSTI_SITE_URL + reverse("portal:adherents:billing-invoice-list"),
        }
        # The row makes it once per level; the outbox key says so a second time.
        queued = outbox.queue_email(
            kind="adherents.billing.reminder",
            to=emails,
            subject=render_to_string("adherents/billing/email_reminder_subject.txt", context),
            body=render_to_string("adherents/billing/email_reminder.txt", context),
            related=invoice,
            key=reminder_key(invoice.pk, level),
        )
        return queued is not None


def send_reminders(*, today: datetime.date, days: tuple[int, ...] | None = None) -> dict:
    """Daily: each unpaid invoice past due gets its next reminder level, once, by e-mail to the
    member's billing contacts, or else its admins. Returns counts."""
    days = tuple(sorted(days or reminder_days()))
    summary = {"sent": 0, "no_recipient": 0}
    after = 0
    while batch := selectors.reminder_candidates(
        today, first_days=days[0], after=after, limit=REMINDER_CHUNK
    ):
        after = batch[-1].pk
        recipients = selectors.reminder_recipients(sorted({i.adherent_id for i in batch}))
        for invoice in batch:
            sent = [
                status_rules.SentReminder(r.level, timezone.localdate(r.sent_at))
                for r in invoice.reminders.all()
            ]
            level = status_rules.next_reminder_level(
                due_on=invoice.due_on, today=today, sent=sent, days=days
            )
            if level is None:
                continue
            emails = recipients.get(invoice.adherent_id)
            if not emails:
                summary["no_recipient"] += 1
                continue
            summary["sent"] += _send_reminder(invoice, level, emails)
    return summary
