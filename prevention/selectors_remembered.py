"""Whole-scope figures of the prevention lists, remembered a few minutes.

The headers of the FE, DUERP and actions lists show figures over the whole centre (indicators
of seed 004, actions' time by kind): each one reads every member, establishment or action of
the scope (0.1 to 0.5 s on the national-scale dataset), whatever the page shown. We keep them,
computed once and remembered INDICATOR_CACHE_SECONDS for the same scope, day and filters (the
key holds them): the list's pages, first or deep, then read only their own rows. A figure may
lag a change by that long; the rows of the list are always current. The actions' figures
(time by kind, shares of the indicators page) also carry in their key a generation that
recording an action changes (`actions_changed`, in prevention.actions.services): actions are
only ever added, never edited nor deleted, so a recorded action shows in them at once.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from typing import TypeVar

from django.core.cache import cache
from django.db.models import QuerySet

from accounts.context import AccessContext
from spsti.pagination import compiled, statement_hash

T = TypeVar("T")
ACTIONS_GENERATION_KEY = "prevention:actions-generation"
INDICATOR_CACHE_SECONDS = 300  # a list's header, not a legal figure: five minutes is fresh


def scope_key(ctx: AccessContext, *parts) -> str:
    """What the context sees (audience, member, centre, teams, permissions: two users who see
    the same rows share the figure) and the figure's own parameters."""
    seen = repr(
        (
            ctx.audience,
            ctx.adherent_id,
            ctx.center_id,
            sorted(ctx.team_ids),
            sorted(ctx.permissions),
        )
    )
    return ":".join([hashlib.sha256(seen.encode()).hexdigest(), *(str(part) for part in parts)])


def statement_key(queryset: QuerySet) -> str:
    """The queryset's SQL and parameters: its scope and filters (a scope the ORM knows to be
    empty, a centre with no team yet, compiles to nothing: "empty")."""
    statement = compiled(queryset)
    return statement_hash(*statement) if statement else "empty"


def actions_generation() -> str:
    """Changes each time an action is recorded (one Redis read, no database query)."""
    return str(cache.get(ACTIONS_GENERATION_KEY) or 0)


def actions_changed() -> None:
    cache.set(ACTIONS_GENERATION_KEY, time.time_ns(), None)


def remembered(name: str, key: str, compute: Callable[[], T]) -> T:
    """`compute()`, or its value remembered for the same name and key."""
    return cache.get_or_set(f"prevention:{name}:{key}", compute, INDICATOR_CACHE_SECONDS)
