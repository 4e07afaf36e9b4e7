"""A read replica for the dashboards (issue 19, item 7), optional.

With DATABASE_REPLICA_URL set, the settings declare a second alias, "replica", a PostgreSQL
streaming replica of "default". Then:

- reads of the dashboards' monthly facts (`Fact`, `FactRun`: the figures of every dashboard page
  and report) go to the replica;
- the drill-down lists and their exports (the rows behind a figure, read from the large tables)
  are read there too, through `reporting_alias()` and `QuerySet.using()`;
- every write goes to "default", and migrations run on "default" only.

Without it, there is no "replica" alias and everything uses "default" (development, tests,
a single machine). A replica lags a little behind: what reads there is a night's figures or a
list for reading, never what a request has just written.
"""

from __future__ import annotations

from django.conf import settings

REPLICA = "replica"
DEFAULT = "default"
# app_label.model_name of the models whose reads go to the replica.
REPLICA_READ_MODELS = frozenset({"dashboards.fact", "dashboards.factrun"})


def _has_replica(databases) -> bool:
    return REPLICA in databases


def reporting_alias() -> str:
    """The alias read-only reporting queries use: the replica when there is one."""
    return REPLICA if _has_replica(settings.DATABASES) else DEFAULT


class DashboardReplicaRouter:
    """Facts read on the replica, writes and migrations on default (see the module's docstring).
    `databases` is the DATABASES setting (tests pass their own)."""

    def __init__(self, databases=None):
        self.databases = settings.DATABASES if databases is None else databases

    def _label(self, model) -> str:
        return f"{model._meta.app_label}.{model._meta.model_name}"

    def db_for_read(self, model, **hints):
        if _has_replica(self.databases) and self._label(model) in REPLICA_READ_MODELS:
            return REPLICA
        return None  # Django's default: the instance's database, else "default"

    def db_for_write(self, model, **hints):
        return DEFAULT

    def allow_relation(self, obj1, obj2, **hints):
        if {obj1._state.db, obj2._state.db} <= {DEFAULT, REPLICA}:
            return True  # the same data: the replica is a copy of default
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db != REPLICA
