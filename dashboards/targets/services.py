"""Writing the CPOM and its targets (the direction: "dashboards.target:manage")."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from dashboards import perms
from dashboards.targets.models import Cpom, CpomTarget


def _check(ctx) -> None:
    if not ctx.has_perm(perms.TARGET_MANAGE):
        raise PermissionDenied("Seule la direction fixe les cibles du CPOM.")


def create_cpom(ctx, **fields) -> Cpom:
    _check(ctx)
    return Cpom.objects.create(**fields)


@transaction.atomic
def set_target(
    ctx, cpom: Cpom, *, indicator: str, kind: str, year: int, value, note=""
) -> CpomTarget:
    """One target per indicator, breakdown and year: setting it again replaces the value."""
    _check(ctx)
    target, _ = CpomTarget.objects.update_or_create(
        cpom=cpom,
        indicator=indicator,
        kind=kind,
        year=year,
        defaults={"value": value, "note": note},
    )
    return target
