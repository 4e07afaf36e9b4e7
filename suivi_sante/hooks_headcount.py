"""suivi_sante's side of adherents/hooks.py: the headcount that pre-fills the workforce
declaration, from the worker list the member keeps up to date."""

from __future__ import annotations

import datetime

from django.db.models import Count, Q
from django.utils import timezone

CATEGORY_KEYS = {"SI": "si", "SIA": "sia", "SIR": "sir"}


def current_headcount(
    establishment_ids: list[int], *, on: datetime.date | None = None
) -> dict[int, dict[str, int]]:
    """Workers currently employed in each establishment, by their current follow-up category
    (Worker.category, derived or set by the physician), in one grouped query.

    Current: hired on or before `on` (today), not left before it. A worker merged into another
    record is the same person: only the record that carries on counts. A worker with two posts in
    the same establishment counts once. Establishments without any current worker are absent.
    """
    from suivi_sante.models import Employment

    on = on or timezone.localdate()
    rows = (
        Employment.objects.filter(
            Q(end_on__isnull=True) | Q(end_on__gte=on),
            establishment_id__in=list(establishment_ids),
            start_on__lte=on,
            worker__merged_into__isnull=True,
        )
        .values("establishment_id", "worker__category")
        .annotate(count=Count("worker_id", distinct=True))
        .order_by()
    )
    result: dict[int, dict[str, int]] = {}
    for row in rows:
        counts = result.setdefault(row["establishment_id"], {"si": 0, "sia": 0, "sir": 0})
        counts[CATEGORY_KEYS[row["worker__category"]]] += row["count"]
    return result


def register() -> None:
    """Plug the headcount into the membership area (adherents.hooks)."""
    from adherents import hooks

    hooks.register_headcount_provider(current_headcount)
