"""The CPOM target that applies to a figure: the centre's own contract when the reader looks at
one centre and it has one, else the whole service's contract."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from django.db.models import Q

from dashboards.targets.models import Cpom, CpomTarget


@dataclass(frozen=True)
class Target:
    value: Decimal
    cpom: str
    note: str = ""


def targets_for(
    indicator_ids: Iterable[str], years: Iterable[int], center_ids: frozenset[int], kind: str = ""
) -> dict[tuple[str, int], Target]:
    """(indicator, year) -> target, one query. A centre's contract wins over the service's."""
    one_centre = next(iter(center_ids)) if len(center_ids) == 1 else None
    where = Q(cpom__center__isnull=True)
    if one_centre is not None:
        where |= Q(cpom__center_id=one_centre)
    rows = (
        CpomTarget.objects.filter(
            where, indicator__in=list(indicator_ids), year__in=list(years), kind=kind
        )
        .select_related("cpom")
        .order_by("cpom__center_id")  # a centre's rows first: NULL sorts last in PostgreSQL
    )
    found: dict[tuple[str, int], Target] = {}
    for row in rows:
        key = (row.indicator, row.year)
        if key in found and row.cpom.center_id is None:
            continue  # a centre's contract already set it
        found[key] = Target(row.value, row.cpom.name, row.note)
    return found


def cpom_list() -> list[Cpom]:
    return list(Cpom.objects.select_related("center").prefetch_related("targets"))
