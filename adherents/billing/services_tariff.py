"""Writes of the yearly tariff and its complementary items, while nothing of its year is
invoiced: after that, a new amount would change what was issued (corrections go by credit note).

One rate per worker followed by default (L4622-6, loi 2021-1018): without the board's weighting
the SIA and SIR amounts are the single rate; without the board's minimum, the minimum is 0.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import IntegrityError, transaction

from accounts import audit
from adherents import perms
from adherents.billing.services import MANAGE, BillingError, locked_tariff
from adherents.models import Invoice, Tariff, TariffItem

TARIFF_FIELDS = (
    "per_worker_si",
    "per_worker_sia",
    "per_worker_sir",
    "minimum_per_member",
    "tns_amount",
    "payment_days",
    "category_weighting",
    "member_minimum",
    "board_decision",
)

CONTESTED = (
    "une pondération par catégorie ou un minimum par adhérent n'est possible que sur décision "
    "explicite du conseil d'administration, dont la délibération est à indiquer"
)


def _normalise(values: dict) -> dict:
    """The default of L4622-6 applied: the single rate for every category unless weighted, no
    minimum unless chosen; a board choice needs its deliberation."""
    values = dict(values)
    if not values.get("category_weighting"):
        rate = values.get("per_worker_si")
        values["per_worker_sia"] = values["per_worker_sir"] = rate
    if not values.get("member_minimum"):
        values["minimum_per_member"] = Decimal("0")
    values["board_decision"] = (values.get("board_decision") or "").strip()
    chosen = values.get("category_weighting") or values.get("member_minimum")
    if chosen and not values["board_decision"]:
        raise BillingError(f"Tarif refusé : {CONTESTED}.")
    return values


def _refuse_if_invoiced(year: int) -> None:
    if Invoice.objects.filter(year=year).exists():
        raise BillingError(
            f"Des factures {year} sont déjà émises : modifier le tarif changerait des montants "
            "facturés. Corrigez une facture par un avoir, pas par le tarif."
        )


@transaction.atomic
def create_tariff(*, actor, year: int, **amounts) -> Tariff:
    perms.require_staff(actor, MANAGE)
    _refuse_if_invoiced(year)
    if Tariff.objects.filter(year=year).exists():
        raise BillingError(f"Un tarif existe déjà pour {year} : modifiez-le.")
    values = _normalise({k: amounts[k] for k in TARIFF_FIELDS if k in amounts})
    try:
        with audit.actor_context(actor), transaction.atomic():
            return Tariff.objects.create(year=year, **values)
    except IntegrityError as error:
        raise BillingError(f"Un tarif existe déjà pour {year} : modifiez-le.") from error


@transaction.atomic
def update_tariff(*, actor, tariff: Tariff, **amounts) -> Tariff:
    perms.require_staff(actor, MANAGE)
    tariff = locked_tariff(tariff.year)
    _refuse_if_invoiced(tariff.year)
    current = {name: getattr(tariff, name) for name in TARIFF_FIELDS}
    values = _normalise({**current, **{k: amounts[k] for k in TARIFF_FIELDS if k in amounts}})
    for name, value in values.items():
        setattr(tariff, name, value)
    # Saved through this screen, the board's choice is now explicit: no longer "to confirm".
    tariff.board_choice_to_confirm = False
    with audit.actor_context(actor):
        tariff.save()
    return tariff


@transaction.atomic
def save_tariff_item(
    *, actor, tariff: Tariff, code: str, label: str, unit_price: Decimal, item=None
) -> TariffItem:
    """Add (item None) or change a complementary item, while nothing of the year is invoiced."""
    perms.require_staff(actor, MANAGE)
    if item is not None:  # an item of this tariff only
        item = perms.visible(TariffItem.objects.filter(tariff_id=tariff.pk), actor, item.pk)
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
