"""adherents' side of accounts.context's portal choices (registered in AdherentsConfig.ready()).

The members a portal user may act for are kept in the cache between two changes
(accounts/context_snapshot.py, `portal_choices`); this module tells it of every change of the
rows they are read from. A saved or deleted membership of a member or of a firm renews its
user's token; a mandate, a member or a firm changed (renamed, say) renew the token of every
portal user. A bulk
write sends no signal: the querysets below renew the tokens themselves on `update()` and
`bulk_create()`. Connected once, from AdherentsConfig.ready()."""

from __future__ import annotations

from django.db import models

from accounts import context_snapshot


class UserRowsQuerySet(models.QuerySet):
    """Rows naming a portal user (memberships of a member or of a firm)."""

    def update(self, **kwargs) -> int:
        user_ids = set(self.values_list("user_id", flat=True).order_by())
        count = super().update(**kwargs)
        if "user" in kwargs or "user_id" in kwargs:
            context_snapshot.forget_portal_all()
        context_snapshot.forget_portal_user(*user_ids)
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        context_snapshot.forget_portal_user(*{row.user_id for row in created})
        return created


class SharedRowsQuerySet(models.QuerySet):
    """Rows every portal user's choices may name (members, firms, mandates)."""

    def update(self, **kwargs) -> int:
        count = super().update(**kwargs)
        context_snapshot.forget_portal_all()
        return count

    def bulk_create(self, objs, *args, **kwargs):
        created = super().bulk_create(objs, *args, **kwargs)
        context_snapshot.forget_portal_all()
        return created


def connect() -> None:
    """Renew the portal tokens when the rows change."""
    from django.db.models.signals import post_delete, post_save

    from adherents.models import (
        AccountingFirm,
        AccountingFirmMandate,
        AccountingFirmMember,
        Adherent,
        AdherentMembership,
    )

    def user_row_changed(sender, instance, **kwargs):
        context_snapshot.forget_portal_user(instance.user_id)

    def shared_row_changed(sender, created=False, **kwargs):
        if not created or sender is AccountingFirmMandate:  # a new member or firm: no one's yet
            context_snapshot.forget_portal_all()

    for model, receiver in (
        (AdherentMembership, user_row_changed),
        (AccountingFirmMember, user_row_changed),
        (AccountingFirmMandate, shared_row_changed),
        (AccountingFirm, shared_row_changed),
        (Adherent, shared_row_changed),
    ):
        for name, signal in (("save", post_save), ("delete", post_delete)):
            uid = f"adherents.hooks_portal_context.{model.__name__}.{name}"
            signal.connect(receiver, sender=model, weak=False, dispatch_uid=uid)
