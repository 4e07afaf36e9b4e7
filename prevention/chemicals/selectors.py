"""Reads of the chemical inventory: work units with their products and FDS flags. Every
function takes `today` so that tests can travel in time."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.shortcuts import get_object_or_404

from accounts.context import AccessContext
from prevention.actions.selectors import latest_past
from prevention.models import ChemicalProduct, WorkUnit
from prevention.rules import chemicals


def _sds_cutoff(today: datetime.date, max_age_years: int) -> datetime.date:
    """The latest FDS date that rules.chemicals.sds_outdated already flags."""
    return latest_past(
        today,
        max_age_years,
        lambda day: chemicals.sds_outdated(day, today, max_age_years=max_age_years),
    )


def chemical_units(
    ctx: AccessContext,
    *,
    today: datetime.date,
    max_age_years: int,
    search: str = "",
    establishment_id: int | None = None,
    flagged_only: bool = False,
) -> QuerySet[WorkUnit]:
    """Work units of the member (portal) or of the centre (staff), with inventory counts."""
    if not ctx.has_perm("prevention.chemical:view"):
        return WorkUnit.objects.none()
    active = Q(chemicals__archived_at__isnull=True)
    stale = Q(chemicals__sds_date__isnull=True) | Q(
        chemicals__sds_date__lte=_sds_cutoff(today, max_age_years)
    )
    qs = (
        WorkUnit.objects.visible_to(ctx)
        .filter(archived_at__isnull=True)
        .annotate(
            product_count=Count("chemicals", filter=active),
            cmr_count=Count("chemicals", filter=active & Q(chemicals__is_cmr=True)),
            sds_flag_count=Count("chemicals", filter=active & stale),
        )
    )
    if establishment_id:
        qs = qs.filter(establishment_id=establishment_id)
    if search:
        qs = qs.filter(
            Q(name__icontains=search)
            | Q(establishment__adherent__name__icontains=search)
            | Q(establishment__adherent__siren=search)
        )
    if flagged_only:
        qs = qs.filter(Q(cmr_count__gt=0) | Q(sds_flag_count__gt=0))
    return qs.select_related("establishment__adherent").order_by(
        "establishment__adherent__name", "establishment__name", "name", "pk"
    )


def chemical_unit(ctx: AccessContext, pk: int) -> WorkUnit:
    """One visible work unit for the inventory (404 outside the member or the centre)."""
    qs = WorkUnit.objects.visible_to(ctx).select_related("establishment__adherent")
    if not ctx.has_perm("prevention.chemical:view"):
        qs = qs.none()
    return get_object_or_404(qs, pk=pk)


def products_of_unit(
    ctx: AccessContext, unit: WorkUnit, *, archived: bool = False
) -> QuerySet[ChemicalProduct]:
    """The unit's products (without the FDS bytes), current ones or the archived ones."""
    return (
        ChemicalProduct.objects.visible_to(ctx)
        .filter(work_unit=unit, archived_at__isnull=not archived)
        .select_related("recorded_by")
        .order_by("name", "pk")
    )


@dataclass(frozen=True)
class SdsFlag:
    """What the list says about a product's FDS, in words (never colour alone)."""

    code: str  # "missing", "outdated" or ""
    label: str


def sds_flag(product: ChemicalProduct, *, today: datetime.date, max_age_years: int) -> SdsFlag:
    """ "FDS manquante" / "FDS de plus de N ans" from rules.chemicals.sds_outdated."""
    if not chemicals.sds_outdated(product.sds_date, today, max_age_years=max_age_years):
        return SdsFlag("", "")
    if product.sds_date is None:
        return SdsFlag("missing", "FDS manquante")
    return SdsFlag("outdated", f"FDS de plus de {max_age_years} ans")


def manual_cmr(product: ChemicalProduct) -> bool:
    """Whether the team flagged the product CMR although no H statement calls for it."""
    return product.is_cmr and not chemicals.is_cmr(product.hazard_statements)
