"""Permission-matrix rows of the workforce declaration: the member (and a firm whose mandate
has the workforce scope) declares; the member service runs campaigns, invoicing reads them."""

from adherents.models import MemberRequest, RequestCategory, RequestChannel
from tests.adherents.factories_workforce import (
    CampaignFactory,
    DeclarationFactory,
    campaign_around_today,
)
from tests.matrix import (
    PORTAL_STAFF_403,
    Case,
    backoffice_for,
)

# Admins and HR declare; a firm through a mandate with the workforce scope (firm_mandated for
# A); firm_unmandated acts for B with the workers scope only.
DECLARE = {
    "anonymous": 302,
    "portal_admin": 200,
    "portal_other": 200,
    "firm_mandated": 200,
    "firm_unmandated": 403,
    **PORTAL_STAFF_403,
}
# A's establishment: B's admin gets a 404. Posts redirect (with the refusal when there is no
# campaign in the world). One row per URL name: the declaration's POST is tested in
# tests/adherents/workforce/test_declaration.py.
ON_A = {**DECLARE, "portal_other": 404}
POST_ON_A = {**ON_A, "portal_admin": 302, "firm_mandated": 302}
MANAGE = backoffice_for("member_service")
READ = {**MANAGE, "billing": 200}
HEADCOUNT = {"si": "4", "sia": "1", "sir": "0"}


def _a_during_a_campaign(world) -> list:
    """A's establishment, declared in the campaign open today (corrections and updates follow
    a first declaration)."""
    DeclarationFactory(campaign=campaign_around_today(), establishment=world.establishment)
    return [world.establishment.pk]


def correction_request_of_a(world) -> list:
    request = MemberRequest.objects.create(
        adherent=world.adherent,
        channel=RequestChannel.PORTAL,
        category=RequestCategory.WORKFORCE_CORRECTION,
        subject="Correction des effectifs",
        body="Effectifs proposés : SI 4, SIA 1, SIR 0",
        created_by=world.actors["portal_admin"],
    )
    return [request.pk]


CASES: list[Case] = [
    Case("portal:adherents:workforce-declaration-list", DECLARE),
    Case("portal:adherents:workforce-declaration", ON_A, args=lambda w: [w.establishment.pk]),
    Case(
        "portal:adherents:workforce-correction-request",
        POST_ON_A,
        args=_a_during_a_campaign,
        method="post",
        data=lambda w: {f"corr-{k}": v for k, v in {**HEADCOUNT, "reason": "Erreur"}.items()},
    ),
    Case(
        "portal:adherents:workforce-update",
        POST_ON_A,
        args=_a_during_a_campaign,
        method="post",
        data=lambda w: {f"maj-{k}": v for k, v in {**HEADCOUNT, "reason": "Embauche"}.items()},
    ),
    Case("backoffice:adherents:workforce-campaign-list", READ),
    Case("backoffice:adherents:workforce-campaign-create", MANAGE),
    Case(
        "backoffice:adherents:workforce-campaign-detail",
        READ,
        args=lambda w: [CampaignFactory().pk],
    ),
    Case(
        "backoffice:adherents:workforce-campaign-edit",
        MANAGE,
        args=lambda w: [CampaignFactory().pk],
    ),
    Case(
        "backoffice:adherents:workforce-correction-apply",
        MANAGE,
        args=correction_request_of_a,
    ),
]
