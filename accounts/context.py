"""The access context of a request: who acts, for which member or centre, with which codes.

Built by `AccessContextMiddleware` on every request from the session's choice, re-validated
against live memberships, mandates and assignments (a revoked mandate stops at the next click).
A staff member's assignments come from the cache between two changes of them, of a centre or of
a team; a portal user's members between two changes of the user's memberships, of a mandate, a
member or a firm (accounts/context_snapshot.py: a change is seen on the next request too).
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from typing import Any

from django.contrib.postgres.expressions import ArraySubquery
from django.core.exceptions import ImproperlyConfigured
from django.db.models import F, OuterRef
from django.utils import timezone

from accounts import context_snapshot
from accounts.context_snapshot import CenterChoice
from accounts.enums import UserKind
from accounts.models import StaffAssignment, Team
from accounts.roles import (
    ADHERENT_ROLE_PERMISSIONS,
    ended_member_permissions,
    firm_permissions,
    staff_permissions,
)

PORTAL_SESSION_KEY = "ctx.portal"
CENTER_SESSION_KEY = "ctx.center"


@dataclass(frozen=True)
class PortalChoice:
    """One member a portal user may act for: directly, or through a firm's mandate."""

    key: str  # "adherent:<id>" or "firm:<firm_id>:<adherent_id>"
    adherent_id: int
    adherent_name: str
    role: str | None = None  # AdherentRole when direct
    firm_id: int | None = None
    firm_name: str = ""
    scopes: tuple[str, ...] = ()
    member_ended_on: datetime.date | None = None  # the member's membership has ended (« Radié »)

    @property
    def label(self) -> str:
        return (
            f"{self.adherent_name} (via {self.firm_name})" if self.firm_id else self.adherent_name
        )


@dataclass(frozen=True)
class AccessContext:
    """Frozen view of what the current user may do right now."""

    user: Any
    audience: str | None = None  # UserKind value, or None for anonymous
    adherent_id: int | None = None
    adherent_name: str = ""
    firm_id: int | None = None
    role: str | None = None
    center_id: int | None = None
    center_name: str = ""
    team_ids: frozenset[int] = frozenset()  # every team of the current centre
    own_team_ids: frozenset[int] = frozenset()  # the teams this staff member is assigned to
    staff_roles: frozenset[str] = frozenset()
    permissions: frozenset[str] = frozenset()
    mfa_passed: bool = False
    choices: tuple[Any, ...] = field(default=(), compare=False)
    current_choice: str | None = None
    # The current member's membership has ended (« Radié »): its space is read-only.
    member_ended_on: datetime.date | None = None

    @property
    def is_portal(self) -> bool:
        return self.audience == UserKind.PORTAL

    @property
    def is_staff(self) -> bool:
        return self.audience == UserKind.STAFF

    @property
    def via_firm(self) -> bool:
        return self.firm_id is not None

    def has_perm(self, code: str) -> bool:
        return code in self.permissions

    @property
    def member_has_ended(self) -> bool:
        return self.is_portal and self.member_ended_on is not None

    @property
    def ended_member_notice(self) -> str:
        """What an ended member's pages say (the portal's banner, a refused write's 403)."""
        if not self.member_has_ended:
            return ""
        ended_on = self.member_ended_on
        verb = "prend" if ended_on > timezone.localdate() else "a pris"  # a notified end
        return (
            f"Votre adhésion {verb} fin le {ended_on:%d/%m/%Y} : votre espace reste consultable "
            "(documents, factures, export de vos données) mais ne peut plus être modifié. "
            "Pour revenir, déposez une nouvelle demande d'adhésion."
        )

    def sees_team(self, team_id: int | None) -> bool:
        """Staff of the current centre see the rows of every team of that centre."""
        return self.is_staff and team_id is not None and team_id in self.team_ids

    def in_team(self, team_id: int | None) -> bool:
        """Staff assigned to this team of the current centre (their own teams)."""
        return self.is_staff and team_id is not None and team_id in self.own_team_ids


# The members a portal user may act for are read by the membership app (adherents), which
# registers its lookup in its AppConfig.ready(): accounts sits below the area apps and never
# imports them (the dependency rules in pyproject.toml).
_portal_choices_provider: Callable[[Any], list[PortalChoice]] | None = None


def register_portal_choices(provider: Callable[[Any], list[PortalChoice]]) -> None:
    global _portal_choices_provider
    _portal_choices_provider = provider


def portal_choices(user) -> list[PortalChoice]:
    """Every member this portal user may act for today (the registered lookup): every request
    reads it, from the cache between two changes (accounts/context_snapshot.py), else in two
    queries."""
    provider = _portal_choices_provider
    if provider is None:
        raise ImproperlyConfigured(
            "No portal choices lookup: the adherents app registers it in its AppConfig.ready()."
        )
    return context_snapshot.portal_choices(user, lambda: provider(user))


def staff_centers(user) -> list[CenterChoice]:
    """Centres of this staff member's active assignments, by name, each with this member's
    assignments there (role, team) and the ids of all its teams: every request reads it, from
    the cache between two changes (accounts/context_snapshot.py), else in one query."""
    return context_snapshot.staff_centers(user, lambda: _read_staff_centers(user))


def _read_staff_centers(user) -> list[CenterChoice]:
    every_team = Team.objects.filter(center_id=OuterRef("center_id")).order_by().values("pk")
    active = (
        StaffAssignment.objects.filter(user=user, ended_on__isnull=True)
        .annotate(center_name=F("center__name"), center_team_ids=ArraySubquery(every_team))
        .order_by("center__name", "pk")
        .values_list("center_id", "center_name", "center_team_ids", "role", "team_id")
    )
    centers: dict[int, CenterChoice] = {}
    for center_id, name, team_ids, role, team_id in active:
        center = centers.get(center_id)
        if center is None:
            center = CenterChoice(center_id, name, tuple(team_ids), ())
        centers[center_id] = replace(
            center, my_assignments=(*center.my_assignments, (role, team_id))
        )
    return list(centers.values())


def _remember(session, key: str, value) -> None:
    """Keep the choice in the session, writing only a change: assigning even the same value
    marks the session modified, and the session row would be saved on every request."""
    if session.get(key) != value:
        session[key] = value


def build_context(user, session, *, mfa_passed: bool) -> AccessContext:
    """Validate the session's choice against what the user holds now; fall back to the first."""
    if not user.is_authenticated:
        return AccessContext(user=user)
    if user.kind == UserKind.STAFF:
        centers = staff_centers(user)
        current = next(
            (c for c in centers if c.pk == session.get(CENTER_SESSION_KEY)),
            centers[0] if centers else None,
        )
        if current is None:
            return AccessContext(user=user, audience=UserKind.STAFF, mfa_passed=mfa_passed)
        _remember(session, CENTER_SESSION_KEY, current.pk)
        return staff_context(user, current, centers, mfa_passed=mfa_passed)
    choices = portal_choices(user)
    current = next(
        (c for c in choices if c.key == session.get(PORTAL_SESSION_KEY)),
        choices[0] if choices else None,
    )
    if current is None:
        return AccessContext(user=user, audience=UserKind.PORTAL)
    _remember(session, PORTAL_SESSION_KEY, current.key)
    return portal_context(user, current, choices)


def staff_context(user, current: CenterChoice, centers=(), *, mfa_passed: bool) -> AccessContext:
    """A staff member in one of their centres (one of `staff_centers(user)`: the session's, or a
    staff API token's), with the codes of their roles there."""
    roles = frozenset(role for role, _ in current.my_assignments)
    return AccessContext(
        user=user,
        audience=UserKind.STAFF,
        center_id=current.pk,
        center_name=current.name,
        team_ids=frozenset(current.all_team_ids),
        own_team_ids=frozenset(team for _, team in current.my_assignments if team),
        staff_roles=roles,
        permissions=staff_permissions(roles),
        mfa_passed=mfa_passed,
        choices=tuple(centers),
        current_choice=str(current.pk),
    )


def portal_context(user, current: PortalChoice, choices=()) -> AccessContext:
    """A portal user acting for one of their live choices (the session's, or an API token's);
    a member whose membership has ended is read-only (accounts.roles.ended_member_permissions),
    from the day its end is recorded (its status « Radié »), as billing and the campaigns."""
    if current.firm_id:
        permissions = firm_permissions(list(current.scopes))
    else:
        permissions = ADHERENT_ROLE_PERMISSIONS[current.role]
    if current.member_ended_on is not None:
        permissions = ended_member_permissions(permissions)
    return AccessContext(
        user=user,
        audience=UserKind.PORTAL,
        adherent_id=current.adherent_id,
        adherent_name=current.adherent_name,
        firm_id=current.firm_id,
        role=current.role,
        permissions=permissions,
        choices=tuple(choices),
        current_choice=current.key,
        member_ended_on=current.member_ended_on,
    )
