"""Writes of the accounting-firm area: the directory, firm users, mandates granted and revoked.

A mandate is granted and revoked by the member's own account admin only (perms), never
deleted; every change is journaled by pghistory with the acting user (audit.actor_context).
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from accounts import audit
from accounts.emails import UnprovenAddressError
from accounts.enums import MandateScope, UserKind
from accounts.invitations import get_or_create_portal_user, send_invitation
from adherents import perms
from adherents.models import AccountingFirm, AccountingFirmMandate, AccountingFirmMember, Adherent
from adherents.rules import identifiers
from spsti.errors import DomainError

MANAGE = "adherents.adherent:manage"  # the member service keeps the directory (back office)


class FirmError(DomainError):
    """A mandate or firm change the rules refuse; the message is shown as is."""


def grant_mandate(
    ctx,
    *,
    adherent: Adherent,
    siren: str,
    scopes: list[str],
    valid_from: datetime.date,
    valid_until: datetime.date | None,
    today: datetime.date | None = None,
) -> AccountingFirmMandate:
    """Give the firm known by this SIREN a mandate for the member, for these scopes."""
    today = today or timezone.localdate()
    if not perms.can_manage_mandates(ctx, adherent):
        raise FirmError("Seul l'administrateur du compte de l'entreprise accorde un mandat.")
    siren = identifiers.normalize(siren)
    firm = AccountingFirm.objects.filter(siren=siren).first()
    if firm is None:
        raise FirmError(
            f"Aucun cabinet comptable n'est connu sous le SIREN {siren}. Demandez au service "
            "adhérents de l'enregistrer, puis accordez-lui le mandat."
        )
    scopes = sorted({MandateScope(s) for s in scopes})
    if not scopes:
        raise FirmError("Choisissez au moins un périmètre pour le mandat.")
    if valid_from < today:
        raise FirmError("Un mandat commence au plus tôt aujourd'hui.")
    if valid_until is not None and valid_until < valid_from:
        raise FirmError("La date de fin du mandat doit suivre sa date de début.")
    with transaction.atomic(), audit.actor_context(ctx):
        Adherent.objects.select_for_update().get(pk=adherent.pk)  # one grant at a time
        if _overlapping(firm, adherent, valid_from, valid_until).exists():
            raise FirmError(
                f"{firm.name} a déjà un mandat sur cette période : révoquez-le avant "
                "d'en accorder un nouveau."
            )
        return AccountingFirmMandate.objects.create(
            firm=firm,
            adherent=adherent,
            scopes=scopes,
            valid_from=valid_from,
            valid_until=valid_until,
            granted_by=ctx.user,
        )


def _overlapping(firm, adherent, start: datetime.date, end: datetime.date | None):
    qs = AccountingFirmMandate.objects.filter(
        firm=firm, adherent=adherent, revoked_at__isnull=True
    ).exclude(valid_until__lt=start)
    return qs if end is None else qs.filter(valid_from__lte=end)


def revoke_mandate(
    ctx, mandate: AccountingFirmMandate, *, today: datetime.date | None = None
) -> AccountingFirmMandate:
    """Revoke now: the firm loses access at its next request. Kept, never deleted."""
    today = today or timezone.localdate()
    if not perms.can_manage_mandates(ctx, mandate.adherent):
        raise FirmError("Seul l'administrateur du compte de l'entreprise révoque un mandat.")
    with transaction.atomic(), audit.actor_context(ctx):
        mandate = AccountingFirmMandate.objects.select_for_update().get(pk=mandate.pk)
        if mandate.revoked_at is not None:
            raise FirmError("Ce mandat est déjà révoqué.")
        if mandate.valid_until is not None and mandate.valid_until < today:
            raise FirmError(f"Ce mandat a pris fin le {mandate.valid_until:%d/%m/%Y}.")
        mandate.revoked_at = timezone.now()
        mandate.revoked_by = ctx.user
        mandate.save(update_fields=["revoked_at", "revoked_by", "updated_at"])
    return mandate


def create_firm(ctx, *, name: str, siren: str) -> AccountingFirm:
    """Add a firm to the directory (SIREN key checked, one firm per SIREN)."""
    perms.require_staff(ctx, MANAGE)
    siren = identifiers.normalize(siren)
    if error := identifiers.siren_error(siren):
        raise FirmError(error)
    name = name.strip()
    if not name:
        raise FirmError("Indiquez le nom du cabinet.")
    with transaction.atomic(), audit.actor_context(ctx):
        existing = AccountingFirm.objects.select_for_update().filter(siren=siren).first()
        if existing is not None:
            raise FirmError(f"Le cabinet {existing.name} est déjà enregistré avec ce SIREN.")
        return AccountingFirm.objects.create(name=name, siren=siren)


def add_firm_user(
    ctx, firm: AccountingFirm, *, email: str, first_name: str = "", last_name: str = ""
) -> AccountingFirmMember:
    """Give a person access for this firm; a new account gets its activation link by e-mail."""
    perms.require_staff(ctx, MANAGE)
    firm = perms.visible(AccountingFirm.objects, ctx, firm.pk)
    with transaction.atomic(), audit.actor_context(ctx):
        try:
            user = get_or_create_portal_user(
                email=email.strip().lower(), first_name=first_name, last_name=last_name
            )
        except UnprovenAddressError as error:  # e-mail claiming (issue 10, item 2)
            raise FirmError(str(error)) from error
        if user.kind != UserKind.PORTAL:
            raise FirmError(
                "Cette adresse est celle d'un compte du service : un cabinet utilise une "
                "adresse de l'espace adhérent."
            )
        member, created = AccountingFirmMember.objects.select_for_update().get_or_create(
            user=user, firm=firm
        )
        if not created:
            if member.is_active:
                raise FirmError(f"{user.email} a déjà accès pour {firm.name}.")
            member.is_active = True
            member.save(update_fields=["is_active", "updated_at"])
        if not user.has_usable_password():  # not activated yet: (re)send the link
            send_invitation(
                user,
                organisation=firm.name,
                reason=(
                    f"Le service vous a ouvert un accès à l'espace adhérent pour le cabinet "
                    f"{firm.name} : vous y agirez pour les entreprises qui vous ont mandaté."
                ),
            )
    return member
