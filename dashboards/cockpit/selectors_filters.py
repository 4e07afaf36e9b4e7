"""The management filters (centre, team, months, performer) checked against the reader's scope
and turned into a Selection: one reading for the screens' form (cockpit.forms) and the REST
API's staff tokens (api/indicators/)."""

from __future__ import annotations

import datetime

from dashboards.facts.selectors import Selection
from dashboards.rules.periods import add_months
from dashboards.scope import Scope, scope_for

MAX_MONTHS = 60  # five years on one page at most


def reader_scope(ctx) -> Scope | None:
    """The centres and teams whose figures this reader sees (dashboards.scope), None if none."""
    return scope_for(ctx)


def filter_errors(
    scope: Scope,
    *,
    center: int | None = None,
    team: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
) -> dict[str, str]:
    """What is wrong with these filters, by filter name, in French; {} when nothing is."""
    errors: dict[str, str] = {}
    if center is not None and center not in scope.center_ids:
        errors["centre"] = "Ce centre ne fait pas partie de votre périmètre."
    team_centers = {pk: center_id for pk, _, center_id in scope.teams}
    if team is not None and team not in team_centers:
        errors["equipe"] = "Cette équipe ne fait pas partie de votre périmètre."
    elif team is not None and center is not None and team_centers[team] != center:
        errors["equipe"] = "Cette équipe n'appartient pas au centre choisi."
    if start and end and start > end:
        errors["au"] = "Le mois de fin précède le mois de début."
    elif start and end and add_months(start, MAX_MONTHS) <= end:
        errors["au"] = f"La période est limitée à {MAX_MONTHS} mois."
    return errors


def scoped_selection(
    scope: Scope,
    *,
    today: datetime.date,
    center: int | None = None,
    team: int | None = None,
    start: datetime.date | None = None,
    end: datetime.date | None = None,
    performer: str = "",
) -> Selection:
    """Checked filters (see filter_errors) as a Selection within the scope: the last twelve
    months by default, never beyond the current month."""
    this_month = today.replace(day=1)
    end = min((end or this_month).replace(day=1), this_month)
    start = min((start or add_months(end, -11)).replace(day=1), end)
    center_ids = frozenset({center}) if center else scope.center_ids
    if team:
        team_ids: frozenset[int] | None = frozenset({team})
    elif scope.whole_centres:
        team_ids = None
    else:
        team_ids = scope.team_ids
    return Selection(
        center_ids=center_ids,
        team_ids=team_ids,
        start=start,
        end=end,
        performer=performer,
    )
