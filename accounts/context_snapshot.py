"""A staff member's centres, teams and roles, and a portal user's members (directly or through
a firm's mandate), as `build_context` reads them on every request, kept in the cache (Redis)
between two changes instead of one or two queries per request.

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

A portal user's entry works the same way with its own two tokens: one per user (the user's
memberships and firm memberships), one for every member, firm and mandate (a mandate granted or
revoked, a member or a firm renamed, a membership ended or resumed: a former member's space is
read-only from the next request). The membership app connects its models to them and renews
them on its bulk writes (adherents/hooks_portal_context.py): accounts never imports it. A mandate is
in force between two dates, so a portal entry also names the day it was read for and is read
again the next day.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.core.cache import cache
from django.db import models, transaction
from django.utils import timezone

SECONDS = 3600
EVERY_CENTRE = "accounts:ctx:centres"  # token: every centre and team of the service
EVERY_MEMBER = "accounts:ctx:portal:members"  # token: every member, firm and mandate


def _user_token(user_id: int) -> str:
    return f"accounts:ctx:user:{user_id}"


def _entry(user_id: int) -> str:
    return f"accounts:ctx:entry:{user_id}"


def _portal_user_token(user_id: int) -> str:
    return f"accounts:ctx:portal:user:{user_id}"


def _portal_entry(user_id: int) -> str:
    return f"accounts:ctx:portal:entry:{user_id}"


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
    return _cached((EVERY_CENTRE, _user_token(user.pk)), _entry(user.pk), user.email, read)


def portal_choices(user, read: Callable[[], list]) -> list:
    """The cached members this portal user may act for, read today, if both tokens still
    match, else `read()` (the database), stored under the tokens seen before reading."""
    return _cached(
        (EVERY_MEMBER, _portal_user_token(user.pk)),
        _portal_entry(user.pk),
        (user.email, timezone.localdate().isoformat()),
        read,
    )


def _cached(keys: tuple[str, str], entry_key: str, stamp, read: Callable[[], list]) -> list:
    """The entry under `entry_key` if it was stored under both tokens `keys` as they are now
    and for this `stamp`; else `read()`, stored under the tokens seen before reading."""
    found = cache.get_many([*keys, entry_key])
    tokens = tuple(found.get(key) for key in keys)
    entry = found.get(entry_key)
    if entry is not None and None not in tokens and entry[:2] == (tokens, stamp):
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
    rows = read()
    if storable:
        cache.set(entry_key, (tokens, stamp, tuple(rows)), SECONDS)
    return rows


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


def forget_portal_user(*user_ids: int) -> None:
    """These portal users' memberships (of a member or of a firm) changed."""
    if user_ids:
        _renew(*(_portal_user_token(user_id) for user_id in user_ids))


def forget_portal_all() -> None:
    """A mandate, a member or a firm changed: every portal entry is stale."""
    _renew(EVERY_MEMBER)


class StaffRowsQuerySet(models.QuerySet):
    """Rows naming a user whose cached entry they feed. A bulk write sends no signal: `update()`
    and `bulk_create()` renew the users' tokens themselves (and every entry when a row moves to
    another user), so a change made in bulk counts at the next request too."""

    forget_user = staticmethod(forget_user)
    forget_every = staticmethod(forget_all)

    def update(self, **kwargs) -> int:
        user_ids = set(self.values_list("user_id", flat=True).order_by())
        count = super().update(**kwargs)
        if "user" in kwargs or "user_id" in kwargs:
            self.forget_every()
        self.forget_user(*user_ids)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        self.forget_user(*{row.user_id for row in created})
        return created


class PortalRowsQuerySet(StaffRowsQuerySet):
    """The same for the rows of a portal user's members (memberships of a member or a firm)."""

    forget_user = staticmethod(forget_portal_user)
    forget_every = staticmethod(forget_portal_all)


def connect_rows(prefix: str, receivers) -> None:
    """Connect each (model, receiver) to its model's post_save and post_delete, once."""
    from django.db.models.signals import post_delete, post_save

    for model, receiver in receivers:
        for name, signal in (("save", post_save), ("delete", post_delete)):
            uid = f"{prefix}.{model.__name__}.{name}"
            signal.connect(receiver, sender=model, weak=False, dispatch_uid=uid)


def connect() -> None:
    """Renew the tokens when the rows change (called once, from AccountsConfig.ready())."""
    from accounts.models import HealthCenter, StaffAssignment, Team

    def assignment_changed(sender, instance, **kwargs):
        forget_user(instance.user_id)

    def centre_changed(sender, **kwargs):
        forget_all()

    connect_rows(
        "accounts.context_snapshot",
        (
            (StaffAssignment, assignment_changed),
            (HealthCenter, centre_changed),
            (Team, centre_changed),
        ),
    )
