"""Tokens of the world's actors, and a client that sends them (no session, no cookie)."""

from __future__ import annotations

import datetime

from django.test import Client
from django.utils import timezone

from accounts import mfa
from api.enums import MEMBER_SCOPES, ApiScope
from api.models import ApiToken
from api.tokens.services import SECRET_PREFIX, hash_secret
from suivi_sante.rules.nir import nir_key
from tests.conftest import enrol_totp

ALL_SCOPES = list(MEMBER_SCOPES)  # every scope of a member token
_counter = iter(range(10**6))


def make_token(
    user,
    adherent,
    *,
    firm=None,
    scopes=None,
    expires_in=datetime.timedelta(days=30),
    revoked=False,
) -> tuple[ApiToken, str]:
    secret = f"{SECRET_PREFIX}test{next(_counter):06d}{'x' * 30}"
    token = ApiToken.objects.create(
        name="Logiciel de paie",
        prefix=secret[:12],
        secret_hash=hash_secret(secret),
        user=user,
        adherent=adherent,
        firm=firm,
        scopes=ALL_SCOPES if scopes is None else scopes,
        expires_at=timezone.now() + expires_in,
        revoked_at=timezone.now() if revoked else None,
    )
    return token, secret


def make_staff_token(
    user,
    center,
    *,
    scopes=(ApiScope.INDICATORS_READ,),
    expires_in=datetime.timedelta(days=30),
    revoked=False,
    enrol=True,
) -> tuple[ApiToken, str]:
    """A staff token of this back-office user in this centre (indicators only); the user is
    enrolled in TOTP first (a staff token works only for an enrolled user)."""
    if enrol and not mfa.has_totp(user):
        enrol_totp(user)
    secret = f"{SECRET_PREFIX}staff{next(_counter):06d}{'x' * 30}"
    token = ApiToken.objects.create(
        name="Tableur de pilotage",
        prefix=secret[:12],
        secret_hash=hash_secret(secret),
        user=user,
        center=center,
        scopes=list(scopes),
        expires_at=timezone.now() + expires_in,
        revoked_at=timezone.now() if revoked else None,
    )
    return token, secret


def bearer(secret: str | None) -> Client:
    """A Django test client sending this token on every request."""
    return Client(headers={"Authorization": f"Bearer {secret}"} if secret else {})


def firm_of(user):
    return user.firm_memberships.get().firm


def actor_tokens(world) -> dict[str, str]:
    """A token with every scope for each portal actor of the world, for its organisation."""
    a = world.actors
    return {
        "portal_admin": make_token(a["portal_admin"], world.adherent)[1],
        "portal_other": make_token(a["portal_other"], world.other_adherent)[1],
        "firm_mandated": make_token(
            a["firm_mandated"], world.adherent, firm=firm_of(a["firm_mandated"])
        )[1],
        "firm_unmandated": make_token(
            a["firm_unmandated"], world.other_adherent, firm=firm_of(a["firm_unmandated"])
        )[1],
    }


def valid_nir(sex: str, birth: datetime.date, rest: str = "75056123") -> str:
    body = f"{'1' if sex == 'M' else '2'}{birth.year % 100:02d}{birth.month:02d}{rest}"
    return f"{body}{nir_key(body):02d}"


def hire_payload(establishment_id: int, **changes) -> dict:
    birth = datetime.date(1990, 5, 17)
    data = {
        "last_name": "Durand",
        "first_name": "Léa",
        "birth_date": birth.isoformat(),
        "sex": "F",
        "nir": valid_nir("F", birth),
        "establishment": establishment_id,
        "job_title": "Boulangère",
        "contract": "CDI",
        "start_on": (timezone.localdate() - datetime.timedelta(days=10)).isoformat(),
    }
    data.update(changes)
    return data
