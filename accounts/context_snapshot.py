"""A staff member's centres, teams and roles, as `build_context` reads them on every request,
kept in the cache (Redis) between two changes instead of a query per request.

Each entry is checked against two version tokens read in the same round trip as the entry
itself (one MGET): one for every centre and team of the service, one per user for his or her
assignments. A change writes a new token (signals below, registered in the app's ready()): at
once, and again once the transaction commits. A reader stores what it read from the database
under the tokens it saw BEFORE reading: if a change lands between its read and its write, the
tokens have moved and the entry is never used. So a revoked or ended assignment, a new team or a
renamed centre take effect on the next request, whatever the timing. A bulk write sends no
signal: the assignments' queryset renews the tokens itself on `update()` and `bulk_create()`
(accounts/models.py), the demo seed calls `forget_all()` after its bulk centres and teams; the
entry also expires after `SECONDS`.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import transaction

SECONDS = 3600
EVERY_CENTRE = "accounts:ctx:centres"  # token: every centre and team of the service


def _user_token(user_id: int) -> str:
    return f"accounts:ctx:user:{user_id}"


def _entry(user_id: int) -> str:
    return f"accounts:ctx:entry:{user_id}"


@dataclass(frozen=True)
class CenterChoice:
    """A centre the staff member is assigned to (a choice of the centre switcher)."""

    pk: int
    name: str
    all_team_ids: tuple[int, ...]  # every team of the centre
    my_assignments: tuple[tuple[str, int | None], ...]  # (role, team id) of this member here


def staff_centers(user, read: Callable[[], list[CenterChoice]]) -> list[CenterChoice]:
    """The cached centres of this staff member if both tokens still match, else `read()`
    (the database), stored under the tokens seen before reading."""
    keys = (EVERY_CENTRE, _user_token(user.pk))
    found = cache.get_many([*keys, _entry(user.pk)])
    tokens = tuple(found.get(key) for key in keys)
    entry = found.get(_entry(user.pk))
    if entry is not None and None not in tokens and entry[:2] == (tokens, user.email):
        return list(entry[2])
    storable = True
    if None in tokens:  # first reader since the token was lost (or never written)
        fresh = []
        for key, token in zip(keys, tokens, strict=True):
            if token is None:
                token = uuid.uuid4().hex
                storable = cache.add(key, token, None) and storable  # a writer may be first
            fresh.append(token)
        tokens = tuple(fresh)
    centers = read()
    if storable:
        cache.set(_entry(user.pk), (tokens, user.email, tuple(centers)), SECONDS)
    return centers


def _renew(*keys: str) -> None:
    def write():
        cache.set_many({key: uuid.uuid4().hex for key in keys}, None)

    write()
    transaction.on_commit(write)


def forget_user(*user_ids: int) -> None:
    """These users' assignments changed: their entries are stale."""
    if user_ids:
        _renew(*(_user_token(user_id) for user_id in user_ids))


def forget_all() -> None:
    """A centre or a team changed (or a bulk write): every entry is stale."""
    _renew(EVERY_CENTRE)


def connect() -> None:
    """Renew the tokens when the rows change (called once, from AccountsConfig.ready())."""
    from django.db.models.signals import post_delete, post_save

    from accounts.models import HealthCenter, StaffAssignment, Team

    def assignment_changed(sender, instance, **kwargs):
        forget_user(instance.user_id)

    def centre_changed(sender, **kwargs):
        forget_all()

    for model, receiver in (
        (StaffAssignment, assignment_changed),
        (HealthCenter, centre_changed),
        (Team, centre_changed),
    ):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            uid = f"accounts.context_snapshot.{model.__name__}.{name}"
            signal.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
