"""Permission-matrix rows of the requests inbox (seed 000).

Portal: every person of a member holds the request codes; a firm holds them only under the
« Demandes au service » scope of its mandate: the world's firms have none (403), and
`SCOPED_CASES` walks the portal rows again once both firms' mandates carry that scope (the firm
for A reads and writes A's requests, the firm for B gets a 404 on them). Another member's request
is a 404. Back-office: the member service handles requests and the directory (its codes), the
report is also open to billing; other roles get 403.
"""

from accounts.enums import MandateScope
from adherents.models import AccountingFirmMandate, Partner
from tests.adherents.factories_requests import MemberRequestFactory, PartnerFactory
from tests.matrix import PORTAL_OPEN, Case, backoffice_for

P = "portal:adherents"
B = "backoffice:adherents"


def request_of_a(world):
    """A question of member A, written by A's admin on its portal."""
    return MemberRequestFactory(adherent=world.adherent, created_by=world.actors["portal_admin"])


def _answered_request_of_a(world):
    return MemberRequestFactory(
        adherent=world.adherent, created_by=world.actors["portal_admin"], status="answered"
    )


def partner(world) -> Partner:
    return Partner.objects.filter(email="matrice@carsat.example").first() or PartnerFactory(
        email="matrice@carsat.example"
    )


def _pk(make):
    return lambda world: [make(world).pk]


REQUESTS_PORTAL = {**PORTAL_OPEN, "firm_mandated": 403, "firm_unmandated": 403}
ON_A = {**REQUESTS_PORTAL, "portal_other": 404}
POSTED_ON_A = {**ON_A, "portal_admin": 302}

HANDLE = backoffice_for("member_service")
HANDLE_POSTED = {**HANDLE, "member_service": 302}
REPORT = {**HANDLE, "billing": 200}

CASES = [
    Case(f"{P}:requests-list", REQUESTS_PORTAL),
    Case(f"{P}:requests-create", REQUESTS_PORTAL),
    Case(f"{P}:requests-detail", ON_A, args=_pk(request_of_a)),
    Case(
        f"{P}:requests-reply",
        POSTED_ON_A,
        args=_pk(request_of_a),
        method="post",
        data=lambda w: {"body": "Merci, et pour l'atelier du fond ?"},
    ),
    Case(
        f"{P}:requests-rate",
        POSTED_ON_A,
        # Rated once answered (before, a French refusal).
        args=lambda w: [_answered_request_of_a(w).pk],
        method="post",
        data=lambda w: {"score": 4, "comment": "Réponse claire."},
    ),
    Case(f"{B}:requests-inbox", HANDLE),
    Case(f"{B}:requests-log", HANDLE),
    Case(f"{B}:requests-referrals-overdue", HANDLE),
    Case(f"{B}:requests-report", REPORT),
    Case(f"{B}:requests-detail", HANDLE, args=_pk(request_of_a)),
    Case(
        f"{B}:requests-assign",
        HANDLE_POSTED,
        args=_pk(request_of_a),
        method="post",
        data=lambda w: {"assignee": w.actors["member_service"].pk},
    ),
    Case(
        f"{B}:requests-answer",
        HANDLE_POSTED,
        args=_pk(request_of_a),
        method="post",
        data=lambda w: {"body": "Voici la marche à suivre."},
    ),
    Case(
        f"{B}:requests-note",
        HANDLE_POSTED,
        args=_pk(request_of_a),
        method="post",
        data=lambda w: {"body": "Rappeler l'adhérent jeudi."},
    ),
    Case(
        f"{B}:requests-route",
        HANDLE_POSTED,
        args=_pk(request_of_a),
        method="post",
        data=lambda w: {"partner": partner(w).pk},
    ),
    Case(f"{B}:requests-close", HANDLE_POSTED, args=_pk(request_of_a), method="post"),
    Case(f"{B}:requests-partner-list", HANDLE),
    Case(f"{B}:requests-partner-create", HANDLE),
    Case(f"{B}:requests-partner-edit", HANDLE, args=_pk(partner)),
    Case(f"{B}:requests-partner-deactivate", HANDLE_POSTED, args=_pk(partner), method="post"),
]


def grant_requests_scope(world) -> None:
    """Both firms' mandates widened to « Demandes au service » (A's firm for A, B's for B)."""
    for actor in ("firm_mandated", "firm_unmandated"):
        firm = world.actors[actor].firm_memberships.get().firm
        for mandate in AccountingFirmMandate.objects.filter(firm=firm):
            mandate.scopes = [*mandate.scopes, MandateScope.REQUESTS]
            mandate.save()  # renews the portal users' cached choices


# With the scope: A's firm as A's admin; B's firm acts for B: A's request is a 404 to it.
SCOPED_PORTAL = {**PORTAL_OPEN}
SCOPED_ON_A = {**SCOPED_PORTAL, "portal_other": 404, "firm_unmandated": 404}
SCOPED_POSTED_ON_A = {**SCOPED_ON_A, "portal_admin": 302, "firm_mandated": 302}

SCOPED_CASES = [
    Case(f"{P}:requests-list", SCOPED_PORTAL),
    Case(f"{P}:requests-create", SCOPED_PORTAL),
    Case(f"{P}:requests-detail", SCOPED_ON_A, args=_pk(request_of_a)),
    Case(
        f"{P}:requests-reply",
        SCOPED_POSTED_ON_A,
        args=_pk(request_of_a),
        method="post",
        data=lambda w: {"body": "Le cabinet précise la question."},
    ),
    Case(
        f"{P}:requests-rate",
        SCOPED_POSTED_ON_A,
        args=lambda w: [_answered_request_of_a(w).pk],
        method="post",
        data=lambda w: {"score": 5, "comment": "Merci."},
    ),
]
