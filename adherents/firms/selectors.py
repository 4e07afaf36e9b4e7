"""Reads of the accounting-firm area: a member's mandates and their journal, the firms
directory, and the portfolio of a firm's user (seed 002: 25 % of files go through a firm)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Count, Q, QuerySet

from accounts.enums import MandateScope
from accounts.models import User
from adherents.billing import selectors as selectors_billing
from adherents.models import (
    AccountingFirm,
    AccountingFirmMandate,
    AccountingFirmMember,
    Invoice,
    InvoiceKind,
)
from adherents.workforce import selectors as selectors_workforce
from spsti.pagination import Page, paginate

JOURNAL_PAGE_SIZE = 20


def mandate_status(mandate: AccountingFirmMandate, today: datetime.date) -> str:
    """« En cours », « À venir », « Terminé » or « Révoqué », for screens."""
    if mandate.revoked_at is not None:
        return "Révoqué"
    if mandate.valid_until is not None and mandate.valid_until < today:
        return "Terminé"
    if mandate.valid_from > today:
        return "À venir"
    return "En cours"


def mandates_of(adherent_id: int) -> QuerySet[AccountingFirmMandate]:
    """Every mandate of the member, active, ended or revoked, newest first."""
    return (
        AccountingFirmMandate.objects.filter(adherent_id=adherent_id)
        .select_related("firm", "granted_by", "revoked_by")
        .order_by("-created_at", "-pk")
    )


@dataclass(frozen=True)
class JournalEntry:
    at: datetime.datetime
    by: str
    what: str


def _describe(event) -> str:
    scopes = ", ".join(MandateScope(s).label for s in event.scopes)
    if event.pgh_label == "insert":
        until = f"au {event.valid_until:%d/%m/%Y}" if event.valid_until else "sans date de fin"
        return (
            f"Mandat accordé à {event.firm.name} ({scopes}), du {event.valid_from:%d/%m/%Y} {until}"
        )
    if event.revoked_at is not None:
        return f"Mandat de {event.firm.name} révoqué ({scopes})"
    return f"Mandat de {event.firm.name} modifié ({scopes})"


def mandate_journal(adherent_id: int, page_param: str | None) -> tuple[Page, list[JournalEntry]]:
    """Who granted or revoked which mandate, when: the pghistory events (three queries)."""
    events = (
        AccountingFirmMandate.pgh_event_model.objects.filter(adherent_id=adherent_id)
        .select_related("pgh_context", "firm")
        .order_by("-pgh_created_at", "-pgh_id")
    )
    page = paginate(events, page_param, JOURNAL_PAGE_SIZE)

    def actor_id(event):
        return (event.pgh_context.metadata or {}).get("user") if event.pgh_context else None

    users = User.objects.in_bulk([uid for e in page.items if (uid := actor_id(e))])
    entries = [
        JournalEntry(e.pgh_created_at, str(users.get(actor_id(e)) or "—"), _describe(e))
        for e in page.items
    ]
    return page, entries


# --- Back-office directory ------------------------------------------------------------------


def firm_directory(search: str = "") -> QuerySet[AccountingFirm]:
    qs = AccountingFirm.objects.annotate(
        user_count=Count("members", filter=Q(members__is_active=True))
    ).order_by("name", "pk")
    if search:
        qs = qs.filter(Q(name__icontains=search) | Q(siren__startswith=search.replace(" ", "")))
    return qs


def firm_members(firm: AccountingFirm) -> QuerySet[AccountingFirmMember]:
    return firm.members.select_related("user").order_by("user__email")


def centre_mandates_of(ctx, firm: AccountingFirm) -> QuerySet[AccountingFirmMandate]:
    """The firm's mandates for members followed by the current centre (others stay hidden)."""
    return (
        AccountingFirmMandate.objects.visible_to(ctx)
        .filter(firm=firm)
        .select_related("adherent")
        .order_by("adherent__name", "-valid_from", "pk")
    )


# --- Portal portfolio -----------------------------------------------------------------------


def has_firm_access(user) -> bool:
    return AccountingFirmMember.objects.filter(user=user, is_active=True).exists()


@dataclass(frozen=True)
class PortfolioRow:
    mandate: AccountingFirmMandate
    declared: int
    establishments: int
    unpaid_count: int
    unpaid_amount: Decimal

    @property
    def choice_key(self) -> str:  # the portal switcher's key for this member via this firm
        return f"firm:{self.mandate.firm_id}:{self.mandate.adherent_id}"


def unpaid_invoices(adherent_ids: list[int]) -> dict[int, tuple[int, Decimal]]:
    """{adherent_id: (unpaid invoices, amount still due)}: an invoice's total minus its
    payments and its credit notes, when positive (one query)."""
    rows = (
        selectors_billing.with_balance(
            Invoice.objects.filter(kind=InvoiceKind.INVOICE, adherent_id__in=list(adherent_ids))
        )
        .filter(balance__gt=0)
        .values_list("adherent_id", "balance")
    )
    result: dict[int, tuple[int, Decimal]] = {}
    for adherent_id, balance in rows:
        count, amount = result.get(adherent_id, (0, Decimal("0")))
        result[adherent_id] = (count + 1, amount + balance)
    return result


def portfolio(user, today: datetime.date, page_param: str | None, per_page: int):
    """The firm user's members, a page of them: one row per active mandate of its firms
    (four queries whatever the page holds)."""
    mandates = (
        AccountingFirmMandate.objects.active(today)
        .filter(firm__members__user=user, firm__members__is_active=True)
        .select_related("firm", "adherent")
        .order_by("adherent__name", "firm__name", "pk")
    )
    page = paginate(mandates, page_param, per_page)
    ids = [m.adherent_id for m in page.items]
    campaign = selectors_workforce.current_campaign(today)
    progress = selectors_workforce.declaration_progress(ids, campaign) if campaign else {}
    unpaid = unpaid_invoices(ids)
    nothing = (0, Decimal("0"))
    rows = [
        PortfolioRow(
            mandate=m,
            declared=progress.get(m.adherent_id, (0, 0))[0],
            establishments=progress.get(m.adherent_id, (0, 0))[1],
            unpaid_count=unpaid.get(m.adherent_id, nothing)[0],
            unpaid_amount=unpaid.get(m.adherent_id, nothing)[1],
        )
        for m in page.items
    ]
    return campaign, page, rows
