"""Writes of the offer: the affiliation's invoice, from the grid, through the member billing.

Outside the per-worker cotisation and its 80-120 % band (L4622-6, D4622-27-6): one line under
the TNS heading at the grid's yearly price, for a self-employed worker's affiliation only. A head
of a member company uses the offer made to the company's employees (L4621-4), declared in the
workforce declaration: never billed from this grid; the service's choice of billing it in the
cotisation (SPSTI_BILL_COMPANY_HEADS) is TO VERIFY.
"""

from __future__ import annotations

from adherents.billing import services as billing
from adherents.models import Invoice, InvoiceHeading
from adherents.rules.cotisation import line
from spsti.errors import DomainError
from tns.models import Basis
from tns.offer.selectors import price_grid


class OfferError(DomainError):
    """A refusal of the offer (no grid for the year…); French message."""


def invoice_affiliation(affiliation, *, actor) -> Invoice:
    """Issue a self-employed affiliation's invoice at the grid's price of its starting year."""
    if affiliation.basis != Basis.SELF_EMPLOYED:
        # TO VERIFY per service: billing of a head of a member company (L4621-4).
        raise OfferError(
            "Le suivi d'un chef d'entreprise adhérente relève de l'offre proposée aux salariés "
            "(art. L4621-4) : il n'est pas facturé selon la grille des travailleurs "
            "indépendants ; sa facturation est à confirmer par le service."
        )
    year = affiliation.start_on.year
    grid = price_grid(year)
    if grid is None:
        raise OfferError(
            f"La grille tarifaire {year} de l'offre travailleurs indépendants n'est pas encore "
            "publiée : l'affiliation ne peut pas être facturée."
        )
    label = (
        f"Offre spécifique travailleur indépendant, affiliation du "
        f"{affiliation.start_on:%d/%m/%Y} au {affiliation.end_on:%d/%m/%Y} "
        "(art. L4621-3, D4622-27-3)"
    )
    return billing.issue_joining_invoice(
        adherent=affiliation.adherent,
        year=year,
        lines=[line(InvoiceHeading.TNS, label, 1, grid.affiliation_price)],
        author=actor,
    )
