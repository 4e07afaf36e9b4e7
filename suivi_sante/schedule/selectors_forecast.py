"""Reads of the due visits for the forecast of medical time (issue 16, item 7)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import BooleanField, Count, ExpressionWrapper, Q
from django.db.models.functions import TruncMonth

from suivi_sante.enums import Performer, VisitKind
from suivi_sante.models import DueVisit


def due_by_team_month_kind(
    team_ids: Iterable[int], *, until: datetime.date, today: datetime.date
) -> list[dict]:
    """Due visits of these teams up to `until` (overdue ones included), in one grouped query:
    rows {team_id, month (first day), kind, nurse_allowed, count}.

    `nurse_allowed`: the post allows a nurse (the engine's performers: not a CACES or
    electrical-clearance post, not a physician-only kind, R4623-14). A pré-reprise whose date
    has passed is left out: it is possible on request during the absence, never late
    (R4624-29), and the return brings a reprise.
    """
    return list(
        DueVisit.objects.filter(team_id__in=list(team_ids), due_on__lte=until)
        .exclude(kind=VisitKind.PRE_REPRISE, due_on__lt=today)
        .annotate(
            month=TruncMonth("due_on"),
            nurse_allowed=ExpressionWrapper(
                Q(performers__contains=[Performer.NURSE]), output_field=BooleanField()
            ),
        )
        .values("team_id", "month", "kind", "nurse_allowed")
        .annotate(count=Count("pk"))
        .order_by("team_id", "month", "kind", "nurse_allowed")
    )
