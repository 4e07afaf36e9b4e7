"""Builders of membership applications: a secret link, and a complete file ready to review."""

from __future__ import annotations

import itertools
import secrets

from django.utils import timezone

from adherents.models import ApplicationStatus, ContactRole, MembershipApplication
from adherents.rules.identifiers import luhn_complete
from spsti.secret_links import token_hash as hash_token

_numbers = itertools.count(1)


def new_siren() -> str:
    """A valid SIREN no factory of the world uses (they start with 1 or 9)."""
    return luhn_complete(f"5{next(_numbers):07d}")


def siret_of(siren: str, nic: int = 1) -> str:
    """A valid SIRET of that company (SIREN + 4 NIC digits + key)."""
    return luhn_complete(f"{siren}{nic:04d}")


def with_wrong_key(identifier: str) -> str:
    """The same identifier with a last digit that breaks its key."""
    return identifier[:-1] + str((int(identifier[-1]) + 1) % 10)


def establishment(siren: str, *, nic: int = 1, kind: str = "head_office", name="") -> dict:
    return {
        "kind": kind,
        "siret": siret_of(siren, nic),
        "name": name or f"Site {nic}",
        "address": f"{nic} rue des Forges",
        "postal_code": "62400",
        "city": "Béthune",
        "opening_hours": "",
    }


def contact(role: str, first_name: str, email: str) -> dict:
    return {
        "role": role,
        "first_name": first_name,
        "last_name": "Martin",
        "email": email,
        "phone": "03 21 00 00 00",
    }


def draft_application(**fields) -> tuple[MembershipApplication, str]:
    """A draft with its secret link's token."""
    token = secrets.token_urlsafe(32)
    fields.setdefault("applicant_email", "demandeur@exemple.fr")
    # The applicant opened the link e-mailed to them (pass None for an unverified address).
    fields.setdefault("applicant_email_verified_at", timezone.now())
    application = MembershipApplication.objects.create(token_hash=hash_token(token), **fields)
    return application, token


def complete_fields(siren: str | None = None) -> dict:
    """Every field of a complete file: two establishments, the three required contacts."""
    siren = siren or new_siren()
    return {
        "company_name": "Menuiserie Delta",
        "siren": siren,
        "naf_code": "43.32A",
        "legal_form": "SARL",
        "establishments": [
            establishment(siren, nic=1, name="Atelier Delta"),
            establishment(siren, nic=2, kind="worksite", name="Chantier Arras"),
        ],
        "contacts": [
            contact(ContactRole.MANAGER, "Paul", "dirigeant@delta.fr"),
            contact(ContactRole.SST_REFERENT, "Inès", "referent@delta.fr"),
            contact(ContactRole.BILLING, "Léa", "compta@delta.fr"),
        ],
        "activity_description": "Menuiserie bois et PVC, pose sur chantiers.",
        "opening_hours": "Lundi-vendredi 8h-17h",
        "headcount_si": 4,
        "headcount_sia": 1,
        "headcount_sir": 2,
        "convocation_weekdays": [2, 4],
        "convocation_half_day": "am",
        "steps_done": ["company", "establishments", "contacts", "activity", "preferences"],
    }


def submitted_application(**overrides) -> tuple[MembershipApplication, str]:
    from django.utils import timezone

    fields = {
        **complete_fields(),
        "status": ApplicationStatus.SUBMITTED,
        "submitted_at": timezone.now(),
        **overrides,
    }
    return draft_application(**fields)
