"""Writes of billing: invoices and credit notes (numbered, rendered, frozen), the cotisation of
a member and the yearly call for cotisations (the tariff: services/billing_tariff.py).

Numbering: one continuous series per kind and year of issue, F-2026-000001 / AV-2026-000001
(art. 242 nonies A, annexe II CGI, **TO VERIFY** with the service's accountant). The
InvoiceSequence row is locked (SELECT … FOR UPDATE) and incremented in the transaction that
writes the invoice: a rolled-back invoice rolls its number back (no visible gap), a committed
one is never changed nor deleted (triggers) and its number is unique (constraint).
"""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from accounts import audit
from adherents import perms
from adherents.billing import selectors
from adherents.models import (
    Adherent,
    Invoice,
    InvoiceHeading,
    InvoiceKind,
    InvoiceLine,
    InvoiceSequence,
    Tariff,
)
from adherents.rules import cotisation as rules
from spsti import documents_storage
from spsti.errors import DomainError
from spsti.pdf import html_to_pdf

logger = logging.getLogger(__name__)

DEFAULT_PAYMENT_DAYS = 30


MANAGE = "adherents.invoice:manage"  # the billing staff's code, as the back-office views


class BillingError(DomainError):
    """A billing action the rules refuse; the message is French and shown as is."""


class AlreadyInvoicedError(BillingError):
    """The member already has a live cotisation invoice for the year."""


def _quote_error(error: rules.CotisationError) -> BillingError:
    return BillingError(str(error))


# --- Invoices and credit notes ---------------------------------------------------------------


def _next_number(kind: str, issued_on: datetime.date) -> str:
    """Lock the series of (kind, year of issue), check chronology, take the next number."""
    sequence, _ = InvoiceSequence.objects.select_for_update().get_or_create(
        kind=kind, year=issued_on.year
    )
    if sequence.last_number:
        previous = (
            Invoice.objects.filter(
                number=rules.invoice_number(kind, issued_on.year, sequence.last_number)
            )
            .values_list("issued_on", flat=True)
            .first()
        )
        if previous and previous > issued_on:
            raise BillingError(
                f"La date d'émission ne peut pas précéder le {previous:%d/%m/%Y}, date de la "
                "dernière pièce émise : la numérotation est chronologique."
            )
    sequence.last_number += 1
    sequence.save(update_fields=["last_number"])
    return rules.invoice_number(kind, issued_on.year, sequence.last_number)


def _heading_groups(lines: Sequence[rules.Line]) -> list[tuple[str, list[rules.Line]]]:
    labels = dict(InvoiceHeading.choices)
    groups: dict[str, list[rules.Line]] = {}
    for line in lines:
        groups.setdefault(line.heading, []).append(line)
    order = [h for h in InvoiceHeading.values if h in groups]
    return [(labels[h], groups[h]) for h in order]


def render_pdf(
    *,
    kind: str,
    number: str,
    adherent: Adherent,
    year: int,
    issued_on: datetime.date,
    due_on: datetime.date,
    lines: Sequence[rules.Line],
    total: Decimal,
    credited_invoice: Invoice | None = None,
    reason: str = "",
) -> bytes:
    head_office = adherent.establishments.filter(is_head_office=True).first()
    return html_to_pdf(
        "adherents/billing/pdf/invoice.html",
        {
            "kind": kind,
            "kind_label": InvoiceKind(kind).label,
            "number": number,
            "member": adherent,
            "head_office": head_office,
            "year": year,
            "issued_on": issued_on,
            "due_on": due_on,
            "groups": _heading_groups(lines),
            "total": total,
            "credited_invoice": credited_invoice,
            "reason": reason,
            "center_name": settings.SPSTI_SERVICE_NAME,
            "issuer_details": settings.SPSTI_INVOICE_ISSUER_DETAILS,
            "vat_mention": settings.SPSTI_INVOICE_VAT_MENTION,
            "payment_details": settings.SPSTI_INVOICE_PAYMENT_DETAILS,
        },
    )


def _write(
    *,
    kind: str,
    adherent: Adherent,
    year: int,
    lines: Sequence[rules.Line],
    issued_on: datetime.date,
    due_on: datetime.date,
    actor,
    credited_invoice: Invoice | None = None,
    reason: str = "",
) -> Invoice:
    """Number, render and insert one piece with its lines. Call inside a transaction."""
    if not lines:
        raise BillingError("Une facture doit comporter au moins une ligne.")
    total = rules.total_of(lines)
    if total < 0:
        raise BillingError("Le total d'une facture ne peut pas être négatif.")
    number = _next_number(kind, issued_on)
    pdf = render_pdf(
        kind=kind,
        number=number,
        adherent=adherent,
        year=year,
        issued_on=issued_on,
        due_on=due_on,
        lines=lines,
        total=total,
        credited_invoice=credited_invoice,
        reason=reason,
    )
    stored = documents_storage.store(pdf, app="adherents", kind="invoice", extension="pdf")
    with audit.actor_context(actor):
        invoice = Invoice.objects.create(
            kind=kind,
            number=number,
            adherent=adherent,
            year=year,
            issued_on=issued_on,
            due_on=due_on,
            total=total,
            credited_invoice=credited_invoice,
            reason=reason,
            issued_by=actor.user,
            pdf=stored.name,
            pdf_sha256=stored.sha256,
        )
        InvoiceLine.objects.bulk_create(
            InvoiceLine(
                invoice=invoice,
                heading=line.heading,
                label=line.label[:200],
                quantity=line.quantity,
                unit_price=line.unit_price,
                amount=line.amount,
                position=position,
            )
            for position, line in enumerate(lines)
        )
    return invoice


def _payment_days(year: int) -> int:
    days = Tariff.objects.filter(year=year).values_list("payment_days", flat=True).first()
    return DEFAULT_PAYMENT_DAYS if days is None else days


@transaction.atomic
def issue_invoice(
    *,
    adherent: Adherent,
    year: int,
    lines: Sequence[rules.Line],
    actor,
    issued_on: datetime.date | None = None,
) -> Invoice:
    """Issue an invoice of these lines to a member, due after the year's payment delay."""
    perms.require_staff(actor, MANAGE)
    adherent = perms.visible(Adherent.objects, actor, adherent.pk)
    return _issue(adherent, year, lines, actor, issued_on or timezone.localdate())


def _issue(adherent, year: int, lines, actor, issued_on: datetime.date) -> Invoice:
    """An invoice due after the year's payment delay, once the caller has checked who asks."""
    return _write(
        kind=InvoiceKind.INVOICE,
        adherent=adherent,
        year=year,
        lines=lines,
        issued_on=issued_on,
        due_on=rules.due_date(issued_on, _payment_days(year)),
        actor=actor,
    )


def issue_joining_invoice(
    *, adherent: Adherent, year: int, lines: Sequence[rules.Line], author
) -> Invoice:
    """The invoice the service issues by itself when a person joins an offer online (the
    self-employed affiliation, D4622-27-3; a member company's head, L4621-4), with no staff in
    the loop: only to a member this very person belongs to, so nobody can bill another member
    through it. `author` (a context or anything with `.user`) is written in the audit trail."""
    user = getattr(author, "user", None)
    if user is None or not adherent.memberships.filter(user=user).exists():
        raise PermissionDenied
    return _issue(adherent, year, lines, author, timezone.localdate())


def locked_tariff(year: int) -> Tariff:
    """The year's tariff, locked: its edit cannot interleave with an issue (both lock it)."""
    tariff = Tariff.objects.select_for_update().filter(year=year).first()
    if tariff is None:
        raise BillingError(f"Aucun tarif n'est défini pour {year} : saisissez d'abord le tarif.")
    return tariff


@transaction.atomic
def issue_cotisation(
    *,
    adherent: Adherent,
    year: int,
    actor,
    issued_on: datetime.date | None = None,
    complementary: Iterable[tuple[str, Decimal | int]] = (),
) -> Invoice:
    """The member's cotisation invoice for the year, from the latest declared headcounts.

    Refused when the member already has one, unless fully cancelled by credit notes.
    """
    perms.require_staff(actor, MANAGE)
    # One at a time, and only a member the actor's centre follows (another's: 404).
    adherent = perms.visible(Adherent.objects.select_for_update(), actor, adherent.pk)
    if adherent.status == Adherent.Status.ENDED:
        raise BillingError(f"{adherent.name} est radié : aucune cotisation ne peut être appelée.")
    existing = selectors.live_cotisation(adherent.pk, year)
    if existing is not None:
        raise AlreadyInvoicedError(
            f"{adherent.name} a déjà une facture de cotisation {year} ({existing.number}) : "
            "pour la refaire, émettez d'abord un avoir total sur cette facture."
        )
    tariff = locked_tariff(year)
    headcounts, declared = selectors.latest_headcounts(adherent.pk, year)
    if adherent.kind == Adherent.Kind.COMPANY and not declared:
        raise BillingError(
            f"{adherent.name} n'a déclaré aucun effectif pour {year} : la cotisation par "
            "salarié suivi (art. L4622-6) ne peut pas être calculée."
        )
    try:
        quote = rules.cotisation_lines(
            selectors.tariff_amounts(tariff),
            adherent.kind,
            headcounts,
            complementary,
            bill_company_heads=settings.SPSTI_BILL_COMPANY_HEADS,  # TO VERIFY per service
        )
    except rules.CotisationError as error:
        raise _quote_error(error) from error
    issued_on = issued_on or timezone.localdate()
    return _write(
        kind=InvoiceKind.INVOICE,
        adherent=adherent,
        year=year,
        lines=quote.lines,
        issued_on=issued_on,
        due_on=rules.due_date(issued_on, tariff.payment_days),
        actor=actor,
    )


@transaction.atomic
def issue_credit_note(
    *,
    invoice: Invoice,
    reason: str,
    actor,
    amount: Decimal | None = None,
    issued_on: datetime.date | None = None,
) -> Invoice:
    """A credit note on an invoice: its whole remaining amount (None) or a part of it."""
    perms.require_staff(actor, MANAGE)
    invoice = perms.visible(
        Invoice.objects.select_for_update().select_related("adherent"), actor, invoice.pk
    )
    if invoice.kind != InvoiceKind.INVOICE:
        raise BillingError("Un avoir ne peut porter que sur une facture.")
    reason = (reason or "").strip()
    if not reason:
        raise BillingError("Indiquez le motif de l'avoir.")
    issued_on = issued_on or timezone.localdate()
    if issued_on < invoice.issued_on:
        raise BillingError("Un avoir ne peut pas être daté avant la facture qu'il annule.")
    already = sum((n.total for n in invoice.credit_notes.all()), Decimal("0.00"))
    original = [
        rules.Line(x.heading, x.label, x.quantity, x.unit_price, x.amount)
        for x in invoice.lines.order_by("position", "pk")
    ]
    try:
        quote = rules.credit_note_lines(
            invoice.number,
            original,
            invoice_total=invoice.total,
            already_credited=already,
            amount=amount,
        )
    except rules.CotisationError as error:
        raise _quote_error(error) from error
    return _write(
        kind=InvoiceKind.CREDIT_NOTE,
        adherent=invoice.adherent,
        year=invoice.year,
        lines=quote.lines,
        issued_on=issued_on,
        due_on=issued_on,
        actor=actor,
        credited_invoice=invoice,
        reason=reason,
    )


# --- The yearly call for cotisations ---------------------------------------------------------


def issue_cotisations_for(
    adherent_ids: list[int], *, year: int, actor, issued_on: datetime.date
) -> dict:
    """Each member in its own transaction; returns what was issued, skipped and refused."""
    perms.require_staff(actor, MANAGE)
    summary: dict = {"issued": 0, "already": 0, "refused": []}
    members = Adherent.objects.visible_to(actor).filter(pk__in=adherent_ids)  # not another centre's
    members = members.order_by("pk").only("pk", "name")
    for adherent in members:
        try:
            issue_cotisation(adherent=adherent, year=year, actor=actor, issued_on=issued_on)
        except AlreadyInvoicedError:
            summary["already"] += 1
        except BillingError as error:
            summary["refused"].append(
                {"id": adherent.pk, "name": adherent.name, "reason": str(error)}
            )
        except Exception:  # one member's failure must not stop the call for the others
            logger.exception("Cotisation %s of member %s failed", year, adherent.pk)
            summary["refused"].append(
                {"id": adherent.pk, "name": adherent.name, "reason": "Erreur technique."}
            )
        else:
            summary["issued"] += 1
    return summary
