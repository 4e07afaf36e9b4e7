"""Reads of the FE for the forecast of medical time (issue 16, item 7)."""

from __future__ import annotations

import datetime
from collections.abc import Iterable

from django.db.models import Case, Count, DateField, When
from django.db.models.functions import Cast, TruncMonth

from prevention.fiche.selectors import _establishments
from prevention.rules import cadence
from spsti.monthly import month_of


def fiche_months_by_team(team_ids: Iterable[int]) -> list[dict]:
    """Establishments of the active member companies of these teams, in one grouped query:
    rows {team_id, last_sent_month (None: no FE sent), first_due_month (None: one was sent),
    count}.

    `first_due_month`: the FE's stored first deadline, or, before the FE is opened, one year
    after joining (R4624-47, rules.cadence.first_fiche_due). The renewal then falls due at the
    scenario's cadence after the last FE sent (a network target, not the law).
    """
    rows = (
        _establishments(list(team_ids))
        .filter(adherent__status="active")
        # The FE's latest sending, kept on its row by the database (FicheEntreprise.last_sent_at):
        # no probe of the versions per establishment (≈ 115 -> 50 ms for a team of 17,500
        # establishments on the large dataset, docs/mesures.md).
        .annotate(
            last_sent_month=TruncMonth("fiche_entreprise__last_sent_at", output_field=DateField())
        )
        # The first deadline only counts for an FE never sent (the renewal runs from the last
        # one otherwise), the joining only without FE: a few hundred groups for a team of
        # 17,500 establishments instead of 8,000 loaded and folded in Python (≈ 80 ms).
        .annotate(
            stored_first_month=Case(
                When(
                    fiche_entreprise__last_sent_at__isnull=True,
                    then=_month("fiche_entreprise__first_due_on"),
                )
            ),
            joined_month=Case(
                When(fiche_entreprise__isnull=True, then=_month("adherent__joined_on"))
            ),
        )
        .values("adherent__team_id", "last_sent_month", "stored_first_month", "joined_month")
        .annotate(count=Count("pk"))
        .order_by()
    )
    return [
        {
            "team_id": row["adherent__team_id"],
            "last_sent_month": row["last_sent_month"],
            "first_due_month": (
                None
                if row["last_sent_month"]
                else _first_due_month(row["stored_first_month"], row["joined_month"])
            ),
            "count": row["count"],
        }
        for row in rows
    ]


def _month(field: str) -> Cast:
    """spsti.monthly.month_of, cast to a date in the statement (`::date`): inside a CASE,
    Django does not convert the timestamp DATE_TRUNC gives."""
    return Cast(month_of(field), DateField())


def _first_due_month(stored: datetime.date | None, joined: datetime.date | None) -> datetime.date:
    if stored is not None:
        return stored
    # The month of joining plus one year: the first deadline's month (R4624-47).
    return cadence.first_fiche_due(joined).due_on.replace(day=1)
