"""Who holds an e-mail address (issue 10, item 2: e-mail claiming).

Access granted to an address (an invitation, a firm's collaborator, a new member's
administrator) must reach only the person who proved they read that address. An address counts
for a user when allauth recorded it as verified, or when it is the address the service itself
gave the account and nobody claimed it since (no unverified allauth row made primary for it;
allauth itself adds non-primary unverified rows for the account's address): such an account
only opens through the activation link e-mailed to that address. An address a user typed on
/comptes/email/ without confirming it counts for nobody.
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db.models import Exists, OuterRef

from accounts.models import User
from spsti.errors import DomainError


class UnprovenAddressError(DomainError):
    """The address belongs to an account that never proved it holds it."""


def _unverified_claim(email: str):
    return EmailAddress.objects.filter(
        user=OuterRef("pk"), email__iexact=email, verified=False, primary=True
    )


def holder_of(email: str) -> User | None:
    """The account that proved it holds this address, or None when no account has it.

    Raises UnprovenAddressError when an account shows the address without having confirmed it:
    nothing may be granted to it (nor a second account created for the same address)."""
    verified = EmailAddress.objects.filter(email__iexact=email, verified=True).select_related(
        "user"
    )
    if (address := verified.first()) is not None:
        return address.user
    user = (
        User.objects.filter(email__iexact=email)
        .annotate(claimed=Exists(_unverified_claim(email)))
        .first()
    )
    if user is not None and user.claimed:
        raise UnprovenAddressError(
            f"L'adresse {email} est affichée par un compte qui ne l'a jamais confirmée : aucun "
            "accès ne lui est accordé. La personne doit d'abord confirmer son adresse (lien reçu "
            "par e-mail), ou le service doit corriger l'adresse de ce compte."
        )
    return user


def mark_verified(user: User) -> None:
    """The account's own address is proven (its activation link, sent there, was used)."""
    EmailAddress.objects.filter(user=user).exclude(email__iexact=user.email).update(primary=False)
    address = EmailAddress.objects.filter(user=user, email__iexact=user.email).first()
    if address is None:
        EmailAddress.objects.create(user=user, email=user.email, verified=True, primary=True)
    elif not (address.verified and address.primary):
        address.verified = address.primary = True
        address.save(update_fields=["verified", "primary"])


def confirm_service_address(user: User) -> None:
    """An account's own address, set by the service and opened by the link sent there, counts
    as verified, unless it was claimed (made primary) without confirmation. Without this,
    allauth's change-of-address flow takes the unverified current address for a pending new one
    and drops it when another is added."""
    if not user.email:
        return
    rows = EmailAddress.objects.filter(user=user, email__iexact=user.email)
    if rows.filter(verified=True).exists() or rows.filter(primary=True).exists():
        return
    mark_verified(user)
