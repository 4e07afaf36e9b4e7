"""Permission-matrix rows of the API's personal access tokens: in the member portal, the member's
admin and a firm user, each for the organisation they act for; in the back-office, the staff who
read the dashboards (the world's physicians), each for his or her own tokens only."""

import datetime

from django.utils import timezone

from api.enums import ApiScope
from tests.api.helpers import make_staff_token, make_token
from tests.matrix import PORTAL_OPEN, Case, backoffice_for


def create_data(world) -> dict:
    return {
        "name": "Logiciel de paie",
        "scopes": [ApiScope.WORKFORCE_WRITE],
        "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }


def token_of_a(world) -> list:
    """A token of member A's admin: only A's admin may revoke it (a firm's own tokens aside)."""
    return [make_token(world.actors["portal_admin"], world.adherent)[0].pk]


CASES: list[Case] = [
    Case("portal:api:token-list", PORTAL_OPEN),
    # The secret is shown on the answer itself (200), once; a firm without the scope is shown
    # the form again with the reason (200 too).
    Case("portal:api:token-create", PORTAL_OPEN, method="post", data=create_data),
    Case(
        "portal:api:token-revoke",
        {
            **PORTAL_OPEN,
            "portal_admin": 302,
            "portal_other": 404,
            "firm_mandated": 404,
            "firm_unmandated": 404,
        },
        args=token_of_a,
        method="post",
    ),
]


def staff_create_data(world) -> dict:
    return {
        "name": "Tableur de pilotage",
        "scopes": [ApiScope.INDICATORS_READ],
        "expires_on": (timezone.localdate() + datetime.timedelta(days=30)).isoformat(),
    }


def staff_token_of_physician(world) -> list:
    """A staff token of the physician of centre 1: only he may revoke it."""
    return [make_staff_token(world.actors["physician"], world.center)[0].pk]


# The dashboards' readers (KPI_VIEW): in the world, the two physicians.
STAFF_TOKENS = backoffice_for("physician", "physician_other")

CASES += [
    Case("backoffice:api:staff-token-list", STAFF_TOKENS),
    # The secret is shown on the answer itself (200), once.
    Case(
        "backoffice:api:staff-token-create",
        STAFF_TOKENS,
        method="post",
        data=staff_create_data,
    ),
    Case(
        "backoffice:api:staff-token-revoke",
        {**STAFF_TOKENS, "physician": 302, "physician_other": 404},
        args=staff_token_of_physician,
        method="post",
    ),
]
