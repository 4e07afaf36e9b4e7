"""Writes of the yearly tariff and its complementary items, while nothing of its year is
invoiced: after that, a new amount would change what was issued (corrections go by credit note).
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from accounts import audit
from adherents.models import Invoice, Tariff, TariffItem
from adherents.services.billing import BillingError, locked_tariff

TARIFF_FIELDS = (
    "per_worker_si",
    "per_worker_sia",
    "per_worker_sir",
    "minimum_per_member",
    "tns_amount",
    "payment_days",
)


def _refuse_if_invoiced(year: int) -> None:
    if Invoice.objects.filter(year=year).exists():
        raise BillingError(
            f"Des factures {year} sont déjà émises : modifier le tarif changerait des montants "
            "facturés. Corrigez une facture par un avoir, pas par le tarif."
        )


@transaction.atomic
def create_tariff(*, actor, year: int, **amounts) -> Tariff:
    _refuse_if_invoiced(year)
    if Tariff.objects.filter(year=year).exists():
        raise BillingError(f"Un tarif existe déjà pour {year} : modifiez-le.")
    values = {k: amounts[k] for k in TARIFF_FIELDS if k in amounts}
    try:
        with audit.actor_context(actor), transaction.atomic():
            return Tariff.objects.create(year=year, **values)
    except IntegrityError as error:
        raise BillingError(f"Un tarif existe déjà pour {year} : modifiez-le.") from error


@transaction.atomic
def update_tariff(*, actor, tariff: Tariff, **amounts) -> Tariff:
    tariff = locked_tariff(tariff.year)
    _refuse_if_invoiced(tariff.year)
    for name in TARIFF_FIELDS:
        if name in amounts:
            setattr(tariff, name, amounts[name])
    with audit.actor_context(actor):
        tariff.save()
    return tariff


@transaction.atomic
def save_tariff_item(
    *, actor, tariff: Tariff, code: str, label: str, unit_price: Decimal, item=None
) -> TariffItem:
    """Add (item None) or change a complementary item, while nothing of the year is invoiced."""
    tariff = locked_tariff(tariff.year)
    _refuse_if_invoiced(tariff.year)
    clash = TariffItem.objects.filter(tariff=tariff, code=code)
    if item is not None:
        clash = clash.exclude(pk=item.pk)
    if clash.exists():
        raise BillingError(f"Le code « {code} » est déjà utilisé dans le tarif {tariff.year}.")
    item = item or TariffItem(tariff=tariff)
    item.code, item.label, item.unit_price = code, label, unit_price
    with audit.actor_context(actor):
        item.save()
    return item
