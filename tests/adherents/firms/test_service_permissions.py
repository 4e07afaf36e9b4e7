"""The firm directory's services check their own permission (issue 12), nothing written."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from adherents.firms import services
from adherents.models import AccountingFirm, AccountingFirmMandate, AccountingFirmMember
from tests.adherents.factories_billing import ctx_of

SIREN = "732829320"


@pytest.mark.parametrize("actor", ["billing", "physician", "portal_admin", "firm_mandated"])
def test_only_the_member_service_keeps_the_directory(world, actor):
    ctx = ctx_of(world.actors[actor])
    firm = AccountingFirm.objects.first()
    with pytest.raises(PermissionDenied):
        services.create_firm(ctx, name="Cabinet Delta", siren=SIREN)
    with pytest.raises(PermissionDenied):
        services.add_firm_user(ctx, firm, email="nouveau@cabinet.fr")
    assert not AccountingFirm.objects.filter(siren=SIREN).exists()
    assert not AccountingFirmMember.objects.filter(user__email="nouveau@cabinet.fr").exists()


def test_mandates_are_visible_to_the_member_its_firm_and_its_centre(world):
    def seen(actor: str) -> set[int]:
        ctx = ctx_of(world.actors[actor])
        return set(AccountingFirmMandate.objects.visible_to(ctx).values_list("pk", flat=True))

    mine = set(
        AccountingFirmMandate.objects.filter(adherent=world.adherent).values_list("pk", flat=True)
    )
    others = set(
        AccountingFirmMandate.objects.filter(adherent=world.other_adherent).values_list(
            "pk", flat=True
        )
    )
    assert seen("portal_admin") == seen("firm_mandated") == mine
    assert seen("portal_other") == seen("firm_unmandated") == others
    assert seen("member_service") == mine | others
    assert seen("physician_other") == set()


def test_another_member_cannot_grant_a_mandate(world):
    with pytest.raises(services.FirmError):
        services.grant_mandate(
            ctx_of(world.actors["portal_other"]),
            adherent=world.adherent,
            siren=AccountingFirm.objects.first().siren,
            scopes=["invoices"],
            valid_from=timezone.localdate(),
            valid_until=None,
        )
    assert AccountingFirmMandate.objects.filter(adherent=world.adherent).count() == 1
