"""Permission-matrix rows of the joining area: the review of applications (member service),
the member's contacts and new establishments, the checklist (the member's own admin).

The public application has no row: anonymous by design (tests/adherents/joining/)."""

from accounts.enums import AdherentRole
from adherents.models import AdherentMembership, ApplicationStatus, Contact
from tests import documents
from tests.adherents.factories import AdherentFactory
from tests.adherents.factories_joining import submitted_application
from tests.matrix import (
    PORTAL_MEMBERS_ONLY,
    PORTAL_OPEN,
    Case,
    backoffice_for,
)

FAKE_PDF = b"%PDF-1.7 courrier de test"

# Only the member service reviews applications and resends activation links.
MEMBER_SERVICE_ONLY = backoffice_for("member_service")
MEMBER_SERVICE_POST = {**MEMBER_SERVICE_ONLY, "member_service": 302}
# The member's own admin edits its contacts; a firm, whatever its mandate, does not.
PORTAL_ADMIN = PORTAL_MEMBERS_ONLY
PORTAL_ADMIN_POST = {**PORTAL_ADMIN, "portal_admin": 302, "portal_other": 302}


def _submitted(world) -> list:
    return [submitted_application()[0].pk]


def _validated(world) -> list:
    application, _ = submitted_application(
        status=ApplicationStatus.VALIDATED,
        team=world.team,
        adherent=AdherentFactory(team=world.team),
        **documents.fields(FAKE_PDF, "letter_pdf", "letter_sha256"),
    )
    return [application.pk]


def _contact_of_a(world) -> list:
    contact = Contact.objects.create(
        adherent=world.adherent,
        role="billing",
        first_name="Léa",
        last_name="Martin",
        email="compta@alpha.fr",
    )
    return [contact.pk]


def _membership_of_a(world) -> list:
    return [
        AdherentMembership.objects.get(
            adherent=world.adherent, role=AdherentRole.ADMIN, user=world.actors["portal_admin"]
        ).pk
    ]


CASES = [
    Case("portal:adherents:joining-contact-list", PORTAL_OPEN),
    Case("portal:adherents:joining-contact-create", PORTAL_ADMIN),
    Case(
        "portal:adherents:joining-contact-end",
        {**PORTAL_ADMIN_POST, "portal_other": 404},
        args=_contact_of_a,
        method="post",
    ),
    Case("portal:adherents:joining-establishment-create", PORTAL_ADMIN),
    Case("portal:adherents:joining-checklist-dismiss", PORTAL_ADMIN_POST, method="post"),
    Case("backoffice:adherents:joining-application-list", MEMBER_SERVICE_ONLY),
    Case(
        "backoffice:adherents:joining-application-detail",
        MEMBER_SERVICE_ONLY,
        args=_submitted,
    ),
    Case(
        "backoffice:adherents:joining-application-request-changes",
        MEMBER_SERVICE_POST,
        args=_submitted,
        method="post",
        data=lambda w: {"message": "Merci de préciser les effectifs SIR."},
    ),
    Case(
        "backoffice:adherents:joining-application-reject",
        MEMBER_SERVICE_POST,
        args=_submitted,
        method="post",
        data=lambda w: {"message": "Hors de notre territoire."},
    ),
    Case(
        "backoffice:adherents:joining-application-validate",
        MEMBER_SERVICE_POST,
        args=_submitted,
        method="post",
        data=lambda w: {"team": w.team.pk, "admin_email": "demandeur@exemple.fr"},
    ),
    Case(
        "backoffice:adherents:joining-application-letter",
        MEMBER_SERVICE_ONLY,
        args=_validated,
    ),
    Case(
        "backoffice:adherents:joining-portal-access",
        MEMBER_SERVICE_ONLY,
        args=lambda w: [w.adherent.pk],
    ),
    Case(
        "backoffice:adherents:joining-invitation-resend",
        MEMBER_SERVICE_POST,
        args=_membership_of_a,
        method="post",
    ),
]
