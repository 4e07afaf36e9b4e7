"""The permission matrix: for each URL name, the expected status for every actor.

One test walks every URL of both shells and fails on a view missing from this table, so a
new view cannot ship without saying who may see it. 302 = sent to the login page (anonymous) or
redirected by design (see the case), 403 = wrong shell or role, 404 = another organisation.

A 302 is not taken on trust (`redirect_problems`): an anonymous visitor of a shell must land on
the login page; a logged-in actor must land neither on the login page, nor on a context page
(no member, TOTP enrolment), nor on a page that refuses them (followed once: < 400), nor with an
error message (unless the case declares that refusal in `refused_with`); and where a case
declares `redirects_to`, exactly there. A status may also be a
set of acceptable statuses (`NOT_200`: the Django admin, whose gate another change tightens).
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

from django.contrib import messages
from django.db import transaction
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


# Anything but a page shown: a redirect (to a login page), 403 or 404.
NOT_200 = frozenset({302, 403, 404})


@dataclass(frozen=True)
class Case:
    url_name: str
    expected: dict[str, int | frozenset[int]]
    args: Callable[[Any], list] = field(default=lambda world: [])
    method: str = "get"
    data: Callable[[Any], dict] = field(default=lambda world: {})
    # Where a logged-in actor's 302 must lead (a path, or a path prefix ending with "/"),
    # given the world and the URL requested.
    redirects_to: Callable[[Any, str], str] | None = None
    # Actors whose 302 is a refusal by design (the view is open to them, the service says no):
    # actor -> the French error message they must be shown.
    refused_with: dict[str, str] = field(default_factory=dict)

    def __post_init__(self):
        missing = set(ACTORS) - set(self.expected)
        assert not missing, f"{self.url_name}: no expected status for {sorted(missing)}"


def matches(got: dict[str, int], expected: dict[str, int | frozenset[int]]) -> bool:
    return set(got) == set(expected) and all(
        got[a] in e if isinstance(e, frozenset) else got[a] == e for a, e in expected.items()
    )


# Logged-in actors sent there were refused, not served.
_CONTEXT_PAGES = ("account_login", "portal:no-member", "mfa_activate_totp", "admin:login")


def _path(url: str) -> str:
    return urlsplit(url).path


def redirect_problem(case: Case, world, actor: str, client: Client, url: str, response) -> str:
    """Why this actor's 302 is not the success (or the login) it claims to be; "" if it is."""
    target = _path(response["Location"])
    if case.url_name.startswith("admin:"):
        return ""  # the admin sends everyone without access to its own or allauth's login
    if world.actors[actor] is None:
        if case.url_name.startswith(("portal:", "backoffice:")) and target != reverse(
            "account_login"
        ):
            return f"anonymous sent to {target}, not to the login page"
        if case.redirects_to is None:
            return ""
    refused = {reverse(name) for name in _CONTEXT_PAGES}
    if target in refused:
        return f"sent to {target}"
    errors = [
        str(m) for m in messages.get_messages(response.wsgi_request) if m.level >= messages.ERROR
    ]
    if actor in case.refused_with:
        if not any(case.refused_with[actor] in error for error in errors):
            return f"not refused with {case.refused_with[actor]!r} (errors: {errors!r})"
    elif errors:
        return f"redirected with the error {errors!r}"
    if case.redirects_to is not None:
        wanted = case.redirects_to(world, url)
        if not (target == wanted or (wanted.endswith("/") and target.startswith(wanted))):
            return f"sent to {target}, expected {wanted}"
    followed = client.get(response["Location"])
    if followed.status_code >= 400:
        return f"sent to {target}, which answers {followed.status_code}"
    return ""


def answers(case: Case, world, login: Callable) -> tuple[dict[str, int], dict[str, str]]:
    """The status each actor gets, each with a fresh client, and what is wrong with the
    redirects among them (actor -> problem)."""
    url = reverse(case.url_name, args=case.args(world))
    result, problems = {}, {}
    for actor in ACTORS:
        # Each actor meets the same state: what an earlier actor's POST wrote is rolled back.
        with transaction.atomic():
            client = login(Client(), world.actors[actor])
            response = getattr(client, case.method)(url, case.data(world))
            result[actor] = response.status_code
            problem = response.status_code == 302 and redirect_problem(
                case, world, actor, client, url, response
            )
            if problem:
                problems[actor] = problem
            transaction.set_rollback(True)
    return result, problems


def statuses(case: Case, world, login: Callable) -> dict[str, int]:
    """The status each actor gets, each with a fresh client."""
    return answers(case, world, login)[0]


SHELL_CASES = [
    Case(
        "portal:dashboard",
        PORTAL_OPEN,
    ),
    Case(
        "portal:switch",
        method="post",
        data=lambda w: {"choice": f"adherent:{w.adherent.pk}"},
        # Member A's own context: the others are told it is not theirs (a firm acts for A
        # under its own key, "firm:<firm>:<member>").
        refused_with=dict.fromkeys(
            ("portal_other", "firm_mandated", "firm_unmandated"),
            "Cette entreprise ne fait pas partie de vos accès.",
        ),
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
    Case("portal:adherents:service", PORTAL_OPEN),  # each actor's own member's team
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
        refused_with={"physician_other": "Vous n'êtes pas affecté(e) à ce centre."},
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
    Case(  # the end of a membership: the member service only (adherents.adherent:manage)
        "backoffice:adherents:adherent-end",
        args=lambda w: [w.adherent.pk],
        expected=backoffice_for("member_service"),
    ),
    Case(
        "backoffice:suivi_sante:worker-list",
        {**BACKOFFICE_CARE, "prevention_assistant": 403},  # workers: health professionals
    ),
]
