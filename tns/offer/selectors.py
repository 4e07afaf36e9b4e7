"""Reads of the public offer: the price grid published from the year's tariff (D4622-27-2)."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from adherents.models import Tariff

# Complementary services priced for the self-employed: the tariff items whose code starts so.
TNS_ITEM_PREFIX = "tns-"


@dataclass(frozen=True)
class GridRow:
    code: str
    label: str
    price: Decimal
    unit: str


@dataclass(frozen=True)
class PriceGrid:
    year: int
    rows: tuple[GridRow, ...]
    affiliation_price: Decimal


def price_grid(year: int) -> PriceGrid | None:
    """The year's grid (2 queries), or None when the board has not set the year's tariff."""
    tariff = Tariff.objects.filter(year=year).first()
    if tariff is None:
        return None
    rows = [
        GridRow(
            "affiliation",
            "Affiliation d'un an à l'offre spécifique (suivi de santé dont la VIP TNS, "
            "prévention, dépistage de l'épuisement, accès à la cellule PDP)",
            tariff.tns_amount,
            "par an",
        )
    ]
    rows += [
        GridRow(item.code, item.label, item.unit_price, "l'unité")
        for item in tariff.items.filter(code__startswith=TNS_ITEM_PREFIX).order_by("label")
    ]
    return PriceGrid(year=year, rows=tuple(rows), affiliation_price=tariff.tns_amount)
