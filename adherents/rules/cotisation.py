"""The cotisation: invoice lines from the year's tariff, a member's kind and its headcounts.

Pure functions, no Django import; amounts are Decimal euros rounded half-up to the cent.

- The cotisation of the core offer is **per worker followed**, each "comptant pour une unité"
  (art. L4622-6 Code du travail since loi 2021-1018): by default one rate for every worker, SI,
  SIA and SIR alike, on one line. A weighting by category (one line per category) is only an
  explicit choice of the board (`category_weighting`), off by default: case law before 2021
  admitted it for reinforced follow-up, whether it survives the new text is contested. The
  per-worker amount must lie within a band around the
  national average cost of the core offer: 80 % to 120 % from 1 January 2025 (décret 2022-1749
  of 30 December 2022, checked with `search` on 2026-11-23), the average being set each year by
  arrêté (NATIONAL_AVERAGE_COST below). The board sets the tariff; `band_warnings` tells the
  invoicing staff when a per-worker amount falls outside the band (the decree allows exceptions,
  so it warns and does not refuse).
- A minimum per member, only as an explicit choice of the board (`member_minimum`), off by
  default: when the per-worker total is below it, a "complément au minimum" line brings the core
  total up to the minimum. It is not set by the Code and sits uneasily with "une unité" per
  worker: legally contested, like the weighting.
- Heads of the company (non-salaried) who use the follow-up offered to its employees
  (art. L4621-4) are declared in the workforce declaration. Whether the service bills them is
  its own choice, **TO VERIFY** per service (SPSTI_BILL_COMPANY_HEADS, off by default): when
  on, each declared head counts for one unit at the per-worker rate, like a worker followed
  (art. L4622-6 "chacun pour une unité"), on a line of its own; when off, heads are not billed.
- A self-employed member (TNS) gets the specific offer at its yearly amount instead of the
  per-worker lines (art. L4621-3, **TO VERIFY** its implementing decree).
- The complementary offer is priced item by item, on top (décret 2022-653, section VI).
- VAT: SPSTI are associations; the invoice carries a mention set by the service
  (SPSTI_INVOICE_VAT_MENTION, default "TVA non applicable"), **TO VERIFY** with the service's tax
  adviser. No VAT is computed here.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

# Heading codes: the values of adherents.billing.models.InvoiceHeading (seed 003).
CORE_PER_WORKER = "core_per_worker"
CORE_MINIMUM = "core_minimum"
TNS = "tns"
COMPLEMENTARY = "complementary"
CREDIT = "credit"
COTISATION_HEADINGS = frozenset({CORE_PER_WORKER, CORE_MINIMUM, TNS})

# Coût moyen national de l'ensemble socle, per year, from the yearly arrêté. 2025: 115.50 €
# (arrêté published 12 October 2024). The following years are TO VERIFY and to add here once
# their arrêté is published; until then no band is checked for them.
NATIONAL_AVERAGE_COST: dict[int, Decimal] = {2025: Decimal("115.50")}
BAND_LOW, BAND_HIGH = Decimal("0.80"), Decimal("1.20")

MEMBER_COMPANY = "company"
MEMBER_TNS = "tns"


class CotisationError(ValueError):
    """Input the rules refuse; the message is French and shown as is."""


def cents(value: Decimal | int | str) -> Decimal:
    """Round half-up to the cent (0.005 -> 0.01)."""
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


@dataclass(frozen=True)
class TariffAmounts:
    """The amounts of a year's tariff, as the board voted them."""

    per_worker_si: Decimal
    per_worker_sia: Decimal
    per_worker_sir: Decimal
    minimum_per_member: Decimal
    tns_amount: Decimal
    items: dict[str, tuple[str, Decimal]]  # code -> (label, unit price) of the complementary offer
    # Board choices, off by default (L4622-6: one rate per worker, no minimum).
    category_weighting: bool = False
    member_minimum: bool = False

    def per_worker_rates(self) -> dict[str, Decimal]:
        """The per-worker amounts that apply, by French label (for the 80-120 % band check)."""
        if not self.category_weighting:
            return {"par salarié suivi": self.per_worker_si}
        return {
            "par salarié en SI": self.per_worker_si,
            "par salarié en SIA": self.per_worker_sia,
            "par salarié en SIR": self.per_worker_sir,
        }


@dataclass(frozen=True)
class Headcounts:
    si: int = 0
    sia: int = 0
    sir: int = 0
    company_heads: int = 0  # heads using the employees' follow-up (L4621-4), not employees

    @property
    def total(self) -> int:
        """The employees followed (the heads are not employees)."""
        return self.si + self.sia + self.sir


def billed_company_heads(company_heads: int, bill_company_heads: bool) -> int:
    """Units billed for the declared heads of a member company (art. L4621-4).

    TO VERIFY per service: the Code lets heads use the employees' offer (L4621-4) but sets no
    rule for billing them. When the service chooses to bill them, each counts for one unit of
    the per-worker core cotisation, as every worker followed (L4622-6 "chacun pour une
    unité"); otherwise none is billed."""
    if company_heads < 0:
        raise CotisationError("Un nombre de dirigeants ne peut pas être négatif.")
    return company_heads if bill_company_heads else 0


@dataclass(frozen=True)
class Line:
    heading: str
    label: str
    quantity: Decimal
    unit_price: Decimal
    amount: Decimal


@dataclass(frozen=True)
class Quote:
    lines: tuple[Line, ...]
    total: Decimal


def line(heading: str, label: str, quantity: Decimal | int, unit_price: Decimal) -> Line:
    quantity = Decimal(quantity)
    unit_price = cents(unit_price)
    return Line(heading, label, quantity, unit_price, cents(quantity * unit_price))


def cotisation_lines(
    tariff: TariffAmounts,
    member_kind: str,
    headcounts: Headcounts,
    complementary: Iterable[tuple[str, Decimal | int]] = (),
    *,
    bill_company_heads: bool = False,
) -> Quote:
    """The lines and total of a member's invoice for the year; the declared heads are billed
    only when the service chose to (`billed_company_heads`, TO VERIFY)."""
    lines: list[Line] = []
    if member_kind == MEMBER_TNS:
        lines.append(
            line(
                TNS, "Offre spécifique travailleur indépendant (art. L4621-3)", 1, tariff.tns_amount
            )
        )
    elif member_kind == MEMBER_COMPANY:
        if min(headcounts.si, headcounts.sia, headcounts.sir) < 0:
            raise CotisationError("Un effectif ne peut pas être négatif.")
        if not tariff.category_weighting:
            if headcounts.total:
                label = "Salariés suivis, chacun pour une unité (art. L4622-6)"
                lines.append(line(CORE_PER_WORKER, label, headcounts.total, tariff.per_worker_si))
        else:
            for count, price, category in (
                (headcounts.si, tariff.per_worker_si, "suivi individuel (SI)"),
                (headcounts.sia, tariff.per_worker_sia, "suivi individuel adapté (SIA)"),
                (headcounts.sir, tariff.per_worker_sir, "suivi individuel renforcé (SIR)"),
            ):
                if count:
                    label = (
                        f"Salariés en {category} (art. L4622-6, pondération décidée par le "
                        "conseil d'administration)"
                    )
                    lines.append(line(CORE_PER_WORKER, label, count, price))
        heads = billed_company_heads(headcounts.company_heads, bill_company_heads)
        if heads:  # at the single rate (a head has no follow-up category): TO VERIFY
            label = (
                "Dirigeants bénéficiant du suivi (art. L4621-4), chacun pour une unité "
                "(art. L4622-6)"
            )
            lines.append(line(CORE_PER_WORKER, label, heads, tariff.per_worker_si))
        core = sum((x.amount for x in lines), ZERO)
        minimum = cents(tariff.minimum_per_member) if tariff.member_minimum else ZERO
        if core < minimum:
            label = "Complément au minimum de cotisation par adhérent"
            lines.append(line(CORE_MINIMUM, label, 1, minimum - core))
    else:
        raise CotisationError(f"Type d'adhérent inconnu : {member_kind}.")
    lines += complementary_lines(tariff, complementary)
    return Quote(tuple(lines), sum((x.amount for x in lines), ZERO))


def complementary_lines(
    tariff: TariffAmounts, items: Iterable[tuple[str, Decimal | int]]
) -> list[Line]:
    """Lines of the complementary offer, in the order given; an unknown code is refused."""
    lines = []
    for code, quantity in items:
        quantity = Decimal(quantity)
        if quantity <= 0:
            continue
        if code not in tariff.items:
            raise CotisationError(
                f"La prestation « {code} » n'existe pas dans le tarif de l'année."
            )
        label, unit_price = tariff.items[code]
        lines.append(line(COMPLEMENTARY, label, quantity, unit_price))
    return lines


def total_of(lines: Sequence[Line]) -> Decimal:
    return sum((x.amount for x in lines), ZERO)


def credit_note_lines(
    invoice_number: str,
    invoice_lines: Sequence[Line],
    *,
    invoice_total: Decimal,
    already_credited: Decimal,
    amount: Decimal | None,
) -> Quote:
    """Lines of a credit note: the whole remaining amount (None) or a part of it.

    Never more than the invoice total minus the credit notes already issued on it.
    """
    remaining = cents(invoice_total) - cents(already_credited)
    if remaining <= 0:
        raise CotisationError(
            f"La facture {invoice_number} est déjà entièrement annulée par avoir."
        )
    if amount is None:
        amount = remaining
    amount = cents(amount)
    if amount <= 0:
        raise CotisationError("Le montant de l'avoir doit être positif.")
    if amount > remaining:
        raise CotisationError(
            f"L'avoir ne peut pas dépasser {money(remaining)} : le total de la facture "
            f"{invoice_number} moins les avoirs déjà émis."
        )
    if already_credited == 0 and amount == cents(invoice_total) and invoice_lines:
        lines = tuple(
            Line(CREDIT, f"Annulation — {x.label}", x.quantity, x.unit_price, x.amount)
            for x in invoice_lines
        )
    else:
        lines = (line(CREDIT, f"Avoir partiel sur la facture {invoice_number}", 1, amount),)
    return Quote(lines, total_of(lines))


# Invoice numbers: one continuous chronological series per kind and year of issue (art. 242
# nonies A, annexe II CGI: "numéro unique basé sur une séquence chronologique et continue").
PREFIXES = {"invoice": "F", "credit_note": "AV"}


def invoice_number(kind: str, year: int, number: int) -> str:
    """F-2026-000001, AV-2026-000001."""
    return f"{PREFIXES[kind]}-{year}-{number:06d}"


def due_date(issued_on: datetime.date, payment_days: int) -> datetime.date:
    """Due date of an invoice: so many days after issue. B2B, art. L441-10 C. com.: at most 60
    days from the invoice date (the tariff's default is 30)."""
    return issued_on + datetime.timedelta(days=payment_days)


NBSP = "\u00a0"


def fmt(amount: Decimal) -> str:
    """1234.5 -> "1 234,50" (French display, no-break space between thousands: the same writing
    as spsti.french.euros, which rules/ may not import)."""
    whole, _, frac = f"{cents(amount):.2f}".partition(".")
    sign = "-" if whole.startswith("-") else ""
    digits = whole.lstrip("-")
    groups = []
    while digits:
        groups.insert(0, digits[-3:])
        digits = digits[:-3]
    return f"{sign}{NBSP.join(groups) or '0'},{frac}"


def money(amount: Decimal) -> str:
    """1234.5 -> "1 234,50 €" (no-break spaces), as spsti.french.euros."""
    return f"{fmt(amount)}{NBSP}€"


def band_warnings(year: int, per_worker: dict[str, Decimal]) -> list[str]:
    """French warnings for per-worker amounts outside 80-120 % of the year's national cost.

    Checked per worker (D4622-27-6): the single rate, or each category's rate when the board
    chose a weighting."""
    average = NATIONAL_AVERAGE_COST.get(year)
    if average is None:
        return []
    low, high = cents(average * BAND_LOW), cents(average * BAND_HIGH)
    return [
        f"Le montant {label} ({money(amount)}) sort de la fourchette de {money(low)} à "
        f"{money(high)} (80 à 120 % du coût moyen national {year} de {money(average)}, "
        "décret 2022-1749)."
        for label, amount in per_worker.items()
        if not low <= amount <= high
    ]
