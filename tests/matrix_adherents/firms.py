"""Permission-matrix rows of accounting firms: mandates (the member's admin), the portfolio
(firm users), the firms directory (member service)."""

from django.utils import timezone

from accounts.enums import MandateScope
from adherents.rules.identifiers import luhn_complete
from tests.adherents.factories import AccountingFirmFactory, MandateFactory
from tests.matrix import (
    PORTAL_MEMBERS_ONLY,
    Case,
    backoffice_for,
)

# Only the member's own account admin manages its mandates; never a firm, never staff.
MANDATE_ADMIN = PORTAL_MEMBERS_ONLY
# The firms directory: the member service (adherents.adherent:manage) only.
DIRECTORY = backoffice_for("member_service")


def grant_data(world) -> dict:
    """A fresh firm each call: every admin's grant succeeds (302)."""
    return {
        "siren": AccountingFirmFactory().siren,
        "scopes": [MandateScope.INVOICES],
        "valid_from": timezone.localdate().isoformat(),
    }


def other_mandate_of_a(world) -> list:
    """A mandate of A to a firm none of the actors works for (revoking it changes no actor)."""
    return [MandateFactory(adherent=world.adherent, scopes=[MandateScope.INVOICES]).pk]


CASES: list[Case] = [
    Case("portal:adherents:firms-mandate-list", MANDATE_ADMIN),
    Case(
        "portal:adherents:firms-mandate-grant",
        {**MANDATE_ADMIN, "portal_admin": 302, "portal_other": 302},
        method="post",
        data=grant_data,
    ),
    Case(
        "portal:adherents:firms-mandate-revoke",
        {**MANDATE_ADMIN, "portal_admin": 302, "portal_other": 404},
        args=other_mandate_of_a,
        method="post",
    ),
    Case(
        "portal:adherents:firms-portfolio",
        {
            **MANDATE_ADMIN,
            "portal_admin": 403,
            "portal_other": 403,
            "firm_mandated": 200,
            "firm_unmandated": 200,
        },
    ),
    Case("backoffice:adherents:firms-firm-list", DIRECTORY),
    Case(
        "backoffice:adherents:firms-firm-create",
        {**DIRECTORY, "member_service": 302},
        method="post",
        data=lambda w: {"name": "Cabinet Matrice", "siren": luhn_complete("55500012")},
    ),
    Case(
        "backoffice:adherents:firms-firm-detail",
        DIRECTORY,
        args=lambda w: [w.actors["firm_mandated"].firm_memberships.get().firm_id],
    ),
    Case(
        "backoffice:adherents:firms-user-add",
        {**DIRECTORY, "member_service": 302},
        args=lambda w: [w.actors["firm_mandated"].firm_memberships.get().firm_id],
        method="post",
        data=lambda w: {"email": "nouvelle.collaboratrice@cabinet.test"},
    ),
]
