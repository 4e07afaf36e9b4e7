"""The CPOM target that applies to a figure: the centre's own contract when the reader looks at
one centre and it has one, else the whole service's contract."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

from dashboards import selectors_reference as reference
from dashboards.targets.models import Cpom, CpomTarget


@dataclass(frozen=True)
class Target:
    value: Decimal
    cpom: str
    note: str = ""


def _all_targets() -> list[tuple]:
    """Every target row (a few dozen), kept in the cache until a CPOM or a target changes."""
    return reference.cached(
        reference.TARGETS,
        lambda: list(
            CpomTarget.objects.order_by("pk").values_list(
                "indicator", "year", "kind", "cpom__center_id", "value", "cpom__name", "note"
            )
        ),
    )


def targets_for(
    indicator_ids: Iterable[str], years: Iterable[int], center_ids: frozenset[int], kind: str = ""
) -> dict[tuple[str, int], Target]:
    """(indicator, year) -> target, from the cached rows (no query once cached). A centre's
    contract wins over the service's."""
    one_centre = next(iter(center_ids)) if len(center_ids) == 1 else None
    indicator_ids, years = set(indicator_ids), set(years)
    found: dict[tuple[str, int], Target] = {}
    for indicator, year, row_kind, center_id, value, cpom, note in _all_targets():
        if indicator not in indicator_ids or year not in years or row_kind != kind:
            continue
        if center_id is not None and center_id != one_centre:
            continue
        key = (indicator, year)
        if key in found and center_id is None:
            continue  # a centre's contract already set it
        found[key] = Target(value, cpom, note)
    return found


def cpom_list() -> list[Cpom]:
    return list(Cpom.objects.select_related("center").prefetch_related("targets"))
