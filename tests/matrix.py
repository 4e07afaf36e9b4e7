"""The permission matrix: for each URL name, the expected status for every actor.

One test walks every URL of both shells and fails on a view missing from this table, so a
new view cannot ship without saying who may see it. 302 = sent to the login page (anonymous) or
redirected by design (see the case), 403 = wrong shell or role, 404 = another organisation.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.test import Client
from django.urls import reverse

ACTORS = (
    "anonymous",
    "portal_admin",  # admin of member A
    "portal_other",  # admin of member B (same centre as A)
    "firm_mandated",  # firm with a mandate for A (workforce, invoices)
    "firm_unmandated",  # firm with a mandate for B only (workers)
    "physician",  # physician of A's centre
    "physician_other",  # physician of another centre
    "nurse",  # nurse of A's centre
    "prevention_assistant",  # prevention assistant of A's centre
    "secretary",  # medical secretary of A's centre
    "member_service",  # member service agent of A's centre
    "billing",  # invoicing agent of A's centre
)

PORTAL_STAFF_403 = {
    "physician": 403,
    "physician_other": 403,
    "nurse": 403,
    "prevention_assistant": 403,
    "secretary": 403,
    "member_service": 403,
    "billing": 403,
}
BACKOFFICE_PORTAL_403 = {
    "portal_admin": 403,
    "portal_other": 403,
    "firm_mandated": 403,
    "firm_unmandated": 403,
}
# Every portal user acting for a member gets in; every staff member of a centre gets in.
PORTAL_OPEN = {
    "anonymous": 302,
    "portal_admin": 200,
    "portal_other": 200,
    "firm_mandated": 200,
    "firm_unmandated": 200,
    **PORTAL_STAFF_403,
}
BACKOFFICE_OPEN = {
    "anonymous": 302,
    **BACKOFFICE_PORTAL_403,
    "physician": 200,
    "physician_other": 200,
    "nurse": 200,
    "prevention_assistant": 200,
    "secretary": 200,
    "member_service": 200,
    "billing": 200,
}
STAFF_ACTORS = (
    "physician",
    "physician_other",
    "nurse",
    "prevention_assistant",
    "secretary",
    "member_service",
    "billing",
)


def backoffice_for(*actors: str, status: int = 200) -> dict[str, int]:
    """A back-office page only these staff actors reach (`status`); the others get 403."""
    return {
        "anonymous": 302,
        **BACKOFFICE_PORTAL_403,
        **dict.fromkeys(STAFF_ACTORS, 403),
        **dict.fromkeys(actors, status),
    }


# Member-portal pages of the member's own people: its firms get 403.
PORTAL_MEMBERS_ONLY = {**PORTAL_OPEN, "firm_mandated": 403, "firm_unmandated": 403}

# Health and prevention pages: the member service and invoicing agents are not care staff.
BACKOFFICE_CARE = {**BACKOFFICE_OPEN, "member_service": 403, "billing": 403}


@dataclass(frozen=True)
class Case:
    url_name: str
    expected: dict[str, int]
    args: Callable[[Any], list] = field(default=lambda world: [])
    method: str = "get"
    data: Callable[[Any], dict] = field(default=lambda world: {})

    def __post_init__(self):
        missing = set(ACTORS) - set(self.expected)
        assert not missing, f"{self.url_name}: no expected status for {sorted(missing)}"


def statuses(case: Case, world, login: Callable) -> dict[str, int]:
    """The status each actor gets, each with a fresh client."""
    url = reverse(case.url_name, args=case.args(world))
    result = {}
    for actor in ACTORS:
        client = login(Client(), world.actors[actor])
        response = getattr(client, case.method)(url, case.data(world))
        result[actor] = response.status_code
    return result


SHELL_CASES = [
    Case(
        "portal:dashboard",
        PORTAL_OPEN,
    ),
    Case(
        "portal:switch",
        method="post",
        data=lambda w: {"choice": f"adherent:{w.adherent.pk}"},
        expected={
            "anonymous": 302,
            "portal_admin": 302,
            "portal_other": 302,
            "firm_mandated": 302,
            "firm_unmandated": 302,
            **PORTAL_STAFF_403,
        },
    ),
    Case(
        "portal:no-member",
        {  # users with a member are sent to their dashboard
            "anonymous": 302,
            "portal_admin": 302,
            "portal_other": 302,
            "firm_mandated": 302,
            "firm_unmandated": 302,
            **PORTAL_STAFF_403,
        },
    ),
    Case(
        "portal:adherents:establishment-list",
        PORTAL_OPEN,
    ),
    Case(
        "portal:adherents:establishment-detail",
        args=lambda w: [w.establishment.pk],
        expected={**PORTAL_OPEN, "portal_other": 404, "firm_unmandated": 404},
    ),
    Case(
        "portal:suivi_sante:worker-list",
        {**PORTAL_OPEN, "firm_mandated": 403},  # the firm for A has no "workers" scope
    ),
    Case(
        "backoffice:dashboard",
        BACKOFFICE_OPEN,
    ),
    Case(
        "backoffice:switch",
        method="post",
        data=lambda w: {"choice": w.center.pk},
        expected={
            "anonymous": 302,
            **BACKOFFICE_PORTAL_403,
            "physician": 302,
            "physician_other": 302,
            "nurse": 302,
            "prevention_assistant": 302,
            "secretary": 302,
            "member_service": 302,
            "billing": 302,
        },
    ),
    Case(
        "backoffice:adherents:adherent-list",
        BACKOFFICE_OPEN,
    ),
    Case(
        "backoffice:adherents:adherent-detail",
        args=lambda w: [w.adherent.pk],
        expected={**BACKOFFICE_OPEN, "physician_other": 404},
    ),
    Case(
        "backoffice:suivi_sante:worker-list",
        {**BACKOFFICE_CARE, "prevention_assistant": 403},  # workers: health professionals
    ),
]
