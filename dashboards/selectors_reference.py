"""Small reference data every dashboard page reads, kept in the cache (Redis, shared by every
process) instead of a query per request: the last finished computation of the facts, the CPOM
targets, the centres and their teams.

Each entry is dropped when its rows change (signals below, registered in the app's ready()):
now, and again once the transaction commits (a reader between the two would have cached the
old rows). A bulk write sends no signal: the few that exist (the demo seed) call `forget()`,
and every entry expires after `SECONDS` anyway. The last run is read where its facts are (the
replica when there is one, which may lag behind the commit that dropped the entry): it is kept
`REPLICA_SECONDS` only.
"""

from __future__ import annotations

from collections.abc import Callable

from django.core.cache import cache
from django.db import transaction

SECONDS = 3600
REPLICA_SECONDS = 60
LAST_RUN = "dashboards:ref:last-run"
TARGETS = "dashboards:ref:targets"
ORG = "dashboards:ref:org"
_NONE = "none"  # what the cache keeps for "no finished run yet" (None reads as a miss)


def cached(key: str, read: Callable[[], object], seconds: int = SECONDS):
    found = cache.get(key)
    if found is None:
        found = read()
        cache.set(key, _NONE if found is None else found, seconds)
    return None if found == _NONE else found


def forget(*keys: str) -> None:
    keys = keys or (LAST_RUN, TARGETS, ORG)
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
