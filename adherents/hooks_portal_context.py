"""adherents' side of accounts.context's portal choices (registered in AdherentsConfig.ready()).

The members a portal user may act for are kept in the cache between two changes
(accounts/context_snapshot.py, `portal_choices`); this module tells it of every change of the
rows they are read from. A saved or deleted membership of a member or of a firm renews its
user's token; a mandate, a member or a firm changed (renamed, say) renew the token of every
portal user. A bulk write sends no signal: the members', firms' and mandates' querysets renew
the tokens themselves on `update()` and `bulk_create()` (SharedRowsQuerySet below), the
memberships' too (accounts.context_snapshot.PortalRowsQuerySet, the twin of the staff
assignments'). Connected once, from AdherentsConfig.ready()."""

from __future__ import annotations

from django.db import models

from accounts import context_snapshot


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

    context_snapshot.connect_rows(
        "adherents.hooks_portal_context",
        (
            (AdherentMembership, user_row_changed),
            (AccountingFirmMember, user_row_changed),
            (AccountingFirmMandate, shared_row_changed),
            (AccountingFirm, shared_row_changed),
            (Adherent, shared_row_changed),
        ),
    )
