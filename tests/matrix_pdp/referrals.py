"""Permission-matrix rows of pdp: referrals from a member's request (the member service too),
the health-insurance form, and the awareness actions (the cell's members only)."""

from tests.matrix import Case, backoffice_for
from tests.matrix_pdp.reviews import MEMBERS_ONLY


def _request(world):
    from adherents.models import MemberRequest

    return [
        MemberRequest.objects.create(
            adherent=world.adherent,
            category="follow_up",
            subject="Salarié en arrêt long",
            body="Notre salarié est arrêté depuis deux mois.",
            channel="portal",
            created_by=world.actors["portal_admin"],
        ).pk
    ]


REFER = backoffice_for("physician", "physician_other", "nurse", "secretary")
REQUEST_OF_A = {**REFER, "physician_other": 404, "member_service": 200}

CASES = [
    Case("backoffice:pdp:case-refer-request", REQUEST_OF_A, args=_request),
    Case("backoffice:pdp:case-refer-insurance", {**REFER, "member_service": 200}),
    Case("backoffice:pdp:awareness-list", MEMBERS_ONLY),
    Case("backoffice:pdp:awareness-mark", MEMBERS_ONLY, method="post"),
]
