"""Which centres and teams a reader's figures cover (issue 16, item 8).

- the direction: every centre of the service (it holds "dashboards.target:manage");
- a centre manager and a member of the CMT: the current centre, all its teams;
- a physician (no management role): the teams he or she is assigned to in the current centre;
  centre-level figures (the PDP cell, the quality system) are then not shown.

Workers are named in the lists behind a figure only in the teams where the reader holds
"suivi_sante.worker:view" in his or her own centre (secret médical: management reads counts).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.postgres.expressions import ArraySubquery
from django.db.models import OuterRef
from django.db.models.functions import JSONObject

from accounts.enums import StaffRole
from accounts.models import HealthCenter, Team
from dashboards import perms
from dashboards import selectors_reference as reference

_WHOLE_CENTRE_ROLES = {StaffRole.DIRECTION, StaffRole.CENTER_MANAGER, StaffRole.CMT}


@dataclass(frozen=True)
class Scope:
    centers: tuple[tuple[int, str], ...]  # (id, name), by name
    teams: tuple[tuple[int, str, int], ...]  # (id, name, center id), by centre then name
    whole_centres: bool  # False: only the teams' own figures (no centre-level figure)
    named_team_ids: frozenset[int]  # teams whose workers the reader may see by name

    @property
    def center_ids(self) -> frozenset[int]:
        return frozenset(pk for pk, _ in self.centers)

    @property
    def team_ids(self) -> frozenset[int]:
        return frozenset(pk for pk, _, _ in self.teams)

    @property
    def all_centres(self) -> bool:
        return len(self.centers) > 1


def _org() -> list[tuple[int, str, tuple[tuple[int, str], ...]]]:
    """Every centre (id, name, its teams (id, name) by name), by name: one query, then kept in
    the cache until a centre or a team changes (dashboards/selectors_reference.py)."""

    def read():
        teams = Team.objects.filter(center_id=OuterRef("pk")).order_by("name", "pk")
        rows = (
            HealthCenter.objects.only("pk", "name")
            .order_by("name", "pk")
            .annotate(team_rows=ArraySubquery(teams.values(row=JSONObject(pk="pk", name="name"))))
        )
        return [(c.pk, c.name, tuple((t["pk"], t["name"]) for t in c.team_rows)) for c in rows]

    return reference.cached(reference.ORG, read)


def scope_for(ctx) -> Scope | None:
    """None when the reader may not read the dashboards at all. The centres and teams come from
    the cached list of the service's centres; which of them the reader sees comes from the
    access context, re-validated on every request."""
    if not (ctx.is_staff and ctx.has_perm(perms.KPI_VIEW) and ctx.center_id):
        return None
    roles = set(ctx.staff_roles)
    named = frozenset(ctx.team_ids) if ctx.has_perm("suivi_sante.worker:view") else frozenset()
    whole = bool(roles & _WHOLE_CENTRE_ROLES)
    center_rows, team_rows = [], []
    for center_id, name, teams in _org():
        if StaffRole.DIRECTION not in roles and center_id != ctx.center_id:
            continue
        center_rows.append((center_id, name))
        team_rows += [
            (team_id, team_name, center_id)
            for team_id, team_name in teams
            if whole or team_id in ctx.own_team_ids
        ]
    if not whole and not team_rows:
        return None
    return Scope(
        centers=tuple(center_rows),
        teams=tuple(team_rows),
        whole_centres=whole,
        named_team_ids=named,
    )
