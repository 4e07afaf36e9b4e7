"""Computing the monthly facts: idempotent (a month's rows of an indicator are replaced as a
whole, in one transaction), for the whole service at once."""

from __future__ import annotations

import datetime
import logging
from collections.abc import Iterable, Sequence
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from dashboards.catalogue.selectors import catalogue
from dashboards.facts.models import Fact, FactRun
from dashboards.facts.selectors_sources import sources
from dashboards.rules.periods import add_months, month_range

logger = logging.getLogger(__name__)


def _cells(indicator_id: str, rows: Iterable[dict], months: set, now) -> list[Fact]:
    facts = []
    for row in rows:
        if row["month"] not in months:
            raise ValueError(f"{indicator_id}: a row for {row['month']}, outside the months asked")
        denominator = row.get("denominator")
        facts.append(
            Fact(
                indicator=indicator_id,
                center_id=row["center_id"],
                team_id=row.get("team_id"),
                month=row["month"],
                kind=row.get("kind") or "",
                performer=row.get("performer") or "",
                numerator=Decimal(row["numerator"]),
                denominator=None if denominator is None else Decimal(denominator),
                computed_at=now,
            )
        )
    return facts


def compute_facts(
    months: Sequence[datetime.date],
    *,
    today: datetime.date | None = None,
    indicator_ids: Iterable[str] | None = None,
) -> FactRun:
    """Recompute the given months of every indicator (or of `indicator_ids`) for every centre."""
    today = today or timezone.localdate()
    months = sorted({m.replace(day=1) for m in months if m.replace(day=1) <= today})
    if not months:
        raise ValueError("no month to compute")
    known = sources()
    wanted = list(indicator_ids) if indicator_ids is not None else list(catalogue())
    run = FactRun.objects.create(
        started_at=timezone.now(), first_month=months[0], last_month=months[-1]
    )
    total = 0
    done = 0
    for indicator_id in wanted:
        source = known.get(indicator_id)
        if source is None:
            logger.warning("indicator %s has no source yet", indicator_id)
            continue
        now = timezone.now()
        facts = _cells(indicator_id, source.compute(months, today), set(months), now)
        with transaction.atomic():
            Fact.objects.filter(indicator=indicator_id, month__in=months).delete()
            Fact.objects.bulk_create(facts, batch_size=5000)
        total += len(facts)
        done += 1
    run.finished_at = timezone.now()
    run.indicators = done
    run.rows = total
    run.save(update_fields=["finished_at", "indicators", "rows"])
    return run


def compute_recent_facts(today: datetime.date | None = None) -> FactRun:
    """The nightly job: the current month and the twelve before it (late entries change past
    months: a visit recorded a week late, a payment received)."""
    today = today or timezone.localdate()
    return compute_facts(month_range(add_months(today, -12), today), today=today)
