"""Which visit kinds a team's nurses may hold, month by month, for the forecast of medical time.

The same answer as `suivi_sante.perms.covering_protocol` (a protocol of the team in force that
day delegates the kind, and the kind is not the physician's only, R4623-14 as rewritten by
décret 2022-679), given for many teams and months from one query.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable

from django.db.models import Q

from suivi_sante.models import DelegationProtocol
from suivi_sante.rules import delegation
from suivi_sante.rules.kinds import VisitKind


def nurse_kinds_by_team(
    team_ids: Iterable[int], months: list[datetime.date], *, today: datetime.date
) -> dict[int, dict[datetime.date, frozenset[str]]]:
    """{team id: {month: kinds delegated by a protocol in force on the month's first day (today
    for the current month)}}; a team or month without protocol is absent."""
    days = {month: max(month, today) for month in months}
    first, last = min(days.values()), max(days.values())
    protocols = (
        DelegationProtocol.objects.filter(team_id__in=list(team_ids), valid_from__lte=last)
        .filter(Q(valid_until__isnull=True) | Q(valid_until__gte=first))
        .values_list("team_id", "delegated_kinds", "valid_from", "valid_until")
    )
    found: dict[int, dict[datetime.date, set[str]]] = defaultdict(lambda: defaultdict(set))
    for team_id, kinds, valid_from, valid_until in protocols:
        for month, day in days.items():
            if valid_from <= day and (valid_until is None or valid_until >= day):
                found[team_id][month].update(
                    kind for kind in kinds if delegation.nurse_may_hold(VisitKind(kind))
                )
    return {
        team_id: {month: frozenset(kinds) for month, kinds in by_month.items()}
        for team_id, by_month in found.items()
    }
