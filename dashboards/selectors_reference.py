"""Small reference data every dashboard page reads, kept in the cache (Redis, shared by every
process) instead of a query per request: the last finished computation of the facts, the CPOM
targets, the centres and their teams.

Each entry is dropped when its rows change (signals below, registered in the app's ready()):
now, and again once the transaction commits (a reader between the two would have cached the
old rows). A bulk write sends no signal: the few that exist (the demo seed) call `forget()`,
and every entry expires after `SECONDS` anyway. The last run is read where its facts are (the
replica when there is one, which may lag behind the commit that dropped the entry): it is kept
`REPLICA_SECONDS` only.

A page that reads several entries is wrapped in `read_together`: every entry is fetched in one
round trip (MGET) when the view starts, then read from that for the rest of the request.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from contextvars import ContextVar

from django.core.cache import cache
from django.db import transaction

SECONDS = 3600
REPLICA_SECONDS = 60
LAST_RUN = "dashboards:ref:last-run"
TARGETS = "dashboards:ref:targets"
ORG = "dashboards:ref:org"
_NONE = "none"  # what the cache keeps for "no finished run yet" (None reads as a miss)
_fetched: ContextVar[dict | None] = ContextVar("dashboards_reference", default=None)


def cached(key: str, read: Callable[[], object], seconds: int = SECONDS):
    fetched = _fetched.get()
    found = fetched.get(key) if fetched is not None else cache.get(key)
    if found is None:
        found = _NONE if (read_now := read()) is None else read_now
        cache.set(key, found, seconds)
        if fetched is not None:
            fetched[key] = found
    return None if found == _NONE else found


def read_together(view):
    """The view's request reads every entry from one round trip, fetched as it starts."""

    @functools.wraps(view)
    def wrapper(*args, **kwargs):
        token = _fetched.set(cache.get_many([LAST_RUN, TARGETS, ORG]))
        try:
            return view(*args, **kwargs)
        finally:
            _fetched.reset(token)

    return wrapper


def forget(*keys: str) -> None:
    keys = keys or (LAST_RUN, TARGETS, ORG)
    fetched = _fetched.get()
    for key in keys if fetched is not None else ():
        fetched.pop(key, None)
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))


def _forgetting(key: str):
    def receiver(sender, **kwargs):
        forget(key)

    return receiver


def connect() -> None:
    """Drop each entry when its rows change (called once, from DashboardsConfig.ready())."""
    from django.db.models.signals import post_delete, post_save

    from accounts.models import HealthCenter, Team
    from dashboards.facts.models import FactRun
    from dashboards.targets.models import Cpom, CpomTarget

    for model, key in (
        (FactRun, LAST_RUN),
        (Cpom, TARGETS),
        (CpomTarget, TARGETS),
        (HealthCenter, ORG),
        (Team, ORG),
    ):
        receiver = _forgetting(key)
        for name, signal in (("save", post_save), ("delete", post_delete)):
            uid = f"dashboards.reference.{model.__name__}.{name}"
            signal.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
